/**
 * The client's metrics: session counters and percentiles (`snapshot()`), and, for dashboards,
 * the same events recorded into per-minute series (`record(series)`). Every figure comes from one
 * recording call, so a series can never drift from the snapshot. Holds no key, header or body.
 */
import type { Clock } from '../../base/clock';
import type { CircuitChange, Disposable, RateLimitSnapshot } from '../types';
import type { PoolSnapshot } from '../transport/types';
import type { BatchMetricsSnapshot } from '../batch/batchCounters';
import { BatchCounters } from '../batch/batchCounters';
import type { MinuteBucket, ModelTally } from './bucket';
import { RATE_LIMIT_BUCKETS, addCircuitEvent, bump, dict, mergeRateLimitPoint, modelTotals, tallyOf } from './bucket';
import { addValue } from './histogram';
import type { Percentiles } from './samples';
import { Samples } from './samples';
import type { MetricsSeries } from './series';

export type { Percentiles } from './samples';

import type { CallCost, CostFunction, UsageCounts } from './cost';

export type { CallCost, CostFunction, UsageCounts } from './cost';

/** The final outcome of one call, as the pipeline reports it. */
export interface CallOutcome {
  latencyMs: number;
  /** The model the call went out with (the fallback model when it took over). */
  model?: string;
  usage?: UsageCounts;
  /** Absent for a success. */
  error?: { type: string; status?: number };
  /** Client-clock time of a stream's first token, for the generation speed. */
  firstTokenAt?: number;
}

/** What `client.metrics.snapshot()` returns. */
export interface MetricsSnapshot {
  /** Calls made (one per `create`/`stream`/... call, whatever its retries). */
  requests: number;
  /** HTTP attempts sent (first tries plus retries). */
  attempts: number;
  successes: number;
  failures: number;
  /** successes / (successes + failures), or null before the first finished call. */
  successRate: number | null;
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
  tokens: { input: number; output: number; cacheRead: number; cacheWrite: number };
  /** USD from the client's `costOf` option (0 without one). */
  costUsd: number;
  cacheSavingsUsd: number;
  /** Calls and tokens per model. */
  models: Record<string, ModelTally>;
  bytes: { in: number; out: number };
  /** Connections as the transport sees them (see {@link PoolSnapshot}). */
  pool: PoolSnapshot;
  /** The request batcher (`client.batcher`): batches, polls, items and how they ended. */
  batches: BatchMetricsSnapshot;
}

