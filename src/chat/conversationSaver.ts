import type { Disposable } from '../base/lifecycle';
import type { ChatClock, ChatLogger, ConversationStore, StoredConversation } from './types';

/**
 * Serializes saves of the conversation and throttles them while an answer streams: the growing
 * answer reaches the disk at least once a second (so a crash loses at most a second), never
 * more often. A failed save is logged, and the next save tries again with the newest state.
 */
export class ConversationSaver implements Disposable {
  private chain: Promise<void> = Promise.resolve();
  private lastSave = Number.NEGATIVE_INFINITY;
  private timer: Disposable | undefined;

  constructor(
    private readonly store: ConversationStore,
    private readonly clock: ChatClock,
    private readonly logger: ChatLogger,
    private readonly intervalMs = 1000,
  ) {}

  /** Saves now (after earlier saves); empty conversations are not written. */
  save(conversation: StoredConversation): void {
    this.cancelTimer();
    if (conversation.turns.length === 0) return;
    this.lastSave = this.clock.now();
    this.chain = this.chain
      .then(() => this.store.save(conversation))
      .catch((e: unknown) => this.logger.error(`Could not save the conversation: ${e instanceof Error ? e.message : String(e)}`));
  }

  /** Saves `current()` within the interval; repeated calls before then coalesce into one save. */
  schedule(current: () => StoredConversation): void {
    if (this.timer) return;
    const wait = Math.max(0, this.intervalMs - (this.clock.now() - this.lastSave));
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.save(current());
    }, wait);
  }

  /** Drops a scheduled save (the caller saves the final state itself). */
  cancelTimer(): void {
    this.timer?.dispose();
    this.timer = undefined;
  }

  /** Resolves when every save so far has been written (or has failed and been logged). */
  idle(): Promise<void> {
    return this.chain;
  }

  dispose(): void {
    this.cancelTimer();
  }
}
