import type { ConversationSummary, ConversationView, TurnView } from '../shared/chatTypes';
import { toOneLine } from '../shared/textKinds';
import type { ChatLogger, ConversationStore, StoredConversation, StoredTurn } from './types';

/** A new, empty conversation (not persisted until its first turn). */
export function emptyConversation(id: string, now: number): StoredConversation {
  return { id, title: 'New chat', createdAt: now, updatedAt: now, turns: [] };
}

/** The title a conversation gets from its first prompt (one line the panel's title check accepts). */
export function titleFrom(prompt: string): string {
  return toOneLine(prompt, 60, 'New chat');
}

/** Strips the stored context text: the panel only shows chip labels. */
export function turnView(t: StoredTurn): TurnView {
  // Pick fields explicitly: the panel's parser rejects unknown ones, and context text stays here.
  const chips = t.chips ?? t.context?.map((c) => ({ id: c.id, kind: c.kind, label: c.label }));
  return {
    id: t.id,
    role: t.role,
    text: t.text,
    status: t.status,
    ...(t.model !== undefined ? { model: t.model } : {}),
    ...(t.usage !== undefined ? { usage: t.usage } : {}),
    ...(t.cost !== undefined ? { cost: t.cost } : {}),
    ...(chips && chips.length > 0 ? { chips } : {}),
    ...(t.errorMessage !== undefined ? { errorMessage: t.errorMessage } : {}),
    ...(t.stopReason !== undefined ? { stopReason: t.stopReason } : {}),
  };
}

/** The conversation as the panel renders it. */
export function conversationView(c: StoredConversation): ConversationView {
  return { id: c.id, title: c.title, turns: c.turns.map(turnView) };
}

/** History row of a conversation. */
export function summaryOf(c: StoredConversation): ConversationSummary {
  return { id: c.id, title: c.title, updatedAt: c.updatedAt };
}

/** Replaces the turn with `id` (immutably). */
export function replaceTurn(c: StoredConversation, id: string, patch: Partial<StoredTurn>, now: number): StoredConversation {
  return { ...c, updatedAt: now, turns: c.turns.map((t) => (t.id === id ? { ...t, ...patch } : t)) };
}

/** The history list the panel shows: stored conversations and the current one, newest first. */
export async function historyRows(store: ConversationStore, current: StoredConversation, logger: ChatLogger): Promise<ConversationSummary[]> {
  try {
    const list = [...(await store.list())];
    if (current.turns.length > 0 && !list.some((s) => s.id === current.id)) list.push(summaryOf(current));
    return list.sort((a, b) => b.updatedAt - a.updatedAt).slice(0, 1000);
  } catch (e) {
    logger.error(`Could not list conversations: ${e instanceof Error ? e.message : String(e)}`);
    return [];
  }
}