type Usage = UsageCounts | undefined;
const n = (v: number | null | undefined): number => v ?? 0;

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
  private readonly byType = dict<number>();
  private readonly byStatus = dict<number>();
  private readonly models = dict<ModelTally>();
  private readonly latency = new Samples();
  private readonly ttft = new Samples();
  private bytesIn = 0;
  private bytesOut = 0;
  /** Series recording the same events; empty for most library users, so recording is skipped. */
  private sinks: MetricsSeries[] = [];
  /** Cumulative byte and connection counts already handed to the sinks. */
  private handed = { bytesIn: 0, created: 0, reused: 0 };

  /** @internal Counters of the request batcher. */
  readonly batches = new BatchCounters();

  /** `costOf`: the client's current price hook (read per call, so `configure` takes effect at once). */
  constructor(
    private readonly pool: () => PoolSnapshot,
    private readonly clock: Clock,
    private readonly costOf: () => CostFunction | undefined = () => undefined,
  ) {}

  /**
   * Records every figure from now on into `series` as well (per-minute buckets on the client's
   * clock). Dispose the result to stop.
   */
  record(series: MetricsSeries): Disposable {
    if (this.sinks.length === 0) {
      const p = this.pool();
      this.handed = { bytesIn: this.bytesIn, created: p.created, reused: p.reused };
    }
    this.sinks = [...this.sinks, series];
    return { dispose: () => (this.sinks = this.sinks.filter((s) => s !== series)) };
  }

  /** Buckets of the current minute in every sink. */
  private each(fn: (b: MinuteBucket) => void): void {
    if (this.sinks.length === 0) return;
    const now = this.clock.now();
    for (const s of this.sinks) fn(s.at(now));
  }

  /** @internal */ countRequest(): void {
    this.requests++;
    this.each((b) => b.requests++);
  }

  /** @internal */ countAttempt(bytesOut: number): void {
    this.attempts++;
    this.bytesOut += bytesOut;
    this.each((b) => {
      b.attempts++;
      b.bytes.out += bytesOut;
    });
  }

  /** @internal */ countRetry(): void {
    this.retries++;
    this.each((b) => b.retries++);
  }

  /** @internal */ countRateLimitWait(): void {
    this.rateLimitWaits++;
    this.each((b) => b.rateLimitWaits++);
  }

  /** @internal */ countCircuitRejection(): void {
    this.circuitRejections++;
    this.each((b) => b.circuitRejections++);
  }

  /** @internal */ countDeduplicated(): void {
    this.deduplicated++;
    this.each((b) => b.deduplicated++);
  }

  /** @internal Per body chunk: only a sum here; the series get it when the call ends. */
  addBytesIn(bytes: number): void {
    this.bytesIn += bytes;
  }

  /** @internal */ addTtft(ms: number): void {
    this.ttft.add(ms);
    this.each((b) => addValue(b.ttft, ms));
  }

  /** @internal The final outcome of a call (once per call). */
  finish(o: CallOutcome): void {
    const error = o.error;
    const failed = error !== undefined;
    if (error) {
      this.failures++;
      bump(this.byType, error.type);
      bump(this.byStatus, statusKey(error.status));
    } else this.successes++;
    this.latency.add(o.latencyMs);
    const cost = this.priced(o.model, o.usage);
    if (o.model !== undefined) addToTally(tallyOf(this.models, o.model), failed, o.usage, cost);
    if (this.sinks.length === 0) return;
    const now = this.clock.now();
    const generation = o.firstTokenAt !== undefined && !failed ? { tokens: n(o.usage?.output_tokens), ms: Math.max(0, now - o.firstTokenAt) } : undefined;
    const moved = this.handOver();
    for (const s of this.sinks) {
      const b = s.at(now);
      if (error) {
        b.failures++;
        bump(b.failuresByType, error.type);
        bump(b.failuresByStatus, statusKey(error.status));
      } else b.successes++;
      addValue(b.latency, o.latencyMs);
      if (o.model !== undefined) addToTally(tallyOf(b.models, o.model), failed, o.usage, cost);
      if (generation) {
        b.generation.tokens += generation.tokens;
        b.generation.ms += generation.ms;
      }
      b.bytes.in += moved.bytesIn;
      b.connections.created += moved.created;
      b.connections.reused += moved.reused;
    }
  }

  /** @internal A rate-limit reading (every response that carried the headers). */
  recordRateLimits(snapshot: RateLimitSnapshot): void {
    this.each((b) => {
      for (const name of RATE_LIMIT_BUCKETS) {
        const r = snapshot[name];
        if (!r) continue;
        mergeRateLimitPoint(b, name, { limit: r.limit, remaining: r.remaining, resets: r.resetAt !== undefined ? [r.resetAt] : [] });
      }
    });
  }

  /** @internal A circuit transition. */
  recordCircuit(change: CircuitChange): void {
    this.each((b) => addCircuitEvent(b, { at: this.clock.now(), key: change.key, state: change.state, ...(change.retryAt !== undefined ? { retryAt: change.retryAt } : {}) }));
  }

  /** Bytes and connections since the last hand-over (cumulative counters, read once per call). */
  private handOver(): { bytesIn: number; created: number; reused: number } {
    const p = this.pool();
    const moved = { bytesIn: this.bytesIn - this.handed.bytesIn, created: Math.max(0, p.created - this.handed.created), reused: Math.max(0, p.reused - this.handed.reused) };
    this.handed = { bytesIn: this.bytesIn, created: p.created, reused: p.reused };
    return moved;
  }

  private priced(model: string | undefined, usage: Usage): CallCost | undefined {
    const cost = this.costOf();
    if (!cost || model === undefined || !usage) return undefined;
    try {
      return cost(model, usage);
    } catch {
      // A broken price function must not break the call it prices.
      return undefined;
    }
  }

  /** A copy of every figure, safe to log or show. */
  snapshot(): MetricsSnapshot {
    const latency = this.latency.summary();
    const ttft = this.ttft.summary();
    const finished = this.successes + this.failures;
    const models = dict<ModelTally>();
    for (const [model, t] of Object.entries(this.models)) models[model] = { ...t };
    const { tokens, costUsd, cacheSavingsUsd } = modelTotals(this.models);
    return {
      requests: this.requests,
      attempts: this.attempts,
      successes: this.successes,
      failures: this.failures,
      successRate: finished ? this.successes / finished : null,
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
      tokens,
      costUsd,
      cacheSavingsUsd,
      models,
      bytes: { in: this.bytesIn, out: this.bytesOut },
      pool: this.pool(),
      batches: this.batches.snapshot(),
    };
  }
}

function statusKey(status: number | undefined): string {
  return status === undefined ? 'none' : String(status);
}

function addToTally(t: ModelTally, failed: boolean, usage: Usage, cost: CallCost | undefined): void {
  t.requests++;
  if (failed) t.failures++;
  else t.successes++;
  if (!usage) return;
  t.inputTokens += n(usage.input_tokens);
  t.outputTokens += n(usage.output_tokens);
  t.cacheReadTokens += n(usage.cache_read_input_tokens);
  t.cacheWriteTokens += n(usage.cache_creation_input_tokens);
  if (cost) {
    t.costUsd += cost.usd;
    t.cacheSavingsUsd += cost.cacheSavingsUsd;
  } else if (n(usage.input_tokens) + n(usage.output_tokens) > 0) t.unpriced++;
}

