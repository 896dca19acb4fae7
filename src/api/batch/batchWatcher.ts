/**
 * Watches one submitted batch: polls `GET /v1/messages/batches/{id}` with backoff (a server's
 * `retry-after` wins), then reads the JSONL results as a stream and settles each waiting item by its
 * `custom_id`. A poll or a download that fails for a passing reason (connection, 5xx, 429, an open
 * circuit) is tried again later; one the API refuses for good (401, 403, 404) fails the items.
 */
import type { Clock } from '../../base/clock';
import type { ClientCore } from '../core/clientCore';
import type { BatchesResource } from '../resources/batches';
import type { Logger, MessageBatch } from '../types';
import type { BatchCounters } from './batchCounters';
import type { BatchItem } from './batchItem';
import type { BatcherOptions, BatchEndedEvent, BatchItemOutcome, BatchPolledEvent } from './types';
import { AnthropicError, APIUserAbortError } from '../errors';
import { parseRetryAfter } from '../retry/backoff';
import { isRetryableStatus } from '../retry/policy';
import { errorOfResult } from './batchErrors';
import { MAX_SERVER_POLL_WAIT_MS } from './types';

/** What a watcher needs from its batcher. */
export interface WatcherDeps {
  core: ClientCore;
  batches: BatchesResource;
  clock: Clock;
  counters: BatchCounters;
  options(): Required<BatcherOptions>;
  logger(): Logger | undefined;
  settle(item: BatchItem, outcome: BatchItemOutcome, value: unknown, batchId: string): void;
  polled(event: BatchPolledEvent): void;
  ended(event: BatchEndedEvent): void;
  /** The watcher is done (results read, failed, or nobody waits any more). */
  finished(watcher: BatchWatcher): void;
}

/** Whether a failed poll or download is worth trying again later. */
function passing(error: unknown): boolean {
  if (!(error instanceof AnthropicError) || error.status === undefined) return true;
  return isRetryableStatus(error.status);
}

/** The poll loop and results reader of one batch. */
export class BatchWatcher {
  private readonly items = new Map<string, BatchItem>();
  private readonly controller = new AbortController();
  private timer: unknown;
  private backoffMs = 0;
  private done = false;

  constructor(
    readonly batchId: string,
    private readonly deps: WatcherDeps,
  ) {}

  /** Items still waiting for this batch. */
  get size(): number {
    return this.items.size;
  }

  /** Custom ids still waiting. */
  customIds(): string[] {
    return [...this.items.keys()];
  }

  get(customId: string): BatchItem | undefined {
    return this.items.get(customId);
  }

  add(item: BatchItem): void {
    item.state = 'watched';
    this.items.set(item.customId, item);
  }

  /** Starts polling after `firstDelayMs` (0 when resuming: the batch may have ended long ago). */
  start(firstDelayMs: number): void {
    const { pollIntervalMs, pollBackoff } = this.deps.options();
    // The backoff grows before each wait: a resumed batch (polled at once) next waits pollIntervalMs.
    this.backoffMs = firstDelayMs > 0 ? pollIntervalMs : pollIntervalMs / pollBackoff;
    this.schedule(firstDelayMs);
  }

  /** Polls again soon (after a cancel was asked for), unless a poll is already running. */
  hurry(): void {
    if (this.done || this.timer === undefined) return;
    this.deps.clock.clearTimeout(this.timer);
    this.schedule(this.deps.options().minPollIntervalMs);
  }

  /** An item's caller gave up: it leaves the batch. True when nobody waits any more. */
  detach(item: BatchItem): boolean {
    this.items.delete(item.customId);
    return this.items.size === 0 && !this.done;
  }

  /** Stops polling and reading; waiting items settle with `reason` (when given) as aborted. */
  stop(reason?: () => unknown): void {
    if (this.done) return;
    this.done = true;
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.controller.abort();
    if (reason) for (const item of this.takeAll()) this.deps.settle(item, 'aborted', reason(), this.batchId);
    this.deps.finished(this);
  }

