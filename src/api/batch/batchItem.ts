/** One request of the batcher, from `add()` (or `resume()`) until it settles exactly once. */
import type { Message } from '../types';
import type { BatchItemOutcome } from './types';

/** Where an item is: waiting in the queue, inside a create call, or in a batch being watched. */
export type BatchItemState = 'queued' | 'submitting' | 'watched';

/** An item and its caller's promise. Kept small: thousands of them wait for hours. */
export class BatchItem {
  state: BatchItemState = 'queued';
  settled = false;
  /** The serialized params while queued; dropped once the batch is sent. */
  json: string | undefined;
  readonly promise: Promise<Message>;
  private resolveFn!: (message: Message) => void;
  private rejectFn!: (error: unknown) => void;
  private abortListener: (() => void) | undefined;

  constructor(
    readonly customId: string,
    /** Bytes the item adds to a create body. */
    readonly bytes: number,
    readonly signal: AbortSignal | undefined,
  ) {
    this.promise = new Promise<Message>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
  }

  /** Calls `onAbort` once when the caller's signal aborts (until the item settles). */
  listen(onAbort: (item: BatchItem) => void): void {
    if (!this.signal) return;
    this.abortListener = () => onAbort(this);
    this.signal.addEventListener('abort', this.abortListener, { once: true });
  }

  /**
   * Settles the item (a message resolves it, anything else rejects it); false when it had
   * already settled, so every outcome is counted once.
   */
  settle(outcome: BatchItemOutcome, value: Message | unknown): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.json = undefined;
    if (this.abortListener) this.signal?.removeEventListener('abort', this.abortListener);
    this.abortListener = undefined;
    if (outcome === 'succeeded') this.resolveFn(value as Message);
    else this.rejectFn(value);
    return true;
  }
}
