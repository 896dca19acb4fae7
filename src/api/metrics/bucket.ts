/**
 * One minute of the client's traffic: the figures the dashboard draws, as plain JSON-ready data.
 * Keys that come from outside (error types, model ids) are bounded per minute, and every record
 * uses a null-prototype object, so a hostile name such as `__proto__` is just a name.
 */
import type { HistogramData } from './histogram';
import { emptyHistogram, mergeHistogram } from './histogram';

/** Length of a bucket. */
export const MINUTE_MS = 60_000;
/** Most distinct error types, statuses or models one minute keeps; the rest are counted under {@link OTHER}. */
export const MAX_KEYS_PER_MINUTE = 32;
/** Most circuit transitions one minute keeps (a flapping circuit must not grow a file without bound). */
export const MAX_CIRCUIT_EVENTS_PER_MINUTE = 64;
/** Most distinct reset times one rate-limit bucket keeps per minute. */
export const MAX_RESETS_PER_MINUTE = 8;
/** Where names past {@link MAX_KEYS_PER_MINUTE} are counted. */
export const OTHER = '(other)';

/** The four `anthropic-ratelimit-*` buckets, named as in `RateLimitSnapshot`. */
export const RATE_LIMIT_BUCKETS = ['requests', 'tokens', 'inputTokens', 'outputTokens'] as const;
/** See {@link RATE_LIMIT_BUCKETS}. */
export type RateLimitBucketName = (typeof RATE_LIMIT_BUCKETS)[number];

/** Calls and tokens of one model in one minute. */
export interface ModelTally {
  requests: number;
  successes: number;
  failures: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** USD, from the client's cost function at the time of the call. */
  costUsd: number;
  /** What cache reads saved against paying the full input price (USD). */
  cacheSavingsUsd: number;
  /** Calls that used tokens of a model the cost function had no price for. */
  unpriced: number;
}

/** What one rate-limit bucket said during a minute. */
export interface RateLimitPoint {
  limit?: number;
  /** The last and the lowest `remaining` seen. */
  remaining?: number;
  minRemaining?: number;
  /** Distinct reset times (epoch ms) announced, ascending. */
  resets: number[];
}

/** A circuit-breaker transition. */
export interface CircuitEvent {
  at: number;
  /** `METHOD path model`. */
  key: string;
  state: 'closed' | 'open' | 'half-open';
  retryAt?: number;
}

/** One minute of traffic. Counters count calls unless they say attempts. */
export interface MinuteBucket {
  /** Epoch ms of the minute's start (a multiple of 60,000). */
  start: number;
  requests: number;
  attempts: number;
  successes: number;
  failures: number;
  retries: number;
  rateLimitWaits: number;
  circuitRejections: number;
  deduplicated: number;
  failuresByType: Record<string, number>;
  failuresByStatus: Record<string, number>;
  /** Call latency, start to last byte, retries and waits included (ms). */
  latency: HistogramData;
  /** Stream call to first text, thinking or tool input (ms). */
  ttft: HistogramData;
  models: Record<string, ModelTally>;
  rateLimits: Partial<Record<RateLimitBucketName, RateLimitPoint>>;
  circuit: CircuitEvent[];
  /** Requests sent on a new connection and on a reused one. */
  connections: { created: number; reused: number };
  bytes: { in: number; out: number };
  /** Output tokens of streams and the time from their first token to their end: generation speed. */
  generation: { tokens: number; ms: number };
}

/** A record with no prototype: names from outside cannot reach Object.prototype. */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** An empty minute starting at `start`. */
export function emptyBucket(start: number): MinuteBucket {
  return {
    start,
    requests: 0,
    attempts: 0,
    successes: 0,
    failures: 0,
    retries: 0,
    rateLimitWaits: 0,
    circuitRejections: 0,
    deduplicated: 0,
    failuresByType: dict(),
    failuresByStatus: dict(),
    latency: emptyHistogram(),
    ttft: emptyHistogram(),
    models: dict(),
    rateLimits: dict(),
    circuit: [],
    connections: { created: 0, reused: 0 },
    bytes: { in: 0, out: 0 },
    generation: { tokens: 0, ms: 0 },
  };
}

/** An empty model tally. */
export function emptyTally(): ModelTally {
  return { requests: 0, successes: 0, failures: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: 0, cacheSavingsUsd: 0, unpriced: 0 };
}

/** The name to count under: itself while the record has room, else {@link OTHER}. */
function slot<T>(record: Record<string, T>, name: string): string {
  if (name in record) return name;
  return Object.keys(record).length < MAX_KEYS_PER_MINUTE ? name : OTHER;
}

