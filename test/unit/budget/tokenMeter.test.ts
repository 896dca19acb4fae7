/** The composer meter on a fake clock: debounce, one count at a time, cache per content hash, failures. */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { FakeClock, tick } from '../../support/fakeClock';
import { TokenMeter } from '../../../src/budget/tokenMeter';
import type { MeterReading } from '../../../src/budget/tokenMeter';

interface Body {
  text: string;
}

/** A count function the test settles by hand, recording what was asked. */
function scriptedCounter(): {
  asked: string[];
  count: (b: Body, signal: AbortSignal) => Promise<number>;
  answer: (tokens: number) => Promise<void>;
  fail: (error: unknown) => Promise<void>;
  aborted: () => boolean;
} {
  const asked: string[] = [];
  const pending: { resolve: (n: number) => void; reject: (e: unknown) => void; signal: AbortSignal }[] = [];
  return {
    asked,
    count: (b, signal) =>
      new Promise<number>((resolve, reject) => {
        asked.push(b.text);
        pending.push({ resolve, reject, signal });
      }),
    answer: async (tokens) => {
      pending.shift()?.resolve(tokens);
      await tick();
    },
    fail: async (error) => {
      pending.shift()?.reject(error);
      await tick();
    },
    aborted: () => pending.some((p) => p.signal.aborted),
  };
}

function meter(clock: FakeClock, counter: ReturnType<typeof scriptedCounter>, readings: MeterReading[], extra: Partial<ConstructorParameters<typeof TokenMeter<Body>>[0]> = {}): TokenMeter<Body> {
  return new TokenMeter<Body>({
    clock,
    debounceMs: 400,
    count: counter.count,
    keyOf: (b) => createHash('sha256').update(b.text).digest('hex'),
    estimate: (b) => Math.ceil(b.text.length / 4),
    onReading: (r) => readings.push(r),
    ...extra,
  });
}

const states = (rs: MeterReading[]): string[] => rs.map((r) => (r.state === 'counted' ? `counted ${r.tokens}${r.cached ? ' (cache)' : ''}` : r.state));

