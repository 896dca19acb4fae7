import * as assert from 'assert';
import { KeyedWriteQueue } from '../../../src/history/writeQueue';

/** A task whose completion the test controls. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

describe('KeyedWriteQueue', () => {
  it('runs tasks of one key one at a time, in order, and collapses queued saves into the newest', async () => {
    const q = new KeyedWriteQueue();
    const log: string[] = [];
    const first = gate();
    const p1 = q.enqueue('k', async () => { log.push('s1 start'); await first.promise; log.push('s1 end'); }, true);
    const p2 = q.enqueue('k', async () => { log.push('s2'); }, true);
    const p3 = q.enqueue('k', async () => { log.push('s3'); }, true);
    const p4 = q.enqueue('k', async () => { log.push('delete'); }, false);
    const p5 = q.enqueue('k', async () => { log.push('s5'); }, true);
    await Promise.resolve();
    assert.ok(q.isBusy('k'));
    first.open();
    await Promise.all([p1, p2, p3, p4, p5]);
    assert.deepStrictEqual(log, ['s1 start', 's1 end', 's3', 'delete', 's5']);
    assert.ok(!q.isBusy('k'));
  });

  it('runs different keys independently', async () => {
    const q = new KeyedWriteQueue();
    const a = gate();
    const log: string[] = [];
    const pa = q.enqueue('a', async () => { await a.promise; log.push('a'); }, true);
    await q.enqueue('b', async () => { log.push('b'); }, true);
    assert.deepStrictEqual(log, ['b']);
    a.open();
    await pa;
    assert.deepStrictEqual(log, ['b', 'a']);
  });

  it('rejects every caller folded into a failed task, and keeps going', async () => {
    const q = new KeyedWriteQueue();
    const first = gate();
    const p1 = q.enqueue('k', () => first.promise, true);
    const p2 = q.enqueue('k', async () => { throw new Error('disk full'); }, true);
    const p3 = q.enqueue('k', async () => { throw new Error('disk full'); }, true);
    const p4 = q.enqueue('k', async () => undefined, false);
    first.open();
    await p1;
    await assert.rejects(p2, /disk full/);
    await assert.rejects(p3, /disk full/);
    await p4;
    await q.idle();
  });

  it('idle() waits for work queued while it waits', async () => {
    const q = new KeyedWriteQueue();
    const done: string[] = [];
    void q.enqueue('a', async () => {
      void q.enqueue('b', async () => { done.push('b'); }, true);
      done.push('a');
    }, true);
    await q.idle();
    assert.deepStrictEqual(done.sort(), ['a', 'b']);
  });
});
