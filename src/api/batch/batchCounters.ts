/** Counts of the request batcher, part of `client.metrics.snapshot()` as `batches`. */
import type { BatchItemOutcome } from './types';

/** What `snapshot().batches` holds. */
export interface BatchMetricsSnapshot {
  /** Batches created (one `POST /v1/messages/batches` that answered). */
  created: number;
  /** Polls answered, and polls that failed (they are tried again later). */
  polls: number;
  pollFailures: number;
  /** Batches whose results were read to the end. */
  ended: number;
  /** Cancels asked for (by `batcher.cancel` or because every item of a batch was aborted). */
  cancels: number;
  /** Items given to `add()`, items that went out in a batch, and how items ended. */
  items: { added: number; submitted: number } & Record<BatchItemOutcome, number>;
  /** Items queued or waiting for their batch right now. */
  waiting: number;
  /** Batches being watched right now. */
  activeBatches: number;
  /** Tokens of the items that succeeded (billed at the batch price). */
  tokens: { input: number; output: number };
}

/** Mutable counters; the batcher feeds them. */
export class BatchCounters {
  created = 0;
  polls = 0;
  pollFailures = 0;
  ended = 0;
  cancels = 0;
  added = 0;
  submitted = 0;
  private readonly outcomes: Record<BatchItemOutcome, number> = { succeeded: 0, errored: 0, canceled: 0, expired: 0, aborted: 0, refused: 0, failed: 0 };
  private inputTokens = 0;
  private outputTokens = 0;

  /** @internal Reads the batcher's live figures (set by the batcher that owns these counters). */
  live: () => { waiting: number; activeBatches: number } = () => ({ waiting: 0, activeBatches: 0 });

  /** @internal */ settled(outcome: BatchItemOutcome): void {
    this.outcomes[outcome]++;
  }

  /** @internal */ addUsage(usage: { input_tokens?: number | null; output_tokens?: number | null } | undefined): void {
    this.inputTokens += usage?.input_tokens ?? 0;
    this.outputTokens += usage?.output_tokens ?? 0;
  }

  /** A copy of every count. */
  snapshot(): BatchMetricsSnapshot {
    return {
      created: this.created,
      polls: this.polls,
      pollFailures: this.pollFailures,
      ended: this.ended,
      cancels: this.cancels,
      items: { added: this.added, submitted: this.submitted, ...this.outcomes },
      ...this.live(),
      tokens: { input: this.inputTokens, output: this.outputTokens },
    };
  }
}
