import type { TurnView } from '../shared/chatTypes';
import type { AnswerLifecycle } from './answerLifecycle';
import { withEditedQuestion, withoutLastAnswer } from './answerState';
import type { ChatSession } from './chatSession';
import { titleFrom, turnView } from './conversation';
import { RequestError } from './requestError';
import type { ContextItem, ChatConversation, ChatTurn } from './types';

/** The `omitted` field of a new user turn: the ids asked for that are earlier turns of `c` (unknown ids are ignored). */
function leftOut(c: ChatConversation, ids: readonly string[] | undefined): { omitted?: readonly string[] } {
  if (!ids || ids.length === 0) return {};
  const known = new Set(ids);
  const omitted = c.turns.filter((t) => known.has(t.id)).map((t) => t.id);
  return omitted.length > 0 ? { omitted } : {};
}

/**
 * The four ways to get an answer: ask (a new question), regenerate (the last question again),
 * edit the last question, continue a partial answer. Each replies to its request with the
 * answer's end, or throws {@link RequestError} when it cannot start.
 */
export class AnswerFlows {
  constructor(
    private readonly session: ChatSession,
    private readonly answers: AnswerLifecycle,
  ) {}

  /** A new user turn with its context, then its answer. */
  async ask(requestId: string, text: string, context: readonly ContextItem[], omitTurnIds?: readonly string[]): Promise<TurnView | undefined> {
    this.answers.assertIdle();
    const { session } = this;
    const now = session.clock.now();
    const omitted = leftOut(session.conversation, omitTurnIds);
    const userTurn: ChatTurn = { id: session.newId(), role: 'user', text, status: 'complete', createdAt: now, ...(context.length ? { context } : {}), ...omitted };
    const c = session.conversation;
    session.set({ ...c, title: c.turns.length === 0 ? titleFrom(text) : c.title, updatedAt: now, turns: [...c.turns, userTurn] });
    session.post({ type: 'answer/userTurn', requestId, turn: turnView(userTurn) });
    return this.answers.run(requestId, 'new', 'answer/ask');
  }

  /** Drops the last answer and answers the last question again. */
  async regenerate(requestId: string): Promise<TurnView | undefined> {
    this.answers.assertIdle();
    const next = withoutLastAnswer(this.session.conversation, this.session.clock.now());
    if (!next) throw new RequestError('invalid_request', 'There is no question to answer again.');
    await this.restart(next);
    return this.answers.run(requestId, 'new', 'answer/regenerate');
  }

  /** Replaces the last question (and drops its answer), then answers it. */
  async editLast(requestId: string, text: string, omitTurnIds?: readonly string[]): Promise<TurnView | undefined> {
    this.answers.assertIdle();
    const edited = withEditedQuestion(this.session.conversation, text, this.session.newId(), this.session.clock.now());
    if (!edited) throw new RequestError('invalid_request', 'There is no message to edit.');
    // The edited question goes without what the user now chose to leave out (nothing: everything again).
    const last = edited.turns[edited.turns.length - 1];
    const { omitted: _earlier, ...question } = last;
    const next = { ...edited, turns: [...edited.turns.slice(0, -1), { ...question, ...leftOut(edited, omitTurnIds) }] };
    await this.restart(next);
    return this.answers.run(requestId, 'new', 'answer/editLast');
  }

  /** Continues the last, partial answer (sent back as an assistant prefill). */
  async continueAnswer(requestId: string): Promise<TurnView | undefined> {
    this.answers.assertIdle();
    const turns = this.session.conversation.turns;
    const last = turns[turns.length - 1];
    if (!last || last.role !== 'assistant' || !last.text.trim()) throw new RequestError('invalid_request', 'There is no partial answer to continue.');
    return this.answers.run(requestId, 'continue', 'answer/continue');
  }

  /** The panel shows the conversation cut back to the question before the new answer starts. */
  private async restart(next: ChatConversation): Promise<void> {
    this.session.set(next);
    this.session.post({ type: 'conversation/state', state: await this.session.snapshot(undefined) });
  }
}
