/** Derived figures: success rate, min/mean/max, throughput, roll-ups, days, and the CSV export. */
import * as assert from 'node:assert/strict';
import { MetricsSeries } from '../../../../src/api/metrics/series';
import { bump, tallyOf } from '../../../../src/api/metrics/bucket';
import { addValue } from '../../../../src/api/metrics/histogram';
import { dailyTotals, rollUp, summarize } from '../../../../src/api/metrics/summary';
import { csvCell, seriesToCsv } from '../../../../src/api/metrics/csv';

const T0 = Date.parse('2026-11-30T23:58:00Z');
const MIN = 60_000;

function traffic(): MetricsSeries {
  const s = new MetricsSeries();
  const a = s.at(T0);
  a.requests = 3;
  a.successes = 2;
  a.failures = 1;
  bump(a.failuresByType, 'overloaded_error');
  for (const v of [100, 300]) addValue(a.latency, v);
  Object.assign(tallyOf(a.models, 'claude-sonnet-5-5'), { requests: 3, successes: 2, failures: 1, inputTokens: 1000, outputTokens: 600, costUsd: 0.012 });
  a.connections.created = 1;
  a.connections.reused = 2;
  a.generation.tokens = 600;
  a.generation.ms = 3000;
  const b = s.at(T0 + 3 * MIN);
  b.requests = 1;
  b.successes = 1;
  addValue(b.latency, 2000);
  Object.assign(tallyOf(b.models, 'claude-haiku-5-5'), { requests: 1, successes: 1, inputTokens: 10, outputTokens: 60, cacheReadTokens: 500, costUsd: 0.001 });
  b.connections.reused = 1;
  return s;
}

describe('api metrics: summaries', () => {
  it('success rate, min / mean / max, throughput and connection reuse over a range', () => {
    const s = summarize(traffic().buckets(), T0, T0 + 5 * MIN);
    assert.equal(s.successRate, 0.75);
    assert.deepEqual([s.latency.min, s.latency.mean, s.latency.max, s.latency.count], [100, 800, 2000, 3]);
    assert.equal(s.throughput.requestsPerSecond, 4 / 300);
    assert.equal(s.throughput.outputTokensPerSecond, 660 / 300);
    assert.equal(s.throughput.generationTokensPerSecond, 200);
    assert.deepEqual(s.tokens, { input: 1010, output: 660, cacheRead: 500, cacheWrite: 0 });
    assert.ok(Math.abs(s.costUsd - 0.013) < 1e-12);
    assert.deepEqual(s.connections, { created: 1, reused: 3, reuseRate: 0.75 });
    assert.equal(summarize([], T0, T0 + MIN).successRate, null);
    assert.equal(summarize(traffic().buckets(), T0 + MIN, T0 + 5 * MIN).requests, 1, 'only minutes inside the range');
  });

  it('rolls minutes up into steps and into days (named by the caller, e.g. the local date)', () => {
    const steps = rollUp(traffic().buckets(), 5 * MIN);
    assert.equal(steps.length, 2, '23:55-00:00 and 00:00-00:05');
    assert.equal(steps[0].requests + steps[1].requests, 4);
    const utc = dailyTotals(traffic().buckets());
    assert.deepEqual(utc.map((d) => [d.day, d.total.outputTokens]), [['2026-11-30', 600], ['2026-12-01', 60]]);
    const plusTwoHours = dailyTotals(traffic().buckets(), (t) => new Date(t + 2 * 3_600_000).toISOString().slice(0, 10));
    assert.deepEqual(plusTwoHours.map((d) => [d.day, d.total.requests]), [['2026-12-01', 4]]);
    assert.deepEqual(Object.keys(plusTwoHours[0].models).sort(), ['claude-haiku-5-5', 'claude-sonnet-5-5']);
  });

  it('exports CSV: a totals row per minute, a row per model, formulas defused, commas quoted', () => {
    const s = traffic();
    tallyOf(s.at(T0).models, '=HYPERLINK("x")').requests = 1;
    const csv = seriesToCsv(s.buckets());
    const rows = csv.trimEnd().split('\r\n');
    assert.match(rows[0], /^minute_utc,model,requests,/);
    assert.equal(rows.length, 1 + 2 + 1 + 2);
    assert.match(rows[1], /^2026-11-30T23:58:00.000Z,\*,3,/);
    assert.ok(rows.some((r) => r.includes(`"'=HYPERLINK(""x"")"`)));
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('-1+2'), "'-1+2");
    assert.equal(csvCell(0.1 + 0.2), '0.3');
  });
});
