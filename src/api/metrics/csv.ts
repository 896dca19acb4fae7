/**
 * CSV export of per-minute buckets: one row of totals per minute (model `*`), then one row per
 * model of that minute with its calls, tokens and cost. Cells a spreadsheet would run as a
 * formula (a model or error name starting with `=`, `+`, `-`, `@`) are prefixed with `'`.
 */
import type { MinuteBucket, ModelTally } from './bucket';
import { distribution } from './summary';

const COLUMNS = [
  'minute_utc', 'model', 'requests', 'attempts', 'successes', 'failures', 'retries', 'rate_limit_waits', 'circuit_rejections',
  'latency_min_ms', 'latency_mean_ms', 'latency_p50_ms', 'latency_p95_ms', 'latency_p99_ms', 'latency_max_ms',
  'ttft_p50_ms', 'ttft_p95_ms', 'ttft_p99_ms',
  'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'cost_usd', 'cache_savings_usd',
  'connections_created', 'connections_reused', 'failures_by_type', 'failures_by_status',
] as const;

/** One CSV cell: quoted when needed, formula-looking text defused. */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 1e6) / 1e6);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function pairs(record: Record<string, number>): string {
  return Object.entries(record).map(([k, n]) => `${k}=${n}`).join(' ');
}

function modelCells(m: ModelTally): Partial<Record<(typeof COLUMNS)[number], number>> {
  return {
    requests: m.requests, successes: m.successes, failures: m.failures, input_tokens: m.inputTokens, output_tokens: m.outputTokens,
    cache_read_tokens: m.cacheReadTokens, cache_write_tokens: m.cacheWriteTokens, cost_usd: m.costUsd, cache_savings_usd: m.cacheSavingsUsd,
  };
}

/** The whole export, header first, CRLF line ends (RFC 4180). */
export function seriesToCsv(buckets: readonly MinuteBucket[]): string {
  const lines = [COLUMNS.join(',')];
  const row = (cells: Partial<Record<(typeof COLUMNS)[number], string | number>>): void => {
    lines.push(COLUMNS.map((c) => csvCell(cells[c])).join(','));
  };
  for (const b of buckets) {
    const minute = new Date(b.start).toISOString();
    const lat = distribution(b.latency);
    const ttft = distribution(b.ttft);
    const totals = Object.values(b.models).reduce(
      (t, m) => ({ i: t.i + m.inputTokens, o: t.o + m.outputTokens, r: t.r + m.cacheReadTokens, w: t.w + m.cacheWriteTokens, c: t.c + m.costUsd, s: t.s + m.cacheSavingsUsd }),
      { i: 0, o: 0, r: 0, w: 0, c: 0, s: 0 },
    );
    row({
      minute_utc: minute, model: '*', requests: b.requests, attempts: b.attempts, successes: b.successes, failures: b.failures, retries: b.retries,
      rate_limit_waits: b.rateLimitWaits, circuit_rejections: b.circuitRejections,
      ...(lat.count ? { latency_min_ms: lat.min, latency_mean_ms: lat.mean, latency_p50_ms: lat.p50, latency_p95_ms: lat.p95, latency_p99_ms: lat.p99, latency_max_ms: lat.max } : {}),
      ...(ttft.count ? { ttft_p50_ms: ttft.p50, ttft_p95_ms: ttft.p95, ttft_p99_ms: ttft.p99 } : {}),
      input_tokens: totals.i, output_tokens: totals.o, cache_read_tokens: totals.r, cache_write_tokens: totals.w, cost_usd: totals.c, cache_savings_usd: totals.s,
      connections_created: b.connections.created, connections_reused: b.connections.reused,
      failures_by_type: pairs(b.failuresByType), failures_by_status: pairs(b.failuresByStatus),
    });
    for (const [model, m] of Object.entries(b.models)) row({ minute_utc: minute, model, ...modelCells(m) });
  }
  return `${lines.join('\r\n')}\r\n`;
}
