/**
 * Figures derived from per-minute buckets for a time range: success rate, distributions (min, mean,
 * max, percentiles from the fixed-bucket histograms), throughput, tokens and cost per model, and
 * roll-ups to coarser steps or calendar days. Pure functions over the client's own minutes.
 */
import type { MinuteBucket, ModelTally } from './bucket';
import { addTally, dict, emptyBucket, emptyTally, mergeBucket, modelTotals, tallyOf } from './bucket';
import type { HistogramData } from './histogram';
import { mean, percentile } from './histogram';

/** A distribution in ms. */
export interface Distribution {
  count: number;
  min: number;
  mean: number;
  max: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Everything the dashboard's header and tables show for a range. */
export interface RangeSummary {
  from: number;
  to: number;
  requests: number;
  attempts: number;
  successes: number;
  failures: number;
  /** successes / (successes + failures), null when no call finished. */
  successRate: number | null;
  retries: number;
  rateLimitWaits: number;
  circuitRejections: number;
  deduplicated: number;
  latency: Distribution;
  ttft: Distribution;
  latencyHistogram: HistogramData;
  ttftHistogram: HistogramData;
  throughput: {
    /** Calls finished per second of the range. */
    requestsPerSecond: number;
    /** Output tokens per second of the range. */
    outputTokensPerSecond: number;
    /** Output tokens per second while streams were generating (after their first token); null without streams. */
    generationTokensPerSecond: number | null;
  };
  tokens: { input: number; output: number; cacheRead: number; cacheWrite: number };
  costUsd: number;
  cacheSavingsUsd: number;
  /** Calls with tokens of a model that has no known price (their cost is not in `costUsd`). */
  unpricedCalls: number;
  failuresByType: Record<string, number>;
  failuresByStatus: Record<string, number>;
  models: Record<string, ModelTally>;
  connections: { created: number; reused: number; reuseRate: number | null };
}

/** Min, mean, max and percentiles of a histogram. */
export function distribution(h: HistogramData): Distribution {
  return { count: h.n, min: h.min, mean: mean(h), max: h.max, p50: percentile(h, 0.5), p95: percentile(h, 0.95), p99: percentile(h, 0.99) };
}

/** The minutes merged into one bucket starting at `start`. */
export function mergeAll(buckets: readonly MinuteBucket[], start: number): MinuteBucket {
  const total = emptyBucket(start);
  for (const b of buckets) mergeBucket(total, b);
  return total;
}

/** Summary of the minutes in [from, to); throughput is over the whole range, quiet minutes included. */
export function summarize(buckets: readonly MinuteBucket[], from: number, to: number): RangeSummary {
  const inRange = buckets.filter((b) => b.start >= from && b.start < to);
  const t = mergeAll(inRange, from);
  const seconds = Math.max(1, (to - from) / 1000);
  const { tokens, costUsd, cacheSavingsUsd, unpricedCalls } = modelTotals(t.models);
  const finished = t.successes + t.failures;
  const used = t.connections.created + t.connections.reused;
  return {
    from,
    to,
    requests: t.requests,
    attempts: t.attempts,
    successes: t.successes,
    failures: t.failures,
    successRate: finished ? t.successes / finished : null,
    retries: t.retries,
    rateLimitWaits: t.rateLimitWaits,
    circuitRejections: t.circuitRejections,
    deduplicated: t.deduplicated,
    latency: distribution(t.latency),
    ttft: distribution(t.ttft),
    latencyHistogram: t.latency,
    ttftHistogram: t.ttft,
    throughput: {
      requestsPerSecond: finished / seconds,
      outputTokensPerSecond: tokens.output / seconds,
      generationTokensPerSecond: t.generation.ms > 0 ? t.generation.tokens / (t.generation.ms / 1000) : null,
    },
    tokens,
    costUsd,
    cacheSavingsUsd,
    unpricedCalls,
    failuresByType: t.failuresByType,
    failuresByStatus: t.failuresByStatus,
    models: t.models,
    connections: { ...t.connections, reuseRate: used ? t.connections.reused / used : null },
  };
}

/** Minutes merged into steps of `stepMs` (a multiple of a minute), oldest first; empty steps are absent. */
export function rollUp(buckets: readonly MinuteBucket[], stepMs: number): MinuteBucket[] {
  const steps = new Map<number, MinuteBucket>();
  for (const b of buckets) {
    const start = Math.floor(b.start / stepMs) * stepMs;
    let step = steps.get(start);
    if (!step) steps.set(start, (step = emptyBucket(start)));
    mergeBucket(step, b);
  }
  return [...steps.values()].sort((a, b) => a.start - b.start);
}

/** Tokens and cost of one calendar day, per model. */
export interface DayTotals {
  /** The day's name from `dayOf` (e.g. `2026-11-30`). */
  day: string;
  models: Record<string, ModelTally>;
  total: ModelTally;
}

/**
 * Totals per calendar day, oldest first. `dayOf` names the day of a time (the host passes the
 * local date, so days follow the user's time zone across DST changes); the default is the UTC date.
 */
export function dailyTotals(buckets: readonly MinuteBucket[], dayOf: (t: number) => string = utcDay): DayTotals[] {
  const days = new Map<string, DayTotals>();
  for (const b of [...buckets].sort((x, y) => x.start - y.start)) {
    const day = dayOf(b.start);
    let d = days.get(day);
    if (!d) days.set(day, (d = { day, models: dict(), total: emptyTally() }));
    for (const [model, m] of Object.entries(b.models)) {
      addTally(tallyOf(d.models, model), m);
      addTally(d.total, m);
    }
  }
  return [...days.values()];
}

/** `2026-11-30` for a time, in UTC. */
export function utcDay(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}
