import type { AnswerMode } from '../shared/chatTypes';
import type { RunOutcome } from './chatRun';
import { replaceTurn } from './conversation';
import type { ChatConversation, ChatTurn } from './types';
import { titleFrom } from './conversation';

/** The conversation with the answer's turn in place, and what the request is built from. */
export interface AnswerStart {
  readonly conversation: ChatConversation;
  readonly turnId: string;
  /** Text of a partial answer being continued ('' for a new answer). */
  readonly prefix: string;
  /** Turns the request is built from (without the turn being written). */
  readonly history: readonly ChatTurn[];
}

/**
 * Puts the turn an answer streams into: a new, empty assistant turn, or (continue) the last,
 * partial one, trimmed because the API rejects a prefill that ends in whitespace.
 */
export function startAnswer(c: ChatConversation, mode: AnswerMode, newId: () => string, model: string, now: number): AnswerStart {
  if (mode === 'continue') {
    const last = c.turns[c.turns.length - 1];
    const prefix = last.text.trimEnd();
    // The model is the continuation's (its usage and cost are that request's).
    return {
      conversation: replaceTurn(c, last.id, { text: prefix, status: 'streaming', model, errorMessage: undefined, stopReason: undefined }, now),
      turnId: last.id,
      prefix,
      history: c.turns.slice(0, -1),
    };
  }
  const turnId = newId();
  const turn: ChatTurn = { id: turnId, role: 'assistant', text: '', status: 'streaming', model, createdAt: now };
  return { conversation: { ...c, turns: [...c.turns, turn], updatedAt: now }, turnId, prefix: '', history: c.turns };
}

/**
 * Settles the answer in turn `turnId`: complete, or kept as stopped / partial (text arrived) /
 * error (none did), with its usage. The text is already in the turn (the deltas were appended to
 * it as they came); undefined when the turn is gone (the conversation changed).
 */
export function settleAnswer(c: ChatConversation, turnId: string, outcome: RunOutcome, now: number): ChatConversation | undefined {
  const turn = c.turns.find((t) => t.id === turnId);
  if (!turn) return undefined;
  const usage = outcome.usage ? { usage: outcome.usage } : {};
  if (outcome.kind === 'done') return replaceTurn(c, turnId, { status: 'complete', errorMessage: undefined, stopReason: outcome.stopReason, ...usage }, now);
  const status = outcome.errorKind === 'aborted' ? 'stopped' : turn.text.trim().length > 0 ? 'partial' : 'error';
  return replaceTurn(c, turnId, { status, errorMessage: outcome.message, stopReason: undefined, ...usage }, now);
}

/** The conversation without its trailing answers (to answer again); undefined when no question is left. */
export function withoutLastAnswer(c: ChatConversation, now: number): ChatConversation | undefined {
  const turns = [...c.turns];
  while (turns.length > 0 && turns[turns.length - 1].role === 'assistant') turns.pop();
  return turns.length === 0 ? undefined : { ...c, turns, updatedAt: now };
}

/** The conversation with its last question replaced by `text` (as a new turn) and its answer dropped. */
export function withEditedQuestion(c: ChatConversation, text: string, id: string, now: number): ChatConversation | undefined {
  let i = c.turns.length - 1;
  while (i >= 0 && c.turns[i].role !== 'user') i--;
  if (i < 0) return undefined;
  const edited: ChatTurn = { ...c.turns[i], id, text, createdAt: now };
  return { ...c, turns: [...c.turns.slice(0, i), edited], updatedAt: now, ...(i === 0 ? { title: titleFrom(text) } : {}) };
}

