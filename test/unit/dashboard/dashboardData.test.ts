/** The dashboard's figures for a range: steps, percentiles, rate limits, circuit, days, and the page's chart models. */
import * as assert from 'node:assert/strict';
import { MetricsSeries } from '../../../src/api/metrics/series';
import { addCircuitEvent, bump, mergeRateLimitPoint, tallyOf } from '../../../src/api/metrics/bucket';
import { addValue, percentile } from '../../../src/api/metrics/histogram';
import { summarize } from '../../../src/api/metrics/summary';
import { RANGE_SPECS, dashboardData } from '../../../src/dashboard/dashboardData';
import { chartModels } from '../../../src/dashboard-ui/chartModels';

const NOW = Date.parse('2026-11-30T12:00:30Z');
const MIN = 60_000;

function traffic(): MetricsSeries {
  const s = new MetricsSeries();
  const a = s.at(NOW - 10 * MIN);
  a.requests = 4;
  a.successes = 2;
  a.failures = 2;
  bump(a.failuresByType, 'rate_limit_error');
  bump(a.failuresByType, 'overloaded_error');
  bump(a.failuresByStatus, '429');
  bump(a.failuresByStatus, '529');
  a.retries = 3;
  for (const v of [100, 200, 300, 4000]) addValue(a.latency, v);
  Object.assign(tallyOf(a.models, 'claude-sonnet-5-5'), { requests: 4, successes: 2, failures: 2, inputTokens: 1000, outputTokens: 500, cacheReadTokens: 800, costUsd: 0.02 });
  mergeRateLimitPoint(a, 'requests', { limit: 50, remaining: 40, minRemaining: 10, resets: [NOW - 9 * MIN] });
  addCircuitEvent(a, { at: NOW - 10 * MIN + 5000, key: 'POST /v1/messages claude-sonnet-5-5', state: 'open' });
  a.connections.created = 1;
  a.connections.reused = 3;
  const b = s.at(NOW - 8 * MIN);
  b.requests = 1;
  b.successes = 1;
  addValue(b.latency, 150);
  addCircuitEvent(b, { at: NOW - 8 * MIN + 1000, key: 'POST /v1/messages claude-sonnet-5-5', state: 'closed' });
  // Two days earlier: outside the hour and the day, inside the week.
  const old = s.at(NOW - 2 * 24 * 60 * MIN);
  old.requests = 1;
  old.successes = 1;
  Object.assign(tallyOf(old.models, 'claude-haiku-5-5'), { requests: 1, successes: 1, inputTokens: 10, outputTokens: 20, costUsd: 0.001 });
  return s;
}

describe('dashboard: data for a range', () => {
  it('the last hour in minute steps: the same figures as the client summary, percentiles per step from the histograms', () => {
    const s = traffic();
    const d = dashboardData(s.buckets(), { range: '1h', now: NOW, minutesStored: s.size, retentionMs: s.retentionMs, dayOf: (t) => new Date(t).toISOString().slice(0, 10) });
    assert.equal(d.times.length, 60);
    assert.equal(d.to - d.from, RANGE_SPECS['1h'].lengthMs);
    assert.ok(d.from <= NOW - 10 * MIN && NOW < d.to);
    const ref = summarize(s.buckets(), d.from, d.to);
    assert.equal(d.summary.requests, 5);
    assert.equal(d.summary.successRate, ref.successRate);
    assert.deepEqual(d.summary.latency, ref.latency);
    const i = d.times.indexOf(NOW - 10 * MIN - ((NOW - 10 * MIN) % MIN));
    assert.equal(d.traffic.requests[i], 4);
    assert.equal(d.traffic.retries[i], 3);
    assert.equal(d.latency.p99[i], percentile(s.buckets()[1].latency, 0.99));
    assert.equal(d.latency.p50[i + 1], null, 'a quiet minute has no percentile');
    assert.deepEqual(d.failuresByType.map((f) => f.name).sort(), ['overloaded_error', 'rate_limit_error']);
    assert.equal(d.rateLimits[0].name, 'requests');
    assert.equal(d.rateLimits[0].remaining[i], 10, 'the lowest reading of the step');
    assert.deepEqual(d.rateLimits[0].resets, [NOW - 9 * MIN]);
    assert.deepEqual(d.circuit.map((e) => e.state), ['open', 'closed']);
    assert.equal(d.reuse[i], 0.75);
    assert.deepEqual(d.days.map((x) => x.day), ['2026-11-30']);
    assert.equal(d.days[0].models[0].cacheRead, 800);
  });

  it('seven days in 30-minute steps keep the older day; the hour does not', () => {
    const s = traffic();
    const week = dashboardData(s.buckets(), { range: '7d', now: NOW, minutesStored: s.size, retentionMs: s.retentionMs });
    assert.equal(week.times.length, 336);
    assert.equal(week.summary.requests, 6);
    assert.equal(week.days.length, 2);
    assert.equal(week.retentionDays, 7);
    const hour = dashboardData(s.buckets(), { range: '1h', now: NOW, minutesStored: s.size, retentionMs: s.retentionMs });
    assert.equal(hour.summary.requests, 5);
  });

  it('the page draws every chart, each with a table; the circuit line follows the transitions', () => {
    const s = traffic();
    const d = dashboardData(s.buckets(), { range: '1h', now: NOW, minutesStored: s.size, retentionMs: s.retentionMs });
    const models = chartModels(d);
    assert.deepEqual(models.map((m) => m.id), ['latencyOverTime', 'ttftOverTime', 'latencyHistogram', 'ttftHistogram', 'traffic', 'rateLimits', 'circuit', 'reuse', 'tokens']);
    for (const m of models) {
      assert.ok(m.table().head.length > 0, m.id);
      for (const series of m.series) assert.equal(series.values.length, m.x.values.length, `${m.id} ${series.label}`);
    }
    const circuit = models.find((m) => m.id === 'circuit');
    const values = circuit?.series[0].values ?? [];
    const i = d.times.findIndex((t) => t + MIN > NOW - 10 * MIN);
    assert.deepEqual([values[i - 1], values[i], values[i + 1], values[i + 2], values.at(-1)], [null, 2, 2, 0, 0]);
    const ttft = models.find((m) => m.id === 'ttftOverTime');
    assert.equal(ttft?.empty, 'No calls in this range.');
    const rl = models.find((m) => m.id === 'rateLimits');
    assert.equal(rl?.marks?.length, 1);
  });
});