  private schedule(ms: number): void {
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = undefined;
      void this.poll();
    }, ms);
  }

  private async poll(): Promise<void> {
    if (this.done) return;
    const { core, clock, counters } = this.deps;
    let batch: MessageBatch;
    let retryAfterMs: number | undefined;
    try {
      const answer = await core.fetchJsonWithHeaders<MessageBatch>({
        method: 'GET', path: `/v1/messages/batches/${encodeURIComponent(this.batchId)}`, options: {}, signal: this.controller.signal,
      });
      batch = answer.value;
      retryAfterMs = parseRetryAfter((name) => answer.headers.get(name), clock.now());
    } catch (error) {
      return this.failed(error, 'poll');
    }
    if (this.done) return;
    counters.polls++;
    if (batch.processing_status === 'ended') {
      this.deps.polled({ batchId: this.batchId, status: batch.processing_status, counts: batch.request_counts });
      return this.read(batch);
    }
    const { delayMs, fromServer } = this.nextDelay(retryAfterMs);
    this.deps.polled({ batchId: this.batchId, status: batch.processing_status, counts: batch.request_counts, nextPollMs: delayMs, fromServer });
    this.schedule(delayMs);
  }

  /**
   * The wait before the next poll: the server's hint (within bounds), else the backoff, which grows
   * either way (pollIntervalMs, then x pollBackoff per poll up to maxPollIntervalMs).
   */
  private nextDelay(hintMs: number | undefined): { delayMs: number; fromServer: boolean } {
    const { minPollIntervalMs, maxPollIntervalMs, pollBackoff } = this.deps.options();
    this.backoffMs = Math.min(maxPollIntervalMs, Math.max(this.backoffMs * pollBackoff, 1));
    if (hintMs !== undefined) return { delayMs: Math.min(MAX_SERVER_POLL_WAIT_MS, Math.max(minPollIntervalMs, hintMs)), fromServer: true };
    return { delayMs: this.backoffMs, fromServer: false };
  }

  /** Reads the results to the end, settling items as their rows arrive (a re-read skips those already settled). */
  private async read(batch: MessageBatch): Promise<void> {
    const { batches, counters } = this.deps;
    try {
      for await (const row of batches.resultsOf(batch, { signal: this.controller.signal })) {
        const item = this.items.get(row.custom_id);
        if (!item) continue;
        this.items.delete(row.custom_id);
        const result = row.result;
        if (result.type === 'succeeded') {
          counters.addUsage(result.message.usage);
          this.deps.settle(item, 'succeeded', result.message, this.batchId);
        } else {
          this.deps.settle(item, result.type, errorOfResult(result, { batchId: this.batchId, customId: item.customId }), this.batchId);
        }
      }
    } catch (error) {
      return this.failed(error, 'results');
    }
    if (this.done) return;
    for (const item of this.takeAll()) {
      const missing = new AnthropicError(`custom_id ${item.customId} is missing from the results of batch ${this.batchId}.`, { type: 'api_error' });
      this.deps.settle(item, 'failed', missing, this.batchId);
    }
    counters.ended++;
    this.done = true;
    this.deps.ended({ batchId: this.batchId, counts: batch.request_counts, batch });
    this.deps.finished(this);
  }

  /** A poll or download failed: try again later when the cause may pass, else fail the items. */
  private failed(error: unknown, what: 'poll' | 'results'): void {
    if (this.done || error instanceof APIUserAbortError) return;
    if (passing(error)) {
      this.deps.counters.pollFailures++;
      const { delayMs } = this.nextDelay(undefined);
      this.deps.logger()?.warn(`batch ${this.batchId}: ${what} failed (${error instanceof Error ? error.message : String(error)}); trying again in ${Math.round(delayMs)} ms`);
      this.schedule(delayMs);
      return;
    }
    this.done = true;
    for (const item of this.takeAll()) this.deps.settle(item, 'failed', error, this.batchId);
    this.deps.finished(this);
  }

  private takeAll(): BatchItem[] {
    const all = [...this.items.values()];
    this.items.clear();
    return all;
  }
}
