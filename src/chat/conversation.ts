import type { ConversationSummary, ConversationView, TurnEnd, TurnView } from '../shared/chatTypes';
import { callCost } from '../shared/pricing';
import { billedTokens, usageTotals } from '../shared/usageTotals';
import { toOneLine } from '../shared/textKinds';
import type { ChatLogger, ConversationStore, ChatConversation, ChatTurn } from './types';

/** A new, empty conversation (not persisted until its first turn). */
export function emptyConversation(id: string, now: number): ChatConversation {
  return { id, title: 'New chat', createdAt: now, updatedAt: now, turns: [] };
}

/** The title a conversation gets from its first prompt (one line the panel's title check accepts). */
export function titleFrom(prompt: string): string {
  return toOneLine(prompt, 60, 'New chat');
}

/**
 * The turn as the panel shows it: the context text stays here (the panel only shows chip labels),
 * and the cost is estimated here, the one place, from the model and the usage.
 */
export function turnView(t: ChatTurn): TurnView {
  // Pick fields explicitly: the panel's parser rejects unknown ones, and context text stays here.
  const chips = t.context?.map((c) => ({ id: c.id, kind: c.kind, label: c.label }));
  const priced = t.usage && t.model ? callCost(t.model, t.usage) : undefined;
  const cost = priced?.usd;
  const cacheSavings = priced && priced.cacheSavingsUsd > 0 ? priced.cacheSavingsUsd : undefined;
  const leftOut = t.role === 'user' && t.omitted && t.omitted.length > 0 ? t.omitted.length : undefined;
  return {
    id: t.id,
    role: t.role,
    text: t.text,
    status: t.status,
    ...(t.model !== undefined ? { model: t.model } : {}),
    ...(t.usage !== undefined ? { usage: t.usage } : {}),
    ...(cost !== undefined ? { cost } : {}),
    ...(cacheSavings !== undefined ? { cacheSavings } : {}),
    ...(chips && chips.length > 0 ? { chips } : {}),
    ...(leftOut !== undefined ? { leftOut } : {}),
    ...(t.errorMessage !== undefined ? { errorMessage: t.errorMessage } : {}),
    ...(t.stopReason !== undefined ? { stopReason: t.stopReason } : {}),
  };
}

/** How the turn ended, for the reply to its answer request (the panel has the text from the deltas). */
export function turnEnd(t: ChatTurn): TurnEnd {
  const v = turnView(t);
  return {
    id: v.id,
    status: v.status,
    ...(v.model !== undefined ? { model: v.model } : {}),
    ...(v.usage !== undefined ? { usage: v.usage } : {}),
    ...(v.cost !== undefined ? { cost: v.cost } : {}),
    ...(v.cacheSavings !== undefined ? { cacheSavings: v.cacheSavings } : {}),
    ...(v.errorMessage !== undefined ? { errorMessage: v.errorMessage } : {}),
    ...(v.stopReason !== undefined ? { stopReason: v.stopReason } : {}),
  };
}

/** The conversation as the panel renders it. */
export function conversationView(c: ChatConversation): ConversationView {
  return { id: c.id, title: c.title, turns: c.turns.map(turnView) };
}

/** History row of a conversation, with the totals of its answers. */
export function summaryOf(c: ChatConversation): ConversationSummary {
  const totals = usageTotals(c.turns);
  return {
    id: c.id,
    title: c.title,
    updatedAt: c.updatedAt,
    ...(totals ? { tokens: billedTokens(totals.usage) } : {}),
    ...(totals?.costUsd !== undefined ? { cost: totals.costUsd } : {}),
  };
}

/** Replaces the turn with `id` (immutably). */
export function replaceTurn(c: ChatConversation, id: string, patch: Partial<ChatTurn>, now: number): ChatConversation {
  return { ...c, updatedAt: now, turns: c.turns.map((t) => (t.id === id ? { ...t, ...patch } : t)) };
}

/** The history list the panel shows: stored conversations and the current one, newest first. */
export async function historyRows(store: ConversationStore, current: ChatConversation, logger: ChatLogger): Promise<ConversationSummary[]> {
  try {
    const list = [...(await store.list())];
    if (current.turns.length > 0 && !list.some((s) => s.id === current.id)) list.push(summaryOf(current));
    return list.sort((a, b) => b.updatedAt - a.updatedAt).slice(0, 1000);
  } catch (e) {
    logger.error(`Could not list conversations: ${e instanceof Error ? e.message : String(e)}`);
    return [];
  }
}
