import type { AnswerMode, TurnView } from '../shared/chatTypes';
import { costOf } from '../shared/pricing';
import type { ToWebview } from '../shared/protocol';
import type { RunOutcome } from './chatRun';
import { replaceTurn, turnView } from './conversation';
import type { StoredConversation, StoredTurn } from './types';

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
