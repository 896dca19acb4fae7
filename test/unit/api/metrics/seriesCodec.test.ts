/** The metrics file format: round trips, compact minutes, and strict refusal of damaged or newer files. */
import * as assert from 'node:assert/strict';
import { MetricsSeries } from '../../../../src/api/metrics/series';
import { SeriesFileError, decodeSeries, encodeSeries } from '../../../../src/api/metrics/seriesCodec';
import type { SeriesFile } from '../../../../src/api/metrics/seriesCodec';
import { addCircuitEvent, bump, mergeRateLimitPoint, tallyOf } from '../../../../src/api/metrics/bucket';
import { addValue } from '../../../../src/api/metrics/histogram';

const T0 = Date.parse('2026-11-30T12:00:00Z');
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function sample(): SeriesFile {
  const s = new MetricsSeries();
  const b = s.at(T0 + 5_000);
  b.requests = 4;
  b.attempts = 6;
  b.successes = 3;
  b.failures = 1;
  b.retries = 2;
  bump(b.failuresByType, 'overloaded_error');
  bump(b.failuresByStatus, '529');
  for (const v of [0.5, 120, 340, 2200]) addValue(b.latency, v);
  addValue(b.ttft, 80);
  Object.assign(tallyOf(b.models, 'claude-sonnet-5-5'), { requests: 4, successes: 3, failures: 1, inputTokens: 1200, outputTokens: 300, cacheReadTokens: 900, costUsd: 0.00837, cacheSavingsUsd: 0.00243 });
  mergeRateLimitPoint(b, 'requests', { limit: 50, remaining: 0, resets: [T0 + 30_000] });
  addCircuitEvent(b, { at: T0 + 7_000, key: 'POST /v1/messages claude-sonnet-5-5', state: 'open', retryAt: T0 + 37_000 });
  b.connections.created = 1;
  b.connections.reused = 5;
  b.generation.tokens = 300;
  b.generation.ms = 4_000;
  s.at(T0 + 3 * 60_000).deduplicated = 1;
  return { savedAt: T0 + 200_000, retentionMs: s.retentionMs, minutes: s.snapshot() };
}

/** Plain data for deepEqual (the decoder's records have no prototype). */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('api metrics: file codec', () => {
  it('round-trips every figure, one minute per line, zeros left out but a rate limit at 0 kept', () => {
    const file = sample();
    const text = encodeSeries(file);
    const lines = text.trimEnd().split('\n');
    assert.equal(lines.length, 4, 'header, two minutes, closing line');
    assert.ok(!lines[2].includes('"requests"'), 'a quiet minute holds only what is not zero');
    assert.match(lines[1], /"remaining":0/);
    assert.deepEqual(plain(decodeSeries(enc(text))), plain(file));
  });

  it('an empty series is a valid file', () => {
    const text = encodeSeries({ savedAt: T0, retentionMs: 60_000, minutes: [] });
    assert.deepEqual(decodeSeries(enc(text)).minutes, []);
  });

  const damaged: [string, (text: string) => string][] = [
    ['truncated', (t) => t.slice(0, Math.floor(t.length / 2))],
    ['empty', () => ''],
    ['not JSON', () => 'hello'],
    ['an array', () => '[]'],
    ['another kind of file', (t) => t.replace('claude-chat-metrics', 'something-else')],
    ['a negative counter', (t) => t.replace('"requests":4', '"requests":-4')],
    ['a fractional counter', (t) => t.replace('"requests":4', '"requests":4.5')],
    ['a counter as text', (t) => t.replace('"requests":4', '"requests":"4"')],
    ['histogram counts that do not add up', (t) => t.replace('"n":4', '"n":5')],
    ['histogram bins out of order', (t) => t.replace(/"bins":\[0,1,/, '"bins":[99,1,')],
    ['a start that is not a minute', (t) => t.replace(`"start":${T0}`, `"start":${T0 + 1}`)],
    ['the same minute twice', (t) => t.replace(`"start":${T0 + 180_000}`, `"start":${T0}`)],
    ['an unknown circuit state', (t) => t.replace('"state":"open"', '"state":"ajar"')],
    ['a schema version of 0', (t) => t.replace('"schemaVersion":1', '"schemaVersion":0')],
  ];
  for (const [name, damage] of damaged) {
    it(`refuses a file as corrupt: ${name}`, () => {
      const text = damage(encodeSeries(sample()));
      assert.throws(() => decodeSeries(enc(text)), (e: unknown) => e instanceof SeriesFileError && e.kind === 'corrupt');
    });
  }

  it('refuses bytes that are not UTF-8 as corrupt', () => {
    const bytes = enc(encodeSeries(sample()));
    bytes[10] = 0xff;
    assert.throws(() => decodeSeries(bytes), (e: unknown) => e instanceof SeriesFileError && e.kind === 'corrupt');
  });

  it('refuses a newer schema as newer, not corrupt', () => {
    const text = encodeSeries(sample()).replace('"schemaVersion":1', '"schemaVersion":2');
    assert.throws(() => decodeSeries(enc(text)), (e: unknown) => e instanceof SeriesFileError && e.kind === 'newer' && /newer/.test(e.message));
  });

  it('a model or error type named __proto__ stays a name', () => {
    const text = encodeSeries(sample()).replace('"claude-sonnet-5-5":{', '"__proto__":{').replace('"overloaded_error"', '"__proto__"');
    const m = decodeSeries(enc(text)).minutes[0];
    assert.equal(m.models['__proto__'].outputTokens, 300);
    assert.equal(m.failuresByType['__proto__'], 1);
    assert.equal(({} as Record<string, unknown>).outputTokens, undefined);
  });
});
