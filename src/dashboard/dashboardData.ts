/**
 * What the dashboard draws for a range, computed from the client's own per-minute buckets (never a
 * second tally): minutes rolled up to a step that keeps every chart to a few hundred points
 * (see rangeSteps.ts), percentiles from the merged fixed-bucket histograms, the range's summary
 * merged once from the same steps, tokens and cost per local day and model. Pure: no vscode, no I/O.
 */
import type { HistogramData, MetricsSeries, MinuteBucket, ModelTally, RangeSummary } from '../api';
import { RATE_LIMIT_BUCKETS, addTally, bucketBounds, histogramPercentile, summarize, tallyOf } from '../api';
import type { DashboardData, DashboardHistogram, DashboardRange, DashboardSummary } from '../shared/dashboardProtocol';
import type { RangeWindow, Step } from './rangeSteps';
import { RangeSteps, buildSteps, localDay, rangeWindow } from './rangeSteps';

export { RANGE_SPECS, localDay } from './rangeSteps';

const DAY_MS = 24 * 60 * 60_000;

/** Error types drawn as their own line; the rest are added under `(other)`. */
const TOP_ERROR_TYPES = 5;

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

function rateLimitLines(steps: (MinuteBucket | undefined)[], w: RangeWindow): DashboardData['rateLimits'] {
  const out: DashboardData['rateLimits'] = [];
  for (const name of RATE_LIMIT_BUCKETS) {
    if (!steps.some((b) => b?.rateLimits[name])) continue;
    // One mark per step at most (its first reset in the range): the API announces a reset with
    // every response, and a week of them would be a line per pixel.
    const resets: number[] = [];
    for (const b of steps) {
      const first = b?.rateLimits[name]?.resets.find((t) => t >= w.from && t < w.to);
      if (first !== undefined && (resets.length === 0 || first > resets[resets.length - 1])) resets.push(first);
    }
    out.push({
      name,
      limit: steps.map((b) => b?.rateLimits[name]?.limit ?? null),
      // The lowest reading of the step: a dip to 0 inside a step must not be averaged away.
      remaining: steps.map((b) => b?.rateLimits[name]?.minRemaining ?? b?.rateLimits[name]?.remaining ?? null),
      resets,
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

/** Tokens and cost per day, oldest first, from the steps' per-day tallies. */
function days(steps: readonly Step[]): DashboardData['days'] {
  const byDay = new Map<string, Record<string, ModelTally>>();
  for (const step of steps) {
    for (const [day, models] of step.days) {
      let into = byDay.get(day);
      if (!into) byDay.set(day, (into = Object.create(null) as Record<string, ModelTally>));
      for (const [model, t] of Object.entries(models)) addTally(tallyOf(into, model), t);
    }
  }
  return [...byDay].map(([day, models]) => ({
    day,
    models: Object.entries(models).map(([model, m]) => ({
      model,
      input: m.inputTokens,
      output: m.outputTokens,
      cacheRead: m.cacheReadTokens,
      cacheWrite: m.cacheWriteTokens,
      costUsd: m.costUsd,
      cacheSavingsUsd: m.cacheSavingsUsd,
    })),
  }));
}

/** The dashboard's data from a range's steps (see {@link LiveDashboardData} for live frames). */
export function dataFromSteps(stepMap: ReadonlyMap<number, Step>, w: RangeWindow, o: Omit<DashboardDataOptions, 'dayOf' | 'now'>): DashboardData {
  const times: number[] = [];
  for (let t = w.from; t < w.to; t += w.stepMs) times.push(t);
  const filled = times.map((t) => stepMap.get(t));
  const steps = filled.map((s) => s?.bucket);
  const present = filled.filter((s): s is Step => s !== undefined);
  const count = (pick: (b: MinuteBucket) => number): number[] => steps.map((b) => (b ? pick(b) : 0));
  // The summary merges the same steps the charts draw: one computation, the client's own figures.
  const total = summarize(present.map((s) => s.bucket), w.from, w.to);
  const summary = summaryOf(total);
  return {
    range: o.range,
    from: w.from,
    to: w.to,
    stepMs: w.stepMs,
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
    rateLimits: rateLimitLines(steps, w),
    circuit: present.flatMap((s) => s.circuit.map((e) => ({ at: e.at, key: e.key, state: e.state }))),
    reuse: steps.map((b) => {
      const used = b ? b.connections.created + b.connections.reused : 0;
      return b && used ? b.connections.reused / used : null;
    }),
    days: days(present),
    minutesStored: o.minutesStored,
    retentionDays: Math.round(o.retentionMs / DAY_MS),
  };
}

/** The dashboard's data for the range ending at the step holding `now`; `buckets` may hold any minutes. */
export function dashboardData(buckets: readonly MinuteBucket[], o: DashboardDataOptions): DashboardData {
  const w = rangeWindow(o.range, o.now);
  const sorted = [...buckets].sort((a, b) => a.start - b.start);
  return dataFromSteps(buildSteps(sorted, w, o.dayOf ?? localDay), w, o);
}

/** A live series' data for the panel's frames: only the steps whose minutes changed are merged again. */
export class LiveDashboardData {
  private readonly steps: RangeSteps;

  constructor(dayOf: (t: number) => string = localDay) {
    this.steps = new RangeSteps(dayOf);
  }

  /** The data of `range` at `now`. */
  data(series: MetricsSeries, range: DashboardRange, now: number): DashboardData {
    const { window, steps } = this.steps.update(series, range, now);
    return dataFromSteps(steps, window, { range, minutesStored: series.size, retentionMs: series.retentionMs });
  }

  /** Drops the cached steps (the panel closed). */
  reset(): void {
    this.steps.reset();
  }
}
