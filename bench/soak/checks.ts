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

/** Summary of the records (the pool, heap and metrics fields are filled in by the runner). */
export function summarize(records: readonly ConversationRecord[]): Pick<
  RunFigures,
  'conversations' | 'succeeded' | 'successRate' | 'failuresByType' | 'hung' | 'notExactlyOnce' | 'wrongTexts' | 'partialsNotPrefix' | 'partials' | 'latencyMs' | 'ttftMs'
> {
  const failuresByType: Record<string, number> = {};
  let succeeded = 0;
  let wrongTexts = 0;
  let partials = 0;
  let partialsNotPrefix = 0;
  for (const r of records) {
    if (r.ok) {
      succeeded++;
      if (!r.textExact) wrongTexts++;
    } else if (!r.hung) {
      const name = r.errorName ?? 'unknown';
      failuresByType[name] = (failuresByType[name] ?? 0) + 1;
      if (r.partialIsPrefix !== undefined) {
        partials++;
        if (!r.partialIsPrefix) partialsNotPrefix++;
      }
    }
  }
  const latency = records.map((r) => r.latencyMs);
  const ttft = records.flatMap((r) => (r.ttftMs === undefined ? [] : [r.ttftMs]));
  return {
    conversations: records.length,
    succeeded,
    successRate: records.length ? succeeded / records.length : 0,
    failuresByType,
    hung: records.filter((r) => r.hung).length,
    notExactlyOnce: records.filter((r) => !r.hung && (r.ends !== 1 || r.outcomes !== 1)).length,
    wrongTexts,
    partials,
    partialsNotPrefix,
    latencyMs: { p50: percentile(latency, 50), p95: percentile(latency, 95), p99: percentile(latency, 99), max: percentile(latency, 100) },
    ttftMs: { p50: percentile(ttft, 50), p95: percentile(ttft, 95), p99: percentile(ttft, 99) },
  };
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
