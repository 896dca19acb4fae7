import * as assert from 'assert';
import { timeout } from '../../../src/base/clock';
import { Emitter } from '../../../src/base/emitter';
import { DisposableStore, MutableDisposable, toDisposable } from '../../../src/base/lifecycle';
import { FakeClock } from '../../support/fakeClock';

/** A disposable that writes its name to `log` when disposed. */
const named = (log: string[], name: string) => toDisposable(() => log.push(name));

describe('base: lifecycle and events', () => {
  it('a DisposableStore disposes newest first, once, and disposes late additions at once', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.add(named(log, 'first'));
    store.add(named(log, 'second'));
    store.dispose();
    store.dispose();
    assert.deepStrictEqual(log, ['second', 'first']);
    store.add(named(log, 'late'));
    assert.deepStrictEqual(log, ['second', 'first', 'late'], 'a registration after dispose must not leak');
  });

  it('a failing item does not stop the store disposing the others', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.add(named(log, 'a'));
    store.add({ dispose: () => { throw new Error('boom'); } });
    store.add(named(log, 'c'));
    assert.throws(() => store.dispose(), /boom/);
    assert.deepStrictEqual(log, ['c', 'a']);
  });

  it('a MutableDisposable disposes the value it replaces, and everything after its own dispose', () => {
    const log: string[] = [];
    const holder = new MutableDisposable();
    const one = named(log, 'one');
    holder.value = one;
    holder.value = one;
    assert.deepStrictEqual(log, [], 'setting the same value again keeps it');
    holder.value = named(log, 'two');
    assert.deepStrictEqual(log, ['one']);
    holder.dispose();
    assert.deepStrictEqual(log, ['one', 'two']);
    holder.value = named(log, 'three');
    assert.deepStrictEqual(log, ['one', 'two', 'three']);
    assert.strictEqual(holder.value, undefined);
  });

  it('an Emitter calls every listener even when one throws, and stops after unsubscribe and dispose', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<number>((e) => errors.push(e));
    const seen: number[] = [];
    emitter.event(() => { throw new Error('listener bug'); });
    const sub = emitter.event((v) => seen.push(v));
    emitter.fire(1);
    sub.dispose();
    emitter.fire(2);
    assert.deepStrictEqual(seen, [1]);
    assert.strictEqual(errors.length, 2);
    emitter.event((v) => seen.push(v * 10));
    emitter.dispose();
    emitter.event((v) => seen.push(v * 100));
    emitter.fire(3);
    assert.deepStrictEqual(seen, [1]);
  });

  it('timeout() is a timer on the injected clock that disposing cancels', () => {
    const clock = new FakeClock(0);
    const fired: string[] = [];
    timeout(clock, () => fired.push('kept'), 100);
    timeout(clock, () => fired.push('cancelled'), 100).dispose();
    clock.advance(100);
    assert.deepStrictEqual(fired, ['kept']);
    assert.strictEqual(clock.pending, 0);
  });
});
