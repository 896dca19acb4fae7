/** Per-minute buckets: which minute a moment lands in, retention, merges, and what changed. */
import * as assert from 'node:assert/strict';
import { MetricsSeries, DEFAULT_RETENTION_MS } from '../../../../src/api/metrics/series';
import { MAX_KEYS_PER_MINUTE, OTHER, bump, tallyOf } from '../../../../src/api/metrics/bucket';
import { addValue } from '../../../../src/api/metrics/histogram';

const T0 = Date.parse('2026-11-30T12:00:00Z');
const MIN = 60_000;

describe('api metrics: series', () => {
  it('a moment belongs to the minute it falls in: 12:00:59.999 and 12:01:00.000 are two buckets', () => {
    const s = new MetricsSeries();
    s.at(T0).requests++;
    s.at(T0 + MIN - 1).requests++;
    s.at(T0 + MIN).requests++;
    assert.deepEqual(s.buckets().map((b) => [b.start, b.requests]), [[T0, 2], [T0 + MIN, 1]]);
  });

  it('keeps 7 days of minutes by default and drops the oldest as new minutes open', () => {
    assert.equal(DEFAULT_RETENTION_MS, 7 * 24 * 60 * MIN);
    const s = new MetricsSeries();
    const minutes = 7 * 24 * 60;
    for (let i = 0; i < minutes + 30; i++) s.at(T0 + i * MIN).requests++;
    assert.equal(s.size, minutes, 'never more than 10,080 minutes');
    const kept = s.buckets();
    assert.equal(kept[0].start, T0 + 30 * MIN);
    assert.equal(kept[kept.length - 1].start, T0 + (minutes + 29) * MIN);
  });

  it('a shorter retention drops earlier; a clock far behind records into a bucket that is not kept', () => {
    const s = new MetricsSeries({ retentionMs: 10 * MIN });
    s.at(T0).requests++;
    s.at(T0 + 9 * MIN).requests++;
    assert.equal(s.size, 2);
    s.at(T0 + 10 * MIN).requests++;
    assert.deepEqual(s.buckets().map((b) => b.start), [T0 + 9 * MIN, T0 + 10 * MIN]);
    s.at(T0 - 60 * MIN).requests++;
    assert.equal(s.size, 2);
    s.at(T0 + 5 * MIN).requests++;
    assert.equal(s.size, 3, 'a late minute inside the retention is kept');
  });

  it('merging adds minute by minute, and changedSince names only the minutes touched since', () => {
    const a = new MetricsSeries();
    const b = a.at(T0);
    b.requests = 2;
    addValue(b.latency, 100);
    tallyOf(b.models, 'claude-sonnet-5-5').outputTokens = 40;
    const other = new MetricsSeries();
    const o = other.at(T0);
    o.requests = 3;
    addValue(o.latency, 300);
    tallyOf(o.models, 'claude-sonnet-5-5').outputTokens = 2;
    other.at(T0 + 2 * MIN).failures = 1;
    const v = a.version;
    a.merge(other.buckets());
    const [first, second] = a.buckets();
    assert.equal(first.requests, 5);
    assert.deepEqual([first.latency.n, first.latency.min, first.latency.max], [2, 100, 300]);
    assert.equal(first.models['claude-sonnet-5-5'].outputTokens, 42);
    assert.equal(second.failures, 1);
    assert.equal(a.changedSince(v).length, 2);
    const v2 = a.version;
    a.at(T0 + 2 * MIN).retries++;
    assert.deepEqual(a.changedSince(v2).map((x) => x.start), [T0 + 2 * MIN]);
    second.failures = 99;
    assert.equal(other.buckets()[1].failures, 1, 'merged minutes are copies');
  });

  it('names from outside are bounded per minute and cannot reach Object.prototype', () => {
    const s = new MetricsSeries();
    const b = s.at(T0);
    for (let i = 0; i < MAX_KEYS_PER_MINUTE + 10; i++) bump(b.failuresByType, `type_${i}`);
    bump(b.failuresByType, '__proto__');
    tallyOf(b.models, '__proto__').requests++;
    assert.equal(Object.keys(b.failuresByType).length, MAX_KEYS_PER_MINUTE + 1);
    assert.equal(b.failuresByType[OTHER], 11);
    assert.equal(({} as Record<string, unknown>).requests, undefined);
    assert.equal(b.models['__proto__'].requests, 1);
  });

  it('clear() forgets everything', () => {
    const s = new MetricsSeries();
    s.at(T0).requests++;
    s.clear();
    assert.equal(s.size, 0);
    s.at(T0).requests++;
    assert.equal(s.buckets()[0].requests, 1);
  });
});
