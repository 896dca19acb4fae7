import type { Disposable } from '../base/lifecycle';
import { timeout } from '../base/clock';
import type { Clock } from '../base/clock';
import type { ChatLogger, ConversationStore, ChatConversation } from './types';

/**
 * Serializes saves of the conversation and throttles them while an answer streams: the growing
 * answer reaches the disk at least once a second (so a crash loses at most a second), never
 * more often. A failed save is logged, and the next save tries again with the newest state.
 */
export class ConversationSaver implements Disposable {
  private chain: Promise<void> = Promise.resolve();
  private lastSave = Number.NEGATIVE_INFINITY;
  private timer: Disposable | undefined;
  /** What the scheduled save will write (the newest state, read when it runs). */
  private pending: (() => ChatConversation) | undefined;

  constructor(
    private readonly store: ConversationStore,
    private readonly clock: Clock,
    private readonly logger: ChatLogger,
    private readonly intervalMs = 1000,
  ) {}

  /** Saves now (after earlier saves); empty conversations are not written. */
  save(conversation: ChatConversation): void {
    this.cancelTimer();
    if (conversation.turns.length === 0) return;
    this.lastSave = this.clock.now();
    this.chain = this.chain
      .then(() => this.store.save(conversation))
      .catch((e: unknown) => this.logger.error(`Could not save the conversation: ${e instanceof Error ? e.message : String(e)}`));
  }

  /** Saves `current()` within the interval; repeated calls before then coalesce into one save. */
  schedule(current: () => ChatConversation): void {
    this.pending = current;
    if (this.timer) return;
    const wait = Math.max(0, this.intervalMs - (this.clock.now() - this.lastSave));
    this.timer = timeout(this.clock, () => {
      this.timer = undefined;
      this.save(current());
    }, wait);
  }

  /**
   * Writes a scheduled save now instead of at its time, and resolves when every save so far is on
   * disk. A window that closes mid-answer calls this: the scheduled state is text the panel shows.
   */
  flush(): Promise<void> {
    const pending = this.pending;
    if (pending) this.save(pending());
    return this.idle();
  }

  private cancelTimer(): void {
    this.timer?.dispose();
    this.timer = undefined;
    this.pending = undefined;
  }

  /** Resolves when every save so far has been written (or has failed and been logged). */
  idle(): Promise<void> {
    return this.chain;
  }

  /** Writes a scheduled save rather than dropping it (without waiting: {@link flush} to wait). */
  dispose(): void {
    void this.flush();
  }
}
