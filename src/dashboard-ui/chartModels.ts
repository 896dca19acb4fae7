/**
 * The dashboard's charts as plain models: series to draw, and the same figures as a table (the
 * text alternative screen readers and keyboard users get). Pure: no DOM, no uPlot, so the browser
 * bench and tests can build them from any data.
 */
import type { DashboardData, DashboardHistogram } from '../shared/dashboardProtocol';
import { clockTime, ms, pct, tokens, usd } from './chartFormat';

/** How a series is drawn. */
export type SeriesStyle = 'line' | 'bars' | 'step' | 'points';

/** One series of a chart. */
export interface SeriesModel {
  readonly label: string;
  readonly values: (number | null)[];
  /** Index into the theme's series colours. */
  readonly color: number;
  readonly style: SeriesStyle;
  /** `y2`: the right-hand axis. */
  readonly scale?: 'y' | 'y2';
}

/** Value formats of an axis. */
export type AxisFormat = 'ms' | 'count' | 'pct' | 'tokens' | 'usd' | 'circuit';

/** A chart's figures as a table. */
export interface TableModel {
  readonly head: string[];
  readonly rows: string[][];
}

/** One chart. */
export interface ChartModel {
  readonly id: string;
  readonly title: string;
  /** One sentence: what the chart shows (its accessible name). */
  readonly caption: string;
  /** `time`: x is epoch ms; `category`: x is 0..n-1 named by `xLabels`. */
  readonly x: { readonly kind: 'time' | 'category'; readonly values: number[]; readonly labels?: string[] };
  readonly series: SeriesModel[];
  readonly y: AxisFormat;
  readonly y2?: AxisFormat;
  /** Vertical markers (epoch ms) with a label, e.g. rate-limit resets. */
  readonly marks?: { at: number; label: string }[];
  /** Built only when asked (the disclosure is open): a week of steps is thousands of cells. */
  readonly table: () => TableModel;
  /** Shown instead of the chart when there is nothing to draw. */
  readonly empty?: string;
}

/** Formats a value of an axis. */
export function formatValue(format: AxisFormat, v: number | null): string {
  if (v === null) return '—';
  switch (format) {
    case 'ms':
      return ms(v);
    case 'pct':
      return pct(v);
    case 'tokens':
      return tokens(v);
    case 'usd':
      return usd(v);
    case 'circuit':
      return ['closed', 'half-open', 'open'][Math.round(v)] ?? '';
    default:
      return String(Math.round(v * 100) / 100);
  }
}

const CIRCUIT_LEVEL = { closed: 0, 'half-open': 1, open: 2 } as const;

function histogram(id: string, title: string, h: DashboardHistogram, what: string): ChartModel {
  const labels = h.lower.map((lo, i) => `${ms(lo)}–${ms(h.upper[i])}`);
  const total = h.counts.reduce((a, b) => a + b, 0);
  return {
    id,
    title,
    caption: `${what}: calls per duration bucket (each about 19 % wide), ${total} calls.`,
    x: { kind: 'category', values: labels.map((_, i) => i), labels },
    series: [{ label: 'Calls', values: h.counts, color: 0, style: 'bars' }],
    y: 'count',
    table: () => ({ head: ['From', 'To', 'Calls'], rows: h.counts.map((n, i) => [ms(h.lower[i]), ms(h.upper[i]), String(n)]) }),
    empty: total ? undefined : 'No calls in this range.',
  };
}

function timeTable(d: DashboardData, series: SeriesModel[], format: AxisFormat): TableModel {
  const withDay = d.range === '7d';
  const rows: string[][] = [];
  d.times.forEach((t, i) => {
    if (series.every((s) => s.values[i] === null || s.values[i] === 0)) return;
    rows.push([clockTime(t, withDay), ...series.map((s) => formatValue(format, s.values[i]))]);
  });
  return { head: ['Time', ...series.map((s) => s.label)], rows };
}

function percentiles(d: DashboardData, id: string, title: string, p: DashboardData['latency'], what: string): ChartModel {
  const series: SeriesModel[] = [
    { label: 'p50', values: p.p50, color: 0, style: 'line' },
    { label: 'p95', values: p.p95, color: 2, style: 'line' },
    { label: 'p99', values: p.p99, color: 1, style: 'line' },
  ];
  const any = p.p50.some((v) => v !== null);
  return { id, title, caption: `${what} percentiles per ${d.stepMs / 60_000} minutes.`, x: { kind: 'time', values: d.times }, series, y: 'ms', table: () => timeTable(d, series, 'ms'), empty: any ? undefined : 'No calls in this range.' };
}

function traffic(d: DashboardData): ChartModel {
  const series: SeriesModel[] = [
    { label: 'Requests', values: d.traffic.requests, color: 0, style: 'line' },
    { label: 'Failures', values: d.traffic.failures, color: 1, style: 'line' },
    { label: 'Retries', values: d.traffic.retries, color: 2, style: 'line' },
    { label: 'Rate-limit waits', values: d.traffic.rateLimitWaits, color: 5, style: 'line' },
    ...d.failuresByType.map((f, i): SeriesModel => ({ label: f.name, values: f.values, color: 1 + ((i + 3) % 5), style: 'points' })),
  ];
  const statuses = Object.entries(d.summary.failuresByStatus).map(([k, n]) => `${k}: ${n}`).join(', ');
  return {
    id: 'traffic',
    title: 'Requests, errors and retries',
    caption: `Calls, failures by type, retries and rate-limit waits per ${d.stepMs / 60_000} minutes.${statuses ? ` Failures by status: ${statuses}.` : ''}`,
    x: { kind: 'time', values: d.times },
    series,
    y: 'count',
    table: () => timeTable(d, series, 'count'),
    empty: d.summary.requests ? undefined : 'No requests in this range.',
  };
}

