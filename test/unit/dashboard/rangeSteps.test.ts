/** Live frames merge only the steps whose minutes changed; their data must equal a computation from scratch. */
import * as assert from 'node:assert/strict';
import { MetricsSeries } from '../../../src/api/metrics/series';
import { LiveDashboardData, dashboardData } from '../../../src/dashboard/dashboardData';
import { recordCall as record } from '../../support/metricsTraffic';
import { seededRandom } from '../../support/seededRandom';
import type { DashboardRange } from '../../../src/shared/dashboardProtocol';

const MIN = 60_000;
const NOW = Date.parse('2026-11-30T12:00:00Z');
const utc = (t: number): string => new Date(t).toISOString().slice(0, 10);

function fromScratch(series: MetricsSeries, range: DashboardRange, now: number): ReturnType<typeof dashboardData> {
  return dashboardData(series.buckets(), { range, now, minutesStored: series.size, retentionMs: series.retentionMs, dayOf: utc });
}

describe('dashboard: live steps', () => {
  for (const range of ['1h', '24h', '7d'] as const) {
    it(`${range}: every live frame equals the data computed from all minutes, across new steps and dropped minutes`, () => {
      const random = seededRandom(7);
      // Two days of retention so the 7d range also sees minutes dropped inside it.
      const series = new MetricsSeries({ retentionMs: 2 * 24 * 60 * MIN });
      for (let t = NOW - 2 * 24 * 60 * MIN; t <= NOW; t += 7 * MIN) record(series, t, random);
      const live = new LiveDashboardData(utc);
      let now = NOW;
      assert.deepEqual(live.data(series, range, now), fromScratch(series, range, now));
      // Live traffic for two hours: new minutes, new steps, the oldest minutes pruned each minute.
      for (let i = 0; i < 240; i++) {
        now += 30_000;
        record(series, now, random);
        if (i % 7 === 0) record(series, now - 5 * MIN, random);
        assert.deepEqual(live.data(series, range, now), fromScratch(series, range, now), `frame ${i}`);
      }
      assert.ok(series.prunedThrough > NOW - 2 * 24 * 60 * MIN, 'the retention dropped minutes meanwhile');
    });
  }

  it('a cleared series starts over; minutes merged in from another window show up', () => {
    const random = seededRandom(8);
    const series = new MetricsSeries();
    for (let t = NOW - 60 * MIN; t <= NOW; t += MIN) record(series, t, random);
    const live = new LiveDashboardData(utc);
    assert.equal(live.data(series, '24h', NOW).summary.requests, 61);
    series.clear();
    record(series, NOW, random);
    assert.deepEqual(live.data(series, '24h', NOW), fromScratch(series, '24h', NOW));
    assert.equal(live.data(series, '24h', NOW).summary.requests, 1);
    const other = new MetricsSeries();
    record(other, NOW - 3 * 60 * MIN, random);
    series.merge(other.buckets());
    assert.deepEqual(live.data(series, '24h', NOW), fromScratch(series, '24h', NOW));
    assert.equal(live.data(series, '24h', NOW).summary.requests, 2);
  });

  it('a week of per-minute resets is marked at most once per step', () => {
    const random = seededRandom(9);
    const series = new MetricsSeries();
    for (let t = NOW - 7 * 24 * 60 * MIN + MIN; t <= NOW; t += MIN) record(series, t, random);
    const d = new LiveDashboardData(utc).data(series, '7d', NOW);
    assert.equal(d.rateLimits[0].resets.length, d.times.length);
    assert.ok(d.rateLimits[0].resets.every((t, i) => t >= d.times[i] && t < d.times[i] + d.stepMs));
  });
});
