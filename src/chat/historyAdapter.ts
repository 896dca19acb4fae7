import type { ConversationSummary, TurnStatus } from '../shared/chatTypes';
import { STOPPED_BY_USER, STOP_REASON_PATTERN } from '../shared/stopReason';
import { HistoryFileError } from '../history/errors';
import { HISTORY_SCHEMA_VERSION } from '../history/historyTypes';
import type { Conversation, ConversationHeader, MessageStatus, StoredMessage } from '../history/historyTypes';
import { billedTokens } from '../shared/usageTotals';
import { tokenUsage } from './tokenUsage';
import type { ConversationStore, ChatConversation, ChatTurn } from './types';

/** The HistoryStore methods the chat needs (src/history/historyStore.ts). */
export interface HistoryStoreLike {
  list(): Promise<readonly ConversationHeader[]>;
  load(id: string): Promise<Conversation | undefined>;
  save(conversation: Conversation): Promise<void>;
  delete(id: string): Promise<unknown>;
}

function toStatus(s: TurnStatus): MessageStatus {
  // The store knows no 'streaming'/'stopped': both are an answer cut short, i.e. partial.
  return s === 'streaming' || s === 'stopped' ? 'partial' : s;
}

/** Maps a chat turn to the stored message shape. */
export function toMessage(t: ChatTurn, fallbackTime: number): StoredMessage {
  return {
    id: t.id,
    role: t.role,
    content: t.text,
    status: toStatus(t.status),
    createdAt: t.createdAt ?? fallbackTime,
    ...(t.model ? { model: t.model } : {}),
    ...(t.usage ? { usage: t.usage } : {}),
    ...(t.status === 'stopped' ? { error: STOPPED_BY_USER } : t.errorMessage ? { error: t.errorMessage } : {}),
    ...(t.stopReason ? { stopReason: t.stopReason } : {}),
    ...(t.context && t.context.length > 0
      ? { context: t.context.map((c) => ({ kind: c.kind, label: c.label, text: c.text, ...(c.language ? { languageId: c.language } : {}) })) }
      : {}),
    ...(t.omitted && t.omitted.length > 0 ? { omitted: t.omitted } : {}),
  };
}

/** Maps a stored message back to a chat turn. */
export function fromMessage(m: StoredMessage): ChatTurn {
  // A stopped answer is stored as partial with the stop note; it reopens as stopped, not as failed.
  const stopped = m.status === 'partial' && m.error === STOPPED_BY_USER;
  return {
    id: m.id,
    role: m.role,
    text: m.content,
    status: stopped ? 'stopped' : m.status,
    createdAt: m.createdAt,
    ...(m.model ? { model: m.model } : {}),
    ...(m.usage ? { usage: tokenUsage(m.usage) } : {}),
    ...(m.error && !stopped ? { errorMessage: m.error } : {}),
    ...(m.stopReason && STOP_REASON_PATTERN.test(m.stopReason) ? { stopReason: m.stopReason } : {}),
    ...(m.context && m.context.length > 0
      ? { context: m.context.map((c, i) => ({ id: `${m.id}-c${i}`, kind: c.kind, label: c.label, text: c.text ?? '', ...(c.languageId ? { language: c.languageId } : {}) })) }
      : {}),
    ...(m.omitted && m.omitted.length > 0 ? { omitted: m.omitted } : {}),
  };
}

/** Adapts the HistoryStore to the controller's {@link ConversationStore}. */
export function historyStoreAdapter(store: HistoryStoreLike): ConversationStore {
  return {
    async list(): Promise<ConversationSummary[]> {
      return (await store.list()).map((s) => ({
        id: s.id,
        title: s.title,
        updatedAt: s.updatedAt,
        ...(s.usage ? { tokens: billedTokens(s.usage) } : {}),
        ...(s.costUsd !== undefined ? { cost: s.costUsd } : {}),
      }));
    },
    async load(id: string): Promise<ChatConversation | undefined> {
      // A bad file has been reported to the user by the store (once, naming it): here it is just absent.
      const c = await store.load(id).catch((err: unknown) => {
        if (err instanceof HistoryFileError) return undefined;
        throw err;
      });
      if (!c) return undefined;
      return { id: c.id, title: c.title, createdAt: c.createdAt, updatedAt: c.updatedAt, turns: c.messages.map(fromMessage) };
    },
    async save(c: ChatConversation): Promise<void> {
      const model = [...c.turns].reverse().find((t) => t.model)?.model;
      const conv: Conversation = {
        schemaVersion: HISTORY_SCHEMA_VERSION,
        id: c.id,
        title: c.title,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
        ...(model ? { model } : {}),
        messages: c.turns.map((t) => toMessage(t, c.updatedAt)),
      };
      await store.save(conv);
    },
    async delete(id: string): Promise<void> {
      await store.delete(id);
    },
  };
}
