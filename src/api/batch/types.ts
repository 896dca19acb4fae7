/** Options, saved state and events of the request batcher (`client.batcher`). */
// From the SDK's types directly: ../types imports BatcherOptions from here (no import circle).
import type { MessageBatch, MessageBatchRequestCounts } from '@anthropic-ai/sdk/resources/messages/batches';

/** Tuning of `client.batcher`; defaults in {@link BATCHER_DEFAULTS}. */
export interface BatcherOptions {
  /** Requests per batch; a full batch goes out at once (default 100,000, the API's limit). */
  maxBatchSize?: number;
  /** Bytes of one batch's create body; an item that would pass it starts the next batch (default 256 MB, the API's limit). */
  maxBatchBytes?: number;
  /** How long the first queued request waits for others before the batch goes out (default 1 s). */
  maxDelayMs?: number;
  /** Wait before the first poll of a new batch, and the first step of the poll backoff (default 5 s). */
  pollIntervalMs?: number;
  /** Longest wait between polls when the server gives no hint (default 60 s). */
  maxPollIntervalMs?: number;
  /** Growth of the wait from one poll to the next (default 1.5). */
  pollBackoff?: number;
  /** Shortest wait a server's `retry-after` on a poll can ask for (default 1 s). */
  minPollIntervalMs?: number;
}

/** Per-item options of `batcher.add`. */
export interface BatchAddOptions {
  /** The item's `custom_id` (`^[a-zA-Z0-9_-]{1,64}$`, unique among the items waiting); generated when absent. */
  customId?: string;
  /** Aborting removes a queued item; a submitted one detaches (its batch is canceled once every item of it is). */
  signal?: AbortSignal;
}

/**
 * A submitted batch whose items are still waiting: what `pending()` lists and `resume()` takes.
 * Plain JSON (no key, no request bodies), safe to store.
 */
export interface PendingBatch {
  batchId: string;
  customIds: string[];
}

/** A batch was created. */
export interface BatchCreatedEvent {
  batchId: string;
  customIds: string[];
  batch: MessageBatch;
}

/** A poll answered. */
export interface BatchPolledEvent {
  batchId: string;
  status: MessageBatch['processing_status'];
  counts: MessageBatchRequestCounts;
  /** Milliseconds until the next poll (absent once the batch ended). */
  nextPollMs?: number;
  /** Whether the wait came from the server's `retry-after`. */
  fromServer?: boolean;
}

/** A batch ended and its results were read. */
export interface BatchEndedEvent {
  batchId: string;
  counts: MessageBatchRequestCounts;
  batch: MessageBatch;
}

/** How an item ended. */
export type BatchItemOutcome = 'succeeded' | 'errored' | 'canceled' | 'expired' | 'aborted' | 'refused' | 'failed';

/** An item settled (resolved or rejected). */
export interface BatchItemSettledEvent {
  /** Undefined for an item that never reached a batch (refused locally, aborted while queued, create failed). */
  batchId: string | undefined;
  customId: string;
  outcome: BatchItemOutcome;
}

/** The documented defaults (README, "Batch jobs"). */
export const BATCHER_DEFAULTS: Required<BatcherOptions> = {
  maxBatchSize: 100_000,
  maxBatchBytes: 256 * 1024 * 1024,
  maxDelayMs: 1_000,
  pollIntervalMs: 5_000,
  maxPollIntervalMs: 60_000,
  pollBackoff: 1.5,
  minPollIntervalMs: 1_000,
};

/** Longest wait a server hint can ask for between polls (an absurd `retry-after` is capped). */
export const MAX_SERVER_POLL_WAIT_MS = 10 * 60_000;

/** The API's pattern for `custom_id`. */
export const CUSTOM_ID_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** Resolves options against the defaults, ignoring values that are not positive finite numbers. */
export function resolveBatcherOptions(options: BatcherOptions | undefined, previous: Required<BatcherOptions> = BATCHER_DEFAULTS): Required<BatcherOptions> {
  const pick = (key: keyof BatcherOptions): number => {
    const v = options?.[key];
    return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : previous[key];
  };
  return {
    maxBatchSize: Math.max(1, Math.min(BATCHER_DEFAULTS.maxBatchSize, Math.floor(pick('maxBatchSize')))),
    maxBatchBytes: Math.max(1, pick('maxBatchBytes')),
    maxDelayMs: pick('maxDelayMs'),
    pollIntervalMs: pick('pollIntervalMs'),
    maxPollIntervalMs: pick('maxPollIntervalMs'),
    pollBackoff: Math.max(1, pick('pollBackoff')),
    minPollIntervalMs: pick('minPollIntervalMs'),
  };
}
