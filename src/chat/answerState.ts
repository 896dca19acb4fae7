import type { AnswerMode, TurnView } from '../shared/chatTypes';
import { costOf } from '../shared/pricing';
import type { ToWebview } from '../shared/protocol';
import type { RunOutcome } from './chatRun';
import { replaceTurn, turnView } from './conversation';
import type { StoredConversation, StoredTurn } from './types';
import { titleFrom } from './conversation';

/** The conversation with the answer's turn in place, and what the request is built from. */
export interface AnswerStart {
  readonly conversation: StoredConversation;
  readonly turnId: string;
  /** Text of a partial answer being continued ('' for a new answer). */
  readonly prefix: string;
  /** Turns the request is built from (without the turn being written). */
  readonly history: readonly StoredTurn[];
}

/**
 * Puts the turn an answer streams into: a new, empty assistant turn, or (continue) the last,
 * partial one, trimmed because the API rejects a prefill that ends in whitespace.
 */
export function startAnswer(c: StoredConversation, mode: AnswerMode, newId: () => string, model: string, now: number): AnswerStart {
  if (mode === 'continue') {
    const last = c.turns[c.turns.length - 1];
    const prefix = last.text.trimEnd();
    return {
      conversation: replaceTurn(c, last.id, { text: prefix, status: 'streaming', errorMessage: undefined, stopReason: undefined }, now),
      turnId: last.id,
      prefix,
      history: c.turns.slice(0, -1),
    };
  }
  const turnId = newId();
  const turn: StoredTurn = { id: turnId, role: 'assistant', text: '', status: 'streaming', model, createdAt: now };
  return { conversation: { ...c, turns: [...c.turns, turn], updatedAt: now }, turnId, prefix: '', history: c.turns };
}

/** The settled conversation, the one `done` or `error` to post, and the final turn. */
export interface AnswerEnd {
  readonly conversation: StoredConversation;
  readonly message: Extract<ToWebview, { type: 'done' | 'error' }>;
  readonly turn: TurnView | undefined;
}

/**
 * Settles an answer: complete, or kept as stopped / partial (text arrived) / error (none did),
 * with usage and the estimated cost.
 */
export function settleAnswer(c: StoredConversation, requestId: string, start: Pick<AnswerStart, 'turnId' | 'prefix'>, model: string, outcome: RunOutcome, now: number): AnswerEnd {
  const { turnId } = start;
  const text = start.prefix + outcome.text;
  const usage = outcome.usage;
  const cost = usage ? costOf(model, usage) : undefined;
  const extra = { ...(usage ? { usage } : {}), ...(cost !== undefined ? { cost } : {}) };
  const find = (conv: StoredConversation): TurnView | undefined => {
    const t = conv.turns.find((x) => x.id === turnId);
    return t ? turnView(t) : undefined;
  };
  if (outcome.kind === 'done') {
    const conversation = replaceTurn(c, turnId, { text, status: 'complete', errorMessage: undefined, stopReason: outcome.stopReason, ...extra }, now);
    const turn = find(conversation);
    const message: AnswerEnd['message'] = turn
      ? { type: 'done', requestId, turn, ...extra }
      : { type: 'error', requestId, kind: 'unknown', message: 'The answer was lost (the conversation changed).' };
    return { conversation, message, turn };
  }
  const hasText = text.trim().length > 0;
  const status = outcome.errorKind === 'aborted' ? 'stopped' : hasText ? 'partial' : 'error';
  const conversation = replaceTurn(c, turnId, { text, status, errorMessage: outcome.message, stopReason: undefined, ...extra }, now);
  return {
    conversation,
    message: { type: 'error', requestId, kind: outcome.errorKind, message: outcome.message, turnId, ...(hasText ? { partial: true as const } : {}) },
    turn: find(conversation),
  };
}

/** The conversation without its trailing answers (to answer again); undefined when no question is left. */
export function withoutLastAnswer(c: StoredConversation, now: number): StoredConversation | undefined {
  const turns = [...c.turns];
  while (turns.length > 0 && turns[turns.length - 1].role === 'assistant') turns.pop();
  return turns.length === 0 ? undefined : { ...c, turns, updatedAt: now };
}

/** The conversation with its last question replaced by `text` (as a new turn) and its answer dropped. */
export function withEditedQuestion(c: StoredConversation, text: string, id: string, now: number): StoredConversation | undefined {
  let i = c.turns.length - 1;
  while (i >= 0 && c.turns[i].role !== 'user') i--;
  if (i < 0) return undefined;
  const edited: StoredTurn = { ...c.turns[i], id, text, createdAt: now };
  return { ...c, turns: [...c.turns.slice(0, i), edited], updatedAt: now, ...(i === 0 ? { title: titleFrom(text) } : {}) };
}

/** The reply to a message from the panel that did not parse (keeping its request id when it has a sane one). */
export function invalidMessageReply(raw: unknown, error: string): Extract<ToWebview, { type: 'error' }> {
  const requestId = typeof raw === 'object' && raw !== null ? (raw as { requestId?: unknown }).requestId : undefined;
  const valid = typeof requestId === 'string' && /^[A-Za-z0-9_.:-]{1,128}$/.test(requestId);
  return { type: 'error', kind: 'protocol', message: `Invalid message: ${error}`, ...(valid ? { requestId } : {}) };
}
