/**
 * What recording one call's metrics costs, in isolation: `Metrics.finish()` with and without two
 * per-minute series attached (the extension host records into two), over many calls. An
 * information row next to the side-by-side stream measurement, which is too coarse to see it.
 */
import { performance } from 'node:perf_hooks';
import { Metrics } from '../../src/api/metrics/metrics';
import { MetricsSeries } from '../../src/api/metrics/series';
import { callCost } from '../../src/shared/pricing';

const pool = { transport: 'node' as const, created: 1, reused: 0, inUse: 0, counted: true };

function perCall(series: number, calls: number): number {
  let now = Date.parse('2026-11-30T12:00:00Z');
  const metrics = new Metrics(() => pool, { now: () => now, setTimeout: () => 0, clearTimeout: () => undefined }, () => callCost);
  for (let i = 0; i < series; i++) metrics.record(new MetricsSeries());
  const usage = { input_tokens: 1200, output_tokens: 800, cache_creation_input_tokens: 0, cache_read_input_tokens: 900 };
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) {
    now += 250;
    metrics.countRequest();
    metrics.countAttempt(900);
    metrics.addTtft(40 + (i % 300));
    metrics.finish({ latencyMs: 200 + (i % 5000), model: 'claude-sonnet-5-5', usage, firstTokenAt: now - 100 });
  }
  return ((performance.now() - t0) / calls) * 1000;
}

/** Microseconds per call spent recording into two series (minus the snapshot counters alone). */
export function recordingMicrosPerCall(calls = 200_000): { withSeries: number; without: number } {
  perCall(2, calls / 4);
  perCall(0, calls / 4);
  return { withSeries: perCall(2, calls), without: perCall(0, calls) };
}
