/** The batcher's gathering windows (size, bytes, time) on an injected clock, and the local refusals. */
import * as assert from 'node:assert/strict';
import { BadRequestError, RequestTooLargeError } from '../../../src/api/errors';
import { FakeClock } from '../../support/fakeClock';
import { useEmulator } from './harness';
import { creates, customIdsOf, echo, eventually, nextCreated, outcome, textOf } from './batcherHarness';

describe('api: request batcher windows', () => {
  const { emu, client } = useEmulator({ batchPolls: 1 });

  it('sends when maxDelayMs has passed since the first queued request, not before', async () => {
    const clock = new FakeClock();
    const c = client({ clock, batcher: { maxDelayMs: 1_000, pollIntervalMs: 5_000 } });
    const a = c.batcher.add(echo('alpha'));
    clock.advance(600);
    const b = c.batcher.add(echo('beta'));
    clock.advance(399);
    await new Promise((r) => setImmediate(r));
    assert.equal(creates(emu()).length, 0, 'the window is still open');
    const created = nextCreated(c.batcher);
    clock.advance(1);
    const event = await created;
    assert.equal(creates(emu()).length, 1);
    assert.equal(event.customIds.length, 2);
    assert.deepEqual(customIdsOf(creates(emu())[0]), event.customIds);
    clock.advance(5_000);
    assert.deepEqual([textOf(await a), textOf(await b)], ['alpha', 'beta']);
  });

  it('sends a full batch at once (maxBatchSize) and the rest when the window closes', async () => {
    const clock = new FakeClock();
    const c = client({ clock, batcher: { maxBatchSize: 3, maxDelayMs: 1_000, pollIntervalMs: 10 } });
    const items = Array.from({ length: 7 }, (_, i) => c.batcher.add(echo(`n${i}`), { customId: `n${i}` }));
    await eventually(() => creates(emu()).length === 2, 'two full batches');
    assert.deepEqual(creates(emu()).map(customIdsOf), [['n0', 'n1', 'n2'], ['n3', 'n4', 'n5']]);
    clock.advance(999);
    await new Promise((r) => setImmediate(r));
    assert.equal(creates(emu()).length, 2);
    clock.autoRun();
    clock.advance(1);
    const texts = (await Promise.all(items)).map(textOf);
    assert.deepEqual(texts, ['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6']);
    assert.deepEqual(customIdsOf(creates(emu())[2]), ['n6']);
  });

  it('starts a new batch when the next item would pass maxBatchBytes', async () => {
    const clock = new FakeClock().autoRun();
    const c = client({ clock, batcher: { maxBatchBytes: 1_000, maxDelayMs: 0, pollIntervalMs: 0 } });
    const items = Array.from({ length: 5 }, (_, i) => c.batcher.add(echo(`${i}:${'x'.repeat(300)}`), { customId: `big${i}` }));
    await Promise.all(items);
    const sizes = creates(emu()).map((r) => Buffer.byteLength(JSON.stringify(r.body)));
    assert.deepEqual(creates(emu()).map(customIdsOf), [['big0', 'big1'], ['big2', 'big3'], ['big4']]);
    for (const size of sizes) assert.ok(size <= 1_000, `a body of ${size} bytes`);
  });

  it('flush() sends the queue at once and resolves with the batch id', async () => {
    const c = client({ clock: new FakeClock(), batcher: { maxDelayMs: 60_000 } });
    void c.batcher.add(echo('now')).catch(() => undefined);
    const id = await c.batcher.flush();
    assert.match(id ?? '', /^msgbatch_/);
    assert.equal(await c.batcher.flush(), undefined, 'nothing queued');
    assert.equal(creates(emu()).length, 1);
  });

  it('refuses bad input locally and only the item at fault fails: params, stream, betas, custom ids, size', async () => {
    const clock = new FakeClock().autoRun();
    const c = client({ clock, batcher: { maxBatchBytes: 2_000, maxDelayMs: 5, pollIntervalMs: 0 } });
    const good = c.batcher.add(echo('fine'), { customId: 'fine' });
    const refused = await Promise.all([
      outcome(c.batcher.add({ ...echo('hot'), temperature: 0.5 })),
      outcome(c.batcher.add({ ...echo('x'), max_tokens: 0 })),
      outcome(c.batcher.add({ ...echo('x'), stream: true })),
      outcome(c.batcher.add({ ...echo('x'), betas: ['some-beta'] })),
      outcome(c.batcher.add(echo('x'), { customId: 'has space' })),
      outcome(c.batcher.add(echo('x'), { customId: 'y'.repeat(65) })),
      outcome(c.batcher.add(echo('x'), { customId: 'fine' })),
      outcome(c.batcher.add(echo('z'.repeat(3_000)))),
    ]);
    for (const r of refused.slice(0, 7)) {
      assert.ok(r.error instanceof BadRequestError, String(r.error));
      assert.match(r.error.message, /refused locally, nothing was sent/);
    }
    assert.match(refused[0].error?.message ?? '', /temperature/);
    assert.match(refused[6].error?.message ?? '', /already queued/);
    assert.ok(refused[7].error instanceof RequestTooLargeError);
    assert.equal((refused[7].error as RequestTooLargeError).status, 413);
    assert.equal(textOf(await good), 'fine');
    assert.deepEqual(creates(emu()).map(customIdsOf), [['fine']]);
    const counts = c.metrics.snapshot().batches.items;
    assert.deepEqual([counts.added, counts.refused, counts.submitted, counts.succeeded], [9, 8, 1, 1]);
  });
});
