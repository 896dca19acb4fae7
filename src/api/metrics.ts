/** Counters and percentiles of the client's traffic. Holds no key, no header, no body. */
import type { PoolSnapshot } from './transport/types';
import type { BatchMetricsSnapshot } from './batch/batchCounters';
import { BatchCounters } from './batch/batchCounters';

/** Latency distribution in ms. */
export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** What `client.metrics.snapshot()` returns. */
export interface MetricsSnapshot {
  /** Calls made (one per `create`/`stream`/... call, whatever its retries). */
  requests: number;
  /** HTTP attempts sent (first tries plus retries). */
  attempts: number;
  successes: number;
  failures: number;
  failuresByType: Record<string, number>;
  failuresByStatus: Record<string, number>;
  retries: number;
  /** Waits before sending because a rate limit was at 0. */
  rateLimitWaits: number;
  /** Calls refused by an open circuit. */
  circuitRejections: number;
  /** Calls shared with an identical call in flight. */
  deduplicated: number;
  latencyMs: Percentiles;
  ttftMs: Percentiles;
  /** Same figures as `latencyMs` (short name). */
  latency: Percentiles;
  /** Same figures as `ttftMs` (short name). */
  ttft: Percentiles;
  tokens: { input: number; output: number };
  bytes: { in: number; out: number };
  /** Connections as the transport sees them (see {@link PoolSnapshot}). */
  pool: PoolSnapshot;
  /** The request batcher (`client.batcher`): batches, polls, items and how they ended. */
  batches: BatchMetricsSnapshot;
}

const WINDOW = 2048;

class Samples {
  private readonly values: number[] = [];
  private next = 0;

  add(v: number): void {
    if (this.values.length < WINDOW) this.values.push(v);
    else {
      this.values[this.next] = v;
      this.next = (this.next + 1) % WINDOW;
    }
  }

  summary(): Percentiles {
    const sorted = [...this.values].sort((a, b) => a - b);
    const at = (q: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : 0);
    return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.length ? sorted[sorted.length - 1] : 0 };
  }
}

/** Mutable metrics store; the client feeds it, callers read `snapshot()`. */
export class Metrics {
  private requests = 0;
  private attempts = 0;
  private successes = 0;
  private failures = 0;
  private retries = 0;
  private rateLimitWaits = 0;
  private circuitRejections = 0;
  private deduplicated = 0;
  private readonly byType: Record<string, number> = {};
  private readonly byStatus: Record<string, number> = {};
  private readonly latency = new Samples();
  private readonly ttft = new Samples();
  private tokensIn = 0;
  private tokensOut = 0;
  private bytesIn = 0;
  private bytesOut = 0;
  /** @internal Counters of the request batcher. */
  readonly batches = new BatchCounters();

  constructor(private readonly pool: () => PoolSnapshot) {}

  /** @internal */ countRequest(): void { this.requests++; }
  /** @internal */ countAttempt(bytesOut: number): void { this.attempts++; this.bytesOut += bytesOut; }
  /** @internal */ countRetry(): void { this.retries++; }
  /** @internal */ countRateLimitWait(): void { this.rateLimitWaits++; }
  /** @internal */ countCircuitRejection(): void { this.circuitRejections++; }
  /** @internal */ countDeduplicated(): void { this.deduplicated++; }
  /** @internal */ addBytesIn(n: number): void { this.bytesIn += n; }
  /** @internal */ addTtft(ms: number): void { this.ttft.add(ms); }

  /** @internal */ success(latencyMs: number, usage?: { input_tokens?: number | null; output_tokens?: number | null }): void {
    this.successes++;
    this.latency.add(latencyMs);
    this.addUsage(usage);
  }

  /** @internal */ failure(latencyMs: number, type: string, status: number | undefined, usage?: { input_tokens?: number | null; output_tokens?: number | null }): void {
    this.failures++;
    this.latency.add(latencyMs);
    this.byType[type] = (this.byType[type] ?? 0) + 1;
    const statusKey = status === undefined ? 'none' : String(status);
    this.byStatus[statusKey] = (this.byStatus[statusKey] ?? 0) + 1;
    this.addUsage(usage);
  }

  private addUsage(usage?: { input_tokens?: number | null; output_tokens?: number | null }): void {
    if (!usage) return;
    this.tokensIn += usage.input_tokens ?? 0;
    this.tokensOut += usage.output_tokens ?? 0;
  }

  /** A copy of every figure, safe to log or show. */
  snapshot(): MetricsSnapshot {
    const latency = this.latency.summary();
    const ttft = this.ttft.summary();
    return {
      requests: this.requests,
      attempts: this.attempts,
      successes: this.successes,
      failures: this.failures,
      failuresByType: { ...this.byType },
      failuresByStatus: { ...this.byStatus },
      retries: this.retries,
      rateLimitWaits: this.rateLimitWaits,
      circuitRejections: this.circuitRejections,
      deduplicated: this.deduplicated,
      latencyMs: latency,
      ttftMs: ttft,
      latency: { ...latency },
      ttft: { ...ttft },
      tokens: { input: this.tokensIn, output: this.tokensOut },
      bytes: { in: this.bytesIn, out: this.bytesOut },
      pool: this.pool(),
      batches: this.batches.snapshot(),
    };
  }
}
