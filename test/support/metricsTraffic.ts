/** Busy per-minute traffic for dashboard tests and the dashboard bench: calls of two models, failures, rate-limit readings, circuit transitions. */
import type { MetricsSeries } from '../../src/api/metrics/series';
import { addCircuitEvent, bump, mergeRateLimitPoint, tallyOf } from '../../src/api/metrics/bucket';
import { addValue } from '../../src/api/metrics/histogram';

/** How the traffic of {@link recordCall} looks. */
export interface TrafficOptions {
  /** Share of calls that fail (overloaded or rate-limited, each retried once). Default 0.2. */
  readonly failureRate?: number;
  /** Chance per call of a circuit transition. Default 0.03. */
  readonly circuitChance?: number;
}

/** Records one call at `t` into `series` (with a reset announced 20 s later), as the client would. */
export function recordCall(series: MetricsSeries, t: number, random: () => number, o: TrafficOptions = {}): void {
  const b = series.at(t);
  b.requests++;
  b.attempts++;
  if (random() >= (o.failureRate ?? 0.2)) b.successes++;
  else {
    b.failures++;
    b.retries++;
    bump(b.failuresByType, random() > 0.5 ? 'overloaded_error' : 'rate_limit_error');
    bump(b.failuresByStatus, random() > 0.5 ? '529' : '429');
  }
  addValue(b.latency, 200 + random() * 8000);
  addValue(b.ttft, 150 + random() * 1500);
  const m = tallyOf(b.models, random() > 0.3 ? 'claude-sonnet-5-5' : 'claude-haiku-5-5');
  m.requests++;
  m.inputTokens += 2000;
  m.outputTokens += 400;
  m.cacheReadTokens += 1500;
  m.costUsd += 0.012;
  if (random() > 0.5) b.connections.reused++;
  else b.connections.created++;
  mergeRateLimitPoint(b, 'requests', { limit: 50, remaining: Math.floor(random() * 50), resets: [t + 20_000] });
  if (random() < (o.circuitChance ?? 0.03)) addCircuitEvent(b, { at: t, key: 'POST /v1/messages claude-sonnet-5-5', state: random() > 0.5 ? 'open' : 'closed' });
}
