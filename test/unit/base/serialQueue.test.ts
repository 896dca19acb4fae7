import * as assert from 'assert';
import { SerialQueue } from '../../../src/base/serialQueue';

/** A promise with its resolve/reject in hand, so the test decides when an operation ends. */
function gate(): { promise: Promise<void>; open: () => void; fail: (e: Error) => void } {
  let open!: () => void;
  let fail!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    open = res;
    fail = rej;
  });
  return { promise, open, fail };
}

describe('base: SerialQueue', () => {
  it('runs one operation at a time in call order, busy until the last ends', async () => {
    const q = new SerialQueue();
    const log: string[] = [];
    const first = gate();
    const a = q.run(async () => {
      log.push('a start');
      await first.promise;
      log.push('a end');
    });
    const b = q.run(async () => {
      log.push('b');
    });
    await Promise.resolve();
    await Promise.resolve();
    assert.deepStrictEqual(log, ['a start'], 'b waits for a');
    assert.strictEqual(q.busy, true);
    first.open();
    await Promise.all([a, b]);
    assert.deepStrictEqual(log, ['a start', 'a end', 'b']);
    assert.strictEqual(q.busy, false);
  });

  it('a failure rejects its own caller only; the next operation still runs and returns its value', async () => {
    const q = new SerialQueue();
    const failing = gate();
    const a = q.run(() => failing.promise);
    const b = q.run(async () => 42);
    failing.fail(new Error('disk full'));
    await assert.rejects(a, /disk full/);
    assert.strictEqual(await b, 42);
    assert.strictEqual(q.busy, false);
  });
});
