/**
 * Messages between the metrics dashboard (a webview panel) and the host. The host computes every
 * figure from the client's own per-minute series; the page only draws what it is sent.
 */

/** Time ranges the dashboard offers. */
export const DASHBOARD_RANGES = ['1h', '24h', '7d'] as const;
/** See {@link DASHBOARD_RANGES}. */
export type DashboardRange = (typeof DASHBOARD_RANGES)[number];

/** A distribution in ms (as `Distribution` in src/api). */
export interface DashboardDistribution {
  count: number;
  min: number;
  mean: number;
  max: number;
  p50: number;
  p95: number;
  p99: number;
}

/** The header's figures for the range. */
export interface DashboardSummary {
  requests: number;
  successes: number;
  failures: number;
  /** 0..1, null when no call finished. */
  successRate: number | null;
  retries: number;
  rateLimitWaits: number;
  circuitRejections: number;
  latency: DashboardDistribution;
  ttft: DashboardDistribution;
  requestsPerSecond: number;
  outputTokensPerSecond: number;
  generationTokensPerSecond: number | null;
  tokens: { input: number; output: number; cacheRead: number; cacheWrite: number };
  costUsd: number;
  cacheSavingsUsd: number;
  unpricedCalls: number;
  /** 0..1, null without requests. */
  reuseRate: number | null;
  failuresByType: Record<string, number>;
  failuresByStatus: Record<string, number>;
}

/** A histogram as bars: lower bounds (ms) and counts of the buckets that were hit. */
export interface DashboardHistogram {
  lower: number[];
  upper: number[];
  counts: number[];
}

/** Remaining requests or tokens of one rate-limit bucket per step. */
export interface DashboardRateLimit {
  name: string;
  limit: (number | null)[];
  remaining: (number | null)[];
  /** Reset times announced (epoch ms), within the range. */
  resets: number[];
}

/** One circuit-breaker transition. */
export interface DashboardCircuitEvent {
  at: number;
  key: string;
  state: 'closed' | 'open' | 'half-open';
}

/** Tokens and cost of one model on one day. */
export interface DashboardDayModel {
  model: string;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  costUsd: number;
  cacheSavingsUsd: number;
}

/** One calendar day (local time). */
export interface DashboardDay {
  day: string;
  models: DashboardDayModel[];
}

/** Everything one render of the dashboard needs. Times are epoch ms. */
export interface DashboardData {
  range: DashboardRange;
  from: number;
  to: number;
  stepMs: number;
  /** Step starts; every per-step array has this length. */
  times: number[];
  summary: DashboardSummary;
  latency: { p50: (number | null)[]; p95: (number | null)[]; p99: (number | null)[] };
  ttft: { p50: (number | null)[]; p95: (number | null)[]; p99: (number | null)[] };
  traffic: { requests: number[]; successes: number[]; failures: number[]; retries: number[]; rateLimitWaits: number[] };
  /** Failures per step by error type (the most frequent types; the rest under `(other)`). */
  failuresByType: { name: string; values: number[] }[];
  latencyHistogram: DashboardHistogram;
  ttftHistogram: DashboardHistogram;
  rateLimits: DashboardRateLimit[];
  circuit: DashboardCircuitEvent[];
  /** Share of requests sent on a reused connection per step (null without requests). */
  reuse: (number | null)[];
  days: DashboardDay[];
  /** Minutes held in the store (all ranges). */
  minutesStored: number;
  retentionDays: number;
}

/** Host to dashboard. */
export type ToDashboard =
  | { type: 'dashboard/data'; data: DashboardData }
  | { type: 'dashboard/notice'; text: string };

/** Dashboard to host. */
export type FromDashboard =
  | { type: 'dashboard/ready' }
  | { type: 'dashboard/range'; range: DashboardRange }
  | { type: 'dashboard/export'; format: 'json' | 'csv' }
  | { type: 'dashboard/reset' };

/** Checks a message from the page (it is untrusted input). */
export function parseFromDashboard(raw: unknown): FromDashboard | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'dashboard/ready':
    case 'dashboard/reset':
      return { type: m.type };
    case 'dashboard/range':
      return (DASHBOARD_RANGES as readonly unknown[]).includes(m.range) ? { type: m.type, range: m.range as DashboardRange } : undefined;
    case 'dashboard/export':
      return m.format === 'json' || m.format === 'csv' ? { type: m.type, format: m.format } : undefined;
    default:
      return undefined;
  }
}
