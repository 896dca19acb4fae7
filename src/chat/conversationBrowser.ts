import type { AnswerLifecycle } from './answerLifecycle';
import type { ChatSession, StateReply } from './chatSession';
import { reopenConversation, settleStreaming } from './reopen';

/**
 * Which conversation the panel shows: a new one, one opened from the history, the one reopened
 * after a reload; and renaming and deleting conversations. Each resolves with the panel's new
 * state (the reply to the request, or what the panel is told when a command asked).
 */
export class ConversationBrowser {
  private restored = false;

  constructor(
    private readonly session: ChatSession,
    private readonly answers: AnswerLifecycle,
  ) {}

  /**
   * The panel listens. The first `panel/ready` in this extension host (a window reload, or the
   * first open) reopens the conversation the panel showed (see reopen.ts).
   */
  async ready(viewId: string | undefined, loadedMs: number | undefined): Promise<StateReply> {
    const { session } = this;
    session.timing.ready();
    let restoreMs: number | undefined;
    if (!this.restored && session.conversation.turns.length === 0 && !this.answers.busy) {
      const start = session.clock.now();
      const { deps } = session;
      const found = await reopenConversation(deps.store, viewId, await deps.lastConversation?.(), deps.logger);
      if (found && session.conversation.turns.length === 0 && !this.answers.busy) session.set(found.conversation);
      deps.logger.info(found ? `Reopened the conversation shown before (named by ${found.from === 'view' ? "the panel's view state" : 'this workspace'}).` : 'No earlier conversation to reopen: a new chat.');
      restoreMs = session.clock.now() - start;
    }
    this.restored = true;
    const state = await this.state();
    session.timing.stateSent(loadedMs, restoreMs);
    return { state };
  }

  /** A new, empty conversation (stopping a running answer first). */
  async newChat(): Promise<StateReply> {
    await this.answers.stopAndWait();
    this.session.reset();
    this.session.chips.clear();
    return { state: await this.state() };
  }

  /** Shows stored conversation `id` (stopping a running answer first). */
  async open(id: string): Promise<StateReply> {
    const { session } = this;
    if (id !== session.conversation.id) {
      await this.answers.stopAndWait();
      await session.saver.idle();
      const loaded = await session.deps.store.load(id);
      if (!loaded) return { state: await this.state(), notice: { level: 'warn', message: 'That conversation no longer exists.' } };
      session.set(settleStreaming(loaded));
    }
    return { state: await this.state() };
  }

  /** Renames conversation `id`; the one shown keeps its turns (and is saved with the new title). */
  async rename(id: string, title: string): Promise<StateReply> {
    const { session } = this;
    if (id === session.conversation.id) {
      session.set({ ...session.conversation, title });
      if (session.conversation.turns.length > 0) session.save();
      await session.saver.idle();
    } else {
      const c = await session.deps.store.load(id);
      if (c) await session.deps.store.save({ ...c, title });
    }
    return { state: await this.state() };
  }

  /** Deletes conversation `id`; when it is the one shown, a new chat takes its place. */
  async remove(id: string): Promise<StateReply> {
    const { session } = this;
    if (id === session.conversation.id) {
      await this.answers.stopAndWait();
      session.reset();
    }
    await session.deps.store.delete(id);
    return { state: await this.state() };
  }

  private state(): ReturnType<ChatSession['snapshot']> {
    return this.session.snapshot(this.answers.requestId);
  }
}
