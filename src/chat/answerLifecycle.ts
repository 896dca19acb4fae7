import type { AnswerMode, TurnView } from '../shared/chatTypes';
import { settleAnswer, startAnswer } from './answerState';
import { ChatRun } from './chatRun';
import type { ChatSession } from './chatSession';
import { turnEnd, turnView } from './conversation';
import { Emitter } from '../base/emitter';
import type { Disposable } from '../base/lifecycle';
import { buildRequest } from './requestBuilder';
import { RequestError } from './requestError';
import type { ChatTurn } from './types';

/** The request types whose reply is an answer's end. */
export type AnswerRequestType = 'answer/ask' | 'answer/regenerate' | 'answer/editLast' | 'answer/continue';

/**
 * The turns of a request without those its question was sent without: the user chose to leave
 * them out before sending, and an answer to the same question again (regenerate, continue) keeps
 * that choice. They stay in the conversation and on screen.
 */
function withoutLeftOut(history: readonly ChatTurn[]): readonly ChatTurn[] {
  const question = [...history].reverse().find((t) => t.role === 'user');
  if (!question?.omitted || question.omitted.length === 0) return history;
  const omitted = new Set(question.omitted);
  return history.filter((t) => !omitted.has(t.id));
}

interface ActiveAnswer {
  readonly requestId: string;
  readonly run: ChatRun;
  readonly finished: Promise<void>;
}

/**
 * The life of one answer: the turn it streams into, the request, the deltas appended to the
 * turn (the one copy of its text on the host) and posted to the panel, saves at least once a
 * second, and the end, which is the reply to the request that asked for it. One answer at a time.
 */
export class AnswerLifecycle implements Disposable {
  private active: ActiveAnswer | undefined;
  private readonly _onDidChangeBusy = new Emitter<boolean>();
  /** Fires when an answer starts or ends (drives the `claudeChat.busy` context key). */
  readonly onDidChangeBusy = this._onDidChangeBusy.event;

  constructor(private readonly session: ChatSession) {}

  /** True while an answer streams or waits for a retry. */
  get busy(): boolean {
    return this.active !== undefined;
  }

  /** The request id of the answer in flight. */
  get requestId(): string | undefined {
    return this.active?.requestId;
  }

  /** Refuses a second answer while one streams. */
  assertIdle(): void {
    if (this.active) throw new RequestError('protocol', 'An answer is still streaming; stop it first.');
  }

  /**
   * Streams an answer into a new assistant turn, or (continue) onto the last one; replies to
   * request `requestId` (of type `reply`) with how it ended, and resolves with the final turn.
   */
  async run(requestId: string, mode: AnswerMode, reply: AnswerRequestType): Promise<TurnView | undefined> {
    this.assertIdle();
    const { session } = this;
    const { clock, deps } = session;
    const settings = { ...deps.settings(), model: session.model.current };
    const start = startAnswer(session.conversation, mode, session.newId, settings.model, clock.now());
    const { turnId } = start;
    session.set(start.conversation);
    const body = buildRequest(withoutLeftOut(start.history), settings, mode === 'continue' ? { prefill: start.prefix } : {});
    const conversationId = session.conversation.id;
    const run = new ChatRun(deps.client(), clock, {
      onText: (text) => {
        if (session.conversation.id !== conversationId) return;
        session.patchTurn(turnId, (t) => ({ text: t.text + text }));
        session.post({ type: 'answer/delta', requestId, text });
        session.scheduleSave();
      },
      onRetry: (info) =>
        session.post({ type: 'answer/retryWait', requestId, attempt: info.attempt, maxRetries: info.maxRetries, delayMs: Math.max(0, info.delayMs), until: info.until, reason: info.reason.slice(0, 500) }),
      onUsage: (usage) => session.post({ type: 'answer/usage', requestId, usage }),
    });
    let settle: () => void = () => undefined;
    const finished = new Promise<void>((r) => (settle = r));
    this.active = { requestId, run, finished };
    this._onDidChangeBusy.fire(true);
    session.post({ type: 'answer/start', requestId, turnId, mode, model: settings.model });
    session.save();
    try {
      const outcome = await run.run(body);
      if (outcome.kind === 'failed' && outcome.errorKind !== 'aborted') deps.logger.warn(`Chat request failed (${outcome.errorKind}): ${outcome.message}`);
      const settled = settleAnswer(session.conversation, turnId, outcome, clock.now());
      const turn = settled?.turns.find((t) => t.id === turnId);
      if (!settled || !turn) {
        session.post({ type: 'request/error', requestId, kind: 'unknown', message: 'The answer was lost (the conversation changed).' });
        return undefined;
      }
      session.set(settled);
      session.post({ type: reply, requestId, turn: turnEnd(turn) });
      return turnView(turn);
    } finally {
      this.active = undefined;
      session.save();
      this._onDidChangeBusy.fire(false);
      void session.postHistory();
      settle();
    }
  }

  /** Stops the answer of request `requestId` (any answer when omitted). */
  stop(requestId?: string): void {
    if (this.active && (requestId === undefined || this.active.requestId === requestId)) this.active.run.stop();
  }

  /** Cuts the retry wait of the answer of request `requestId` short. */
  retryNow(requestId: string): void {
    if (this.active?.requestId === requestId) this.active.run.retryNow();
  }

  /** Stops the answer in flight, if any, and resolves once it has ended and been saved. */
  async stopAndWait(): Promise<void> {
    const active = this.active;
    if (!active) return;
    active.run.stop();
    await active.finished;
    await this.session.saver.idle();
  }

  dispose(): void {
    this.active?.run.stop();
    this._onDidChangeBusy.dispose();
  }
}