function rateLimits(d: DashboardData): ChartModel {
  const series = d.rateLimits.map((r, i): SeriesModel => ({
    label: `${r.name} remaining`,
    values: r.remaining.map((v, j) => {
      const limit = r.limit[j];
      return v === null || !limit ? null : v / limit;
    }),
    color: i,
    style: 'step',
  }));
  const marks = d.rateLimits.flatMap((r) => r.resets.filter((t) => t >= d.from && t < d.to).map((at) => ({ at, label: `${r.name} reset` })));
  return {
    id: 'rateLimits',
    title: 'Rate limits remaining',
    caption: 'Lowest remaining share of each rate-limit bucket per step; dashed lines mark announced resets.',
    x: { kind: 'time', values: d.times },
    series,
    y: 'pct',
    marks,
    table: () => {
      const table = timeTable(d, series, 'pct');
      return { head: table.head, rows: [...table.rows, ...marks.map((m) => [clockTime(m.at, d.range === '7d'), m.label])] };
    },
    empty: series.length ? undefined : 'No rate-limit headers received in this range.',
  };
}

function circuit(d: DashboardData): ChartModel {
  const keys = [...new Set(d.circuit.map((e) => e.key))];
  const series = keys.map((key, i): SeriesModel => {
    const events = d.circuit.filter((e) => e.key === key).sort((a, b) => a.at - b.at);
    let k = 0;
    let level: number | null = null;
    const values = d.times.map((t) => {
      while (k < events.length && events[k].at < t + d.stepMs) level = CIRCUIT_LEVEL[events[k++].state];
      return level;
    });
    return { label: key, values, color: i % 6, style: 'step' };
  });
  return {
    id: 'circuit',
    title: 'Circuit breaker',
    caption: 'State of each circuit (per method, path and model) over time: closed, half-open or open.',
    x: { kind: 'time', values: d.times },
    series,
    y: 'circuit',
    table: () => ({ head: ['Time', 'Circuit', 'State'], rows: d.circuit.map((e) => [clockTime(e.at, true), e.key, e.state]) }),
    empty: keys.length ? undefined : 'No circuit opened in this range.',
  };
}

function reuse(d: DashboardData): ChartModel {
  const series: SeriesModel[] = [{ label: 'Reused connections', values: d.reuse, color: 3, style: 'line' }];
  return {
    id: 'reuse',
    title: 'Connection reuse',
    caption: `Share of requests sent on a kept-alive connection: ${pct(d.summary.reuseRate)} over the range.`,
    x: { kind: 'time', values: d.times },
    series,
    y: 'pct',
    table: () => timeTable(d, series, 'pct'),
    empty: d.reuse.some((v) => v !== null) ? undefined : 'No requests in this range.',
  };
}

function tokensPerDay(d: DashboardData): ChartModel {
  const sum = (pick: (m: DashboardData['days'][number]['models'][number]) => number): number[] => d.days.map((day) => day.models.reduce((n, m) => n + pick(m), 0));
  const series: SeriesModel[] = [
    { label: 'Input', values: sum((m) => m.input), color: 0, style: 'points' },
    { label: 'Output', values: sum((m) => m.output), color: 3, style: 'points' },
    { label: 'Cache reads', values: sum((m) => m.cacheRead), color: 4, style: 'points' },
    { label: 'Cache writes', values: sum((m) => m.cacheWrite), color: 5, style: 'points' },
    { label: 'Cost', values: sum((m) => m.costUsd), color: 2, style: 'bars', scale: 'y2' },
  ];
  const rows = (): string[][] => d.days.flatMap((day) =>
    day.models.map((m) => [day.day, m.model, tokens(m.input), tokens(m.output), tokens(m.cacheRead), tokens(m.cacheWrite), usd(m.costUsd), usd(m.cacheSavingsUsd)]),
  );
  return {
    id: 'tokens',
    title: 'Tokens and cost per day',
    caption: 'Input, output, cache-read and cache-write tokens per day (points), cost per day (bars, right axis); the table splits them per model.',
    x: { kind: 'category', values: d.days.map((_, i) => i), labels: d.days.map((day) => day.day) },
    series,
    y: 'tokens',
    y2: 'usd',
    table: () => ({ head: ['Day', 'Model', 'Input', 'Output', 'Cache reads', 'Cache writes', 'Cost', 'Cache savings'], rows: rows() }),
    empty: d.days.some((day) => day.models.length) ? undefined : 'No tokens used in this range.',
  };
}

/** Every chart of the dashboard, in page order. */
export function chartModels(d: DashboardData): ChartModel[] {
  return [
    percentiles(d, 'latencyOverTime', 'Latency p50 / p95 / p99', d.latency, 'Call latency'),
    percentiles(d, 'ttftOverTime', 'Time to first token p50 / p95 / p99', d.ttft, 'Time to first token'),
    histogram('latencyHistogram', 'Latency histogram', d.latencyHistogram, 'Call latency'),
    histogram('ttftHistogram', 'Time-to-first-token histogram', d.ttftHistogram, 'Time to first token'),
    traffic(d),
    rateLimits(d),
    circuit(d),
    reuse(d),
    tokensPerDay(d),
  ];
}
