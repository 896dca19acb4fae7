/**
 * What the dashboard draws for a range, computed from the client's own per-minute buckets (never a
 * second tally): minutes rolled up to a step that keeps every chart to a few hundred points,
 * percentiles from the merged fixed-bucket histograms, tokens and cost per local day and model.
 * Pure: no vscode, no I/O.
 */
import type { HistogramData, MinuteBucket, RangeSummary } from '../api';
import { RATE_LIMIT_BUCKETS, bucketBounds, dailyTotals, histogramPercentile, rollUp, summarize } from '../api';
import type { DashboardData, DashboardHistogram, DashboardRange, DashboardSummary } from '../shared/dashboardProtocol';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Length and step of each range: 60, 288 and 336 points. */
export const RANGE_SPECS: Record<DashboardRange, { readonly lengthMs: number; readonly stepMs: number }> = {
  '1h': { lengthMs: HOUR, stepMs: MINUTE },
  '24h': { lengthMs: 24 * HOUR, stepMs: 5 * MINUTE },
  '7d': { lengthMs: 7 * 24 * HOUR, stepMs: 30 * MINUTE },
};

/** Error types drawn as their own line; the rest are added under `(other)`. */
const TOP_ERROR_TYPES = 5;

/** `2026-11-30` in the host's time zone: days follow the user's calendar. */
export function localDay(t: number): string {
  const d = new Date(t);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

function histogramBars(h: HistogramData): DashboardHistogram {
  const out: DashboardHistogram = { lower: [], upper: [], counts: [] };
  for (let i = 0; i < h.bins.length; i += 2) {
    const [lo, hi] = bucketBounds(h.bins[i]);
    out.lower.push(lo);
    out.upper.push(hi === Infinity ? Math.max(h.max, lo) : hi);
    out.counts.push(h.bins[i + 1]);
  }
  return out;
}

function quantiles(steps: (MinuteBucket | undefined)[], pick: (b: MinuteBucket) => HistogramData): DashboardData['latency'] {
  const at = (q: number): (number | null)[] => steps.map((b) => (b && pick(b).n ? histogramPercentile(pick(b), q) : null));
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

function failureLines(steps: (MinuteBucket | undefined)[], totals: Record<string, number>): DashboardData['failuresByType'] {
  const ranked = Object.entries(totals).sort((a, b) => b[1] - a[1]).map(([name]) => name);
  const top = ranked.slice(0, TOP_ERROR_TYPES);
  const lines = top.map((name) => ({ name, values: steps.map((b) => (b ? (b.failuresByType[name] ?? 0) : 0)) }));
  if (ranked.length > TOP_ERROR_TYPES) {
    const rest = ranked.slice(TOP_ERROR_TYPES);
    lines.push({ name: '(other)', values: steps.map((b) => (b ? rest.reduce((n, k) => n + (b.failuresByType[k] ?? 0), 0) : 0)) });
  }
  return lines;
}

function rateLimitLines(steps: (MinuteBucket | undefined)[], minutes: readonly MinuteBucket[]): DashboardData['rateLimits'] {
  const out: DashboardData['rateLimits'] = [];
  for (const name of RATE_LIMIT_BUCKETS) {
    if (!minutes.some((m) => m.rateLimits[name])) continue;
    const resets = new Set<number>();
    for (const m of minutes) for (const r of m.rateLimits[name]?.resets ?? []) resets.add(r);
    out.push({
      name,
      limit: steps.map((b) => b?.rateLimits[name]?.limit ?? null),
      // The lowest reading of the step: a dip to 0 inside a step must not be averaged away.
      remaining: steps.map((b) => b?.rateLimits[name]?.minRemaining ?? b?.rateLimits[name]?.remaining ?? null),
      resets: [...resets].sort((a, b) => a - b),
    });
  }
  return out;
}

function summaryOf(s: RangeSummary): DashboardSummary {
  return {
    requests: s.requests,
    successes: s.successes,
    failures: s.failures,
    successRate: s.successRate,
    retries: s.retries,
    rateLimitWaits: s.rateLimitWaits,
    circuitRejections: s.circuitRejections,
    latency: s.latency,
    ttft: s.ttft,
    requestsPerSecond: s.throughput.requestsPerSecond,
    outputTokensPerSecond: s.throughput.outputTokensPerSecond,
    generationTokensPerSecond: s.throughput.generationTokensPerSecond,
    tokens: s.tokens,
    costUsd: s.costUsd,
    cacheSavingsUsd: s.cacheSavingsUsd,
    unpricedCalls: s.unpricedCalls,
    reuseRate: s.connections.reuseRate,
    failuresByType: { ...s.failuresByType },
    failuresByStatus: { ...s.failuresByStatus },
  };
}

/** Options of {@link dashboardData}. */
export interface DashboardDataOptions {
  readonly range: DashboardRange;
  readonly now: number;
  readonly minutesStored: number;
  readonly retentionMs: number;
  /** Names the day of a time; defaults to {@link localDay}. */
  readonly dayOf?: (t: number) => string;
}

/** The dashboard's data for the range ending at the step holding `now`; `buckets` may hold any minutes. */
export function dashboardData(buckets: readonly MinuteBucket[], o: DashboardDataOptions): DashboardData {
  const { lengthMs, stepMs } = RANGE_SPECS[o.range];
  const to = Math.floor(o.now / stepMs) * stepMs + stepMs;
  const from = to - lengthMs;
  const minutes = buckets.filter((b) => b.start >= from && b.start < to);
  const byStart = new Map(rollUp(minutes, stepMs).map((b) => [b.start, b]));
  const times: number[] = [];
  for (let t = from; t < to; t += stepMs) times.push(t);
  const steps = times.map((t) => byStart.get(t));
  const count = (pick: (b: MinuteBucket) => number): number[] => steps.map((b) => (b ? pick(b) : 0));
  const total = summarize(minutes, from, to);
  const summary = summaryOf(total);
  return {
    range: o.range,
    from,
    to,
    stepMs,
    times,
    summary,
    latency: quantiles(steps, (b) => b.latency),
    ttft: quantiles(steps, (b) => b.ttft),
    traffic: {
      requests: count((b) => b.requests),
      successes: count((b) => b.successes),
      failures: count((b) => b.failures),
      retries: count((b) => b.retries),
      rateLimitWaits: count((b) => b.rateLimitWaits),
    },
    failuresByType: failureLines(steps, summary.failuresByType),
    latencyHistogram: histogramBars(total.latencyHistogram),
    ttftHistogram: histogramBars(total.ttftHistogram),
    rateLimits: rateLimitLines(steps, minutes),
    circuit: minutes.flatMap((m) => m.circuit.map((e) => ({ at: e.at, key: e.key, state: e.state }))),
    reuse: steps.map((b) => {
      const used = b ? b.connections.created + b.connections.reused : 0;
      return b && used ? b.connections.reused / used : null;
    }),
    days: dailyTotals(minutes, o.dayOf ?? localDay).map((d) => ({
      day: d.day,
      models: Object.entries(d.models).map(([model, m]) => ({
        model,
        input: m.inputTokens,
        output: m.outputTokens,
        cacheRead: m.cacheReadTokens,
        cacheWrite: m.cacheWriteTokens,
        costUsd: m.costUsd,
        cacheSavingsUsd: m.cacheSavingsUsd,
      })),
    })),
    minutesStored: o.minutesStored,
    retentionDays: Math.round(o.retentionMs / (24 * HOUR)),
  };
}
