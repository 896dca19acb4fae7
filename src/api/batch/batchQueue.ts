/**
 * The gathering window: items wait until the batch is full (`maxBatchSize` requests or
 * `maxBatchBytes` of body) or `maxDelayMs` has passed since the first of them, then go out together.
 */
import type { Clock } from '../../base/clock';
import type { BatchItem } from './batchItem';
import type { BatcherOptions } from './types';

/** Bytes of `{"requests":[]}` around the items. */
export const BODY_OVERHEAD_BYTES = 15;

/** Bytes an item adds to the body: `{"custom_id":"<id>","params":<json>},`. */
export function itemBytes(customId: string, json: string): number {
  return Buffer.byteLength(json) + customId.length + 27;
}

/** The create body, written from the items' serialized params (never serialized twice). */
export function createBody(items: readonly BatchItem[]): string {
  const parts = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) parts[i] = `{"custom_id":"${items[i].customId}","params":${items[i].json ?? '{}'}}`;
  return `{"requests":[${parts.join(',')}]}`;
}

/** Items waiting to go out in the next batch. */
export class BatchQueue {
  private items: BatchItem[] = [];
  private readonly ids = new Set<string>();
  private bytes = BODY_OVERHEAD_BYTES;
  private timer: unknown;

  constructor(
    private readonly clock: Clock,
    private readonly options: () => Required<BatcherOptions>,
    /** Sends a batch of items (they leave the queue first). */
    private readonly send: (items: BatchItem[]) => void,
  ) {}

  get size(): number {
    return this.items.length;
  }

  has(customId: string): boolean {
    return this.ids.has(customId);
  }

  /** Queues an item; a batch goes out first when the item would not fit, and at once when it is full. */
  push(item: BatchItem): void {
    const { maxBatchSize, maxBatchBytes, maxDelayMs } = this.options();
    if (this.items.length > 0 && (this.items.length >= maxBatchSize || this.bytes + item.bytes > maxBatchBytes)) this.flush();
    this.items.push(item);
    this.ids.add(item.customId);
    this.bytes += item.bytes;
    if (this.items.length >= maxBatchSize) {
      this.flush();
      return;
    }
    if (this.timer === undefined) {
      this.timer = this.clock.setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, maxDelayMs);
    }
  }

  /** Takes a queued item out (its caller aborted); the window closes when the queue empties. */
  remove(item: BatchItem): void {
    const at = this.items.indexOf(item);
    if (at < 0) return;
    this.items.splice(at, 1);
    this.ids.delete(item.customId);
    this.bytes -= item.bytes;
    if (this.items.length === 0) this.clearTimer();
  }

  /** Sends what is queued now (nothing when empty). */
  flush(): BatchItem[] {
    this.clearTimer();
    const items = this.items;
    if (items.length === 0) return items;
    this.items = [];
    this.ids.clear();
    this.bytes = BODY_OVERHEAD_BYTES;
    this.send(items);
    return items;
  }

  /** Empties the queue without sending; returns what was in it. */
  drain(): BatchItem[] {
    this.clearTimer();
    const items = this.items;
    this.items = [];
    this.ids.clear();
    this.bytes = BODY_OVERHEAD_BYTES;
    return items;
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
