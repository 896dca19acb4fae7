/** The soak's verdicts: what one run measured, and the checks it must pass. */
import type { ConversationRecord } from './conversation';

/** Figures of one run (one transport, breaker on or off). */
export interface RunFigures {
  transport: string;
  breaker: 'on' | 'off';
  conversations: number;
  succeeded: number;
  successRate: number;
  failuresByType: Record<string, number>;
  hung: number;
  /** Conversations whose 'end' or final outcome did not fire exactly once. */
  notExactlyOnce: number;
  wrongTexts: number;
  partialsNotPrefix: number;
  partials: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  ttftMs: { p50: number; p95: number; p99: number };
  /** Pool samples where more connections were in use than calls in flight (+1 for a draining body). */
  poolExcessSamples: number;
  poolSamples: number;
  maxInUse: number;
  inUseAfter: number;
  poolCreated: number;
  poolReused: number;
  poolCounted: boolean;
  /** Heap after GC at the end of the first and of the last quarter (MB). */
  heapFirstQuarterMb: number;
  heapLastQuarterMb: number;
  unhandledRejections: number;
  attempts: number;
  retries: number;
  circuitRejections: number;
  faults: Record<string, number>;
  wallSeconds: number;
}

/** Nearest-rank percentile of `values` (0 when empty). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/**
 * Outcomes folded in as each conversation ends, into arrays sized up front: the heap check must
 * see the client's memory, not a growing list of the soak's own records.
 */
export class Tally {
  readonly latency: Float64Array;
  /** NaN: no text arrived. */
  readonly ttft: Float64Array;
  succeeded = 0;
  wrongTexts = 0;
  partials = 0;
  partialsNotPrefix = 0;
  hung = 0;
  notExactlyOnce = 0;
  readonly failuresByType: Record<string, number> = {};
  private count = 0;

  constructor(readonly size: number) {
    this.latency = new Float64Array(size);
    this.ttft = new Float64Array(size).fill(NaN);
  }

  add(r: ConversationRecord): void {
    this.count++;
    this.latency[r.index] = r.latencyMs;
    if (r.ttftMs !== undefined) this.ttft[r.index] = r.ttftMs;
    if (r.hung) {
      this.hung++;
      return;
    }
    if (r.ends !== 1 || r.outcomes !== 1) this.notExactlyOnce++;
    if (r.ok) {
      this.succeeded++;
      if (!r.textExact) this.wrongTexts++;
      return;
    }
    const name = r.errorName ?? 'unknown';
    this.failuresByType[name] = (this.failuresByType[name] ?? 0) + 1;
    if (r.partialIsPrefix !== undefined) {
      this.partials++;
      if (!r.partialIsPrefix) this.partialsNotPrefix++;
    }
  }

  /** The summary figures of what was added. */
  summary(): Pick<
    RunFigures,
    'conversations' | 'succeeded' | 'successRate' | 'failuresByType' | 'hung' | 'notExactlyOnce' | 'wrongTexts' | 'partialsNotPrefix' | 'partials' | 'latencyMs' | 'ttftMs'
  > {
    const latency = Array.from(this.latency.subarray(0, this.count));
    const ttft = Array.from(this.ttft).filter((x) => !Number.isNaN(x));
    return {
      conversations: this.count,
      succeeded: this.succeeded,
      successRate: this.count ? this.succeeded / this.count : 0,
      failuresByType: { ...this.failuresByType },
      hung: this.hung,
      notExactlyOnce: this.notExactlyOnce,
      wrongTexts: this.wrongTexts,
      partials: this.partials,
      partialsNotPrefix: this.partialsNotPrefix,
      latencyMs: { p50: percentile(latency, 50), p95: percentile(latency, 95), p99: percentile(latency, 99), max: percentile(latency, 100) },
      ttftMs: { p50: percentile(ttft, 50), p95: percentile(ttft, 95), p99: percentile(ttft, 99) },
    };
  }
}

/** Heap growth allowed from the first quarter to the last (after GC). */
export const HEAP_BOUND = { absoluteMb: 8, ratio: 1.25 };

/** The failed checks of one run (empty: passed). */
export function runProblems(f: RunFigures): string[] {
  const problems: string[] = [];
  if (f.hung) problems.push(`${f.hung} call(s) hung past their budget`);
  if (f.notExactlyOnce) problems.push(`${f.notExactlyOnce} call(s) did not end exactly once`);
  if (f.wrongTexts) problems.push(`${f.wrongTexts} completed text(s) differ from the answer`);
  if (f.partialsNotPrefix) problems.push(`${f.partialsNotPrefix} partial(s) are not a prefix of the answer`);
  if (f.poolExcessSamples) problems.push(`${f.poolExcessSamples} of ${f.poolSamples} samples had more connections in use than calls in flight`);
  if (f.inUseAfter) problems.push(`${f.inUseAfter} connection(s) still checked out after the run`);
  if (!f.poolCounted) problems.push('the transport could not count its connections');
  const heapLimit = Math.max(f.heapFirstQuarterMb * HEAP_BOUND.ratio, f.heapFirstQuarterMb + HEAP_BOUND.absoluteMb);
  if (f.heapLastQuarterMb > heapLimit) problems.push(`heap grew from ${f.heapFirstQuarterMb.toFixed(1)} to ${f.heapLastQuarterMb.toFixed(1)} MB`);
  if (f.unhandledRejections) problems.push(`${f.unhandledRejections} unhandled rejection(s)`);
  return problems;
}

/** The breaker check: success with the breaker on must be at least 0.95x the rate with it off. */
export function breakerProblem(on: RunFigures, off: RunFigures): string | undefined {
  const ratio = off.successRate ? on.successRate / off.successRate : 1;
  return ratio >= 0.95 ? undefined : `success with the breaker on is ${ratio.toFixed(3)}x the rate with it off (${pct(on.successRate)} vs ${pct(off.successRate)}; must be >= 0.95x)`;
}

/** `0.873` as `87.3 %`. */
export function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}