/** Adds `n` to a bounded counter record. */
export function bump(record: Record<string, number>, name: string, n = 1): void {
  const key = slot(record, name);
  record[key] = (record[key] ?? 0) + n;
}

/** The tally of `model` in a record of tallies (created; bounded like the other names). */
export function tallyOf(models: Record<string, ModelTally>, model: string): ModelTally {
  const key = slot(models, model);
  return (models[key] ??= emptyTally());
}

const TALLY_FIELDS = ['requests', 'successes', 'failures', 'inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'costUsd', 'cacheSavingsUsd', 'unpriced'] as const;

/** Adds every figure of one tally into another. */
export function addTally(into: ModelTally, from: ModelTally): void {
  for (const f of TALLY_FIELDS) into[f] += from[f];
}
const COUNTERS = ['requests', 'attempts', 'successes', 'failures', 'retries', 'rateLimitWaits', 'circuitRejections', 'deduplicated'] as const;

/** Adds every figure of `from` into `into` (the same minute, from another window or an earlier save). */
export function mergeBucket(into: MinuteBucket, from: MinuteBucket): void {
  for (const f of COUNTERS) into[f] += from[f];
  for (const [k, n] of Object.entries(from.failuresByType)) bump(into.failuresByType, k, n);
  for (const [k, n] of Object.entries(from.failuresByStatus)) bump(into.failuresByStatus, k, n);
  mergeHistogram(into.latency, from.latency);
  mergeHistogram(into.ttft, from.ttft);
  for (const [model, t] of Object.entries(from.models)) {
    addTally(tallyOf(into.models, model), t);
  }
  for (const name of RATE_LIMIT_BUCKETS) {
    const p = from.rateLimits[name];
    if (p) mergeRateLimitPoint(into, name, p);
  }
  for (const e of from.circuit) addCircuitEvent(into, e);
  into.connections.created += from.connections.created;
  into.connections.reused += from.connections.reused;
  into.bytes.in += from.bytes.in;
  into.bytes.out += from.bytes.out;
  into.generation.tokens += from.generation.tokens;
  into.generation.ms += from.generation.ms;
}

/** Folds one rate-limit reading into the minute. */
export function mergeRateLimitPoint(bucket: MinuteBucket, name: RateLimitBucketName, p: RateLimitPoint): void {
  const target = (bucket.rateLimits[name] ??= { resets: [] });
  if (p.limit !== undefined) target.limit = p.limit;
  if (p.remaining !== undefined) target.remaining = p.remaining;
  const low = p.minRemaining ?? p.remaining;
  if (low !== undefined) target.minRemaining = target.minRemaining === undefined ? low : Math.min(target.minRemaining, low);
  for (const r of p.resets) addReset(target, r);
}

/** Adds a reset time once, keeping the list sorted and bounded. */
export function addReset(point: RateLimitPoint, at: number): void {
  if (point.resets.includes(at) || point.resets.length >= MAX_RESETS_PER_MINUTE) return;
  point.resets.push(at);
  point.resets.sort((a, b) => a - b);
}

/** Adds a circuit transition (bounded; duplicates from a repeated merge are dropped). */
export function addCircuitEvent(bucket: MinuteBucket, e: CircuitEvent): void {
  if (bucket.circuit.length >= MAX_CIRCUIT_EVENTS_PER_MINUTE) return;
  if (bucket.circuit.some((x) => x.at === e.at && x.key === e.key && x.state === e.state)) return;
  bucket.circuit.push({ ...e });
  bucket.circuit.sort((a, b) => a.at - b.at);
}

/** A deep copy of a bucket. */
export function cloneBucket(b: MinuteBucket): MinuteBucket {
  const copy = emptyBucket(b.start);
  mergeBucket(copy, b);
  return copy;
}

/** Tokens, cost and cache savings summed over per-model tallies: the one sum behind the snapshot and the range summaries. */
export function modelTotals(models: Readonly<Record<string, ModelTally>>): {
  tokens: { input: number; output: number; cacheRead: number; cacheWrite: number };
  costUsd: number;
  cacheSavingsUsd: number;
  unpricedCalls: number;
} {
  const totals = { tokens: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, costUsd: 0, cacheSavingsUsd: 0, unpricedCalls: 0 };
  for (const m of Object.values(models)) {
    totals.tokens.input += m.inputTokens;
    totals.tokens.output += m.outputTokens;
    totals.tokens.cacheRead += m.cacheReadTokens;
    totals.tokens.cacheWrite += m.cacheWriteTokens;
    totals.costUsd += m.costUsd;
    totals.cacheSavingsUsd += m.cacheSavingsUsd;
    totals.unpricedCalls += m.unpriced;
  }
  return totals;
}