describe('budget: token meter', () => {
  it('counts once the user pauses, not on every key', async () => {
    const clock = new FakeClock();
    const counter = scriptedCounter();
    const readings: MeterReading[] = [];
    const m = meter(clock, counter, readings);
    for (const text of ['H', 'He', 'Hel', 'Hell', 'Hello']) {
      m.update(() => ({ text }));
      clock.advance(150);
    }
    assert.deepEqual(counter.asked, [], 'still typing: nothing asked');
    clock.advance(250);
    assert.deepEqual(counter.asked, ['Hello']);
    await counter.answer(12);
    assert.deepEqual(states(readings), ['counting', 'counted 12']);
    const counting = readings[0];
    assert.equal(counting.state === 'counting' ? counting.estimate : -1, 2);
  });

  it('the same content is never counted twice: undo, retyping and a send reuse the cache', async () => {
    const clock = new FakeClock();
    const counter = scriptedCounter();
    const readings: MeterReading[] = [];
    const m = meter(clock, counter, readings);
    m.update(() => ({ text: 'draft one' }));
    clock.advance(400);
    await counter.answer(30);
    m.update(() => ({ text: 'draft one!' }));
    clock.advance(400);
    await counter.answer(31);
    m.update(() => ({ text: 'draft one' }));
    clock.advance(400);
    const atSend = await m.countNow({ text: 'draft one' });
    assert.deepEqual(counter.asked, ['draft one', 'draft one!']);
    assert.deepEqual(states(readings).slice(-2), ['counted 30 (cache)', 'counted 30 (cache)']);
    assert.equal(atSend.state === 'counted' && atSend.tokens, 30);
  });

  it('one count at a time: drafts typed meanwhile wait, and only the newest is counted', async () => {
    const clock = new FakeClock();
    const counter = scriptedCounter();
    const readings: MeterReading[] = [];
    const m = meter(clock, counter, readings);
    m.update(() => ({ text: 'a' }));
    clock.advance(400);
    for (const text of ['ab', 'abc']) {
      m.update(() => ({ text }));
      clock.advance(400);
    }
    assert.deepEqual(counter.asked, ['a']);
    await counter.answer(1);
    assert.deepEqual(counter.asked, ['a', 'abc'], '"ab" was never worth a request');
    await counter.answer(3);
    assert.equal(states(readings).at(-1), 'counted 3');
    assert.ok(!states(readings).includes('counted 1'), "a stale result is cached, not shown");
    assert.equal(m.cached(createHash('sha256').update('a').digest('hex')), 1);
  });

  it('a send waits for the count in flight of the same content instead of asking again', async () => {
    const clock = new FakeClock();
    const counter = scriptedCounter();
    const m = meter(clock, counter, []);
    m.update(() => ({ text: 'ready' }));
    clock.advance(400);
    const atSend = m.countNow({ text: 'ready' });
    await counter.answer(5);
    assert.deepEqual(await atSend, { state: 'counted', key: createHash('sha256').update('ready').digest('hex'), tokens: 5, cached: false });
    assert.equal(counter.asked.length, 1);
  });

  it('a send of other content waits its turn and is counted, never dropped', async () => {
    const clock = new FakeClock();
    const counter = scriptedCounter();
    const m = meter(clock, counter, []);
    m.update(() => ({ text: 'old' }));
    clock.advance(400);
    const atSend = m.countNow({ text: 'new' });
    await counter.answer(2);
    assert.deepEqual(counter.asked, ['old', 'new']);
    await counter.answer(4);
    const r = await atSend;
    assert.equal(r.state === 'counted' && r.tokens, 4);
  });

  it('offline: the meter says it could not count and tries again on the next change', async () => {
    const clock = new FakeClock();
    const counter = scriptedCounter();
    const readings: MeterReading[] = [];
    const m = meter(clock, counter, readings, { isUnsupported: () => false });
    m.update(() => ({ text: 'x' }));
    clock.advance(400);
    await counter.fail(new Error('ECONNREFUSED'));
    assert.equal(readings.at(-1)?.state, 'unavailable');
    m.update(() => ({ text: 'xy' }));
    clock.advance(400);
    assert.deepEqual(counter.asked, ['x', 'xy']);
  });

  it('a gateway without count_tokens is not asked again for a while', async () => {
    const clock = new FakeClock();
    const counter = scriptedCounter();
    const readings: MeterReading[] = [];
    const m = meter(clock, counter, readings, { isUnsupported: (e) => (e as { status?: number }).status === 404, unsupportedForMs: 60_000 });
    m.update(() => ({ text: 'x' }));
    clock.advance(400);
    await counter.fail({ status: 404 });
    m.update(() => ({ text: 'xy' }));
    clock.advance(400);
    const r = readings.at(-1);
    assert.ok(r?.state === 'unavailable' && r.unsupported);
    assert.deepEqual(counter.asked, ['x']);
    clock.advance(60_000);
    m.update(() => ({ text: 'xyz' }));
    clock.advance(400);
    assert.deepEqual(counter.asked, ['x', 'xyz'], 'asked again after the pause');
  });

  it('the cache is bounded, oldest first; dispose aborts the count in flight and stays silent', async () => {
    const clock = new FakeClock();
    const counter = scriptedCounter();
    const readings: MeterReading[] = [];
    const m = meter(clock, counter, readings, { cacheSize: 2 });
    for (const text of ['1', '2', '3']) {
      m.update(() => ({ text }));
      clock.advance(400);
      await counter.answer(Number(text));
    }
    const key = (t: string): string => createHash('sha256').update(t).digest('hex');
    assert.deepEqual([m.cached(key('1')), m.cached(key('2')), m.cached(key('3'))], [undefined, 2, 3]);
    m.update(() => ({ text: '4' }));
    clock.advance(400);
    const before = readings.length;
    m.dispose();
    assert.ok(counter.aborted());
    await counter.answer(4);
    assert.equal(readings.length, before);
    m.update(() => ({ text: '5' }));
    clock.advance(400);
    assert.equal(counter.asked.length, 4);
  });
});
