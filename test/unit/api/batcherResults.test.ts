/** The batcher reads results: by custom_id whatever their order, every result type, polls that obey the server. */
import * as assert from 'node:assert/strict';
import { AuthenticationError, BadRequestError, NotFoundError, OverloadedError } from '../../../src/api/errors';
import { BatchCanceledError, BatchExpiredError } from '../../../src/api/batch/batchErrors';
import type { BatchPolledEvent } from '../../../src/api/batch/types';
import { FakeClock } from '../../support/fakeClock';
import { useEmulator } from './harness';
import { creates, echo, eventually, nextCreated, nextEnded, outcome, polls, textOf } from './batcherHarness';

describe('api: request batcher results', () => {
  const { emu, client } = useEmulator({ batches: { pollsToEnd: 1, resultsChunkBytes: 5 } });

  it('settles each caller by custom_id when results come out of order, in 5-byte writes that cut characters', async () => {
    const c = client({ clock: new FakeClock().autoRun(), batcher: { maxDelayMs: 0, pollIntervalMs: 0 } });
    const texts = Array.from({ length: 30 }, (_, i) => `réponse ${i} ✓`);
    const order: string[] = [];
    c.batcher.onItemSettled((e) => order.push(e.customId));
    const got = await Promise.all(texts.map((t, i) => c.batcher.add(echo(t), { customId: `q${i}` })));
    assert.deepEqual(got.map(textOf), texts);
    assert.equal(order.length, 30);
    assert.notDeepEqual(order, texts.map((_, i) => `q${i}`), 'the emulator gave the results in another order');
    assert.equal(creates(emu()).length, 1);
  });

  it('maps every result type: succeeded, errored with the typed error of its body, expired', async () => {
    const clock = new FakeClock();
    const c = client({ clock, batcher: { maxDelayMs: 0, pollIntervalMs: 1_000 } });
    emu().script({ path: '/v1/messages/batches', method: 'POST', batch: { errored: ['down'], erroredType: 'overloaded_error', expired: ['late'] } });
    const created = nextCreated(c.batcher);
    const items = {
      ok: c.batcher.add(echo('fine'), { customId: 'ok' }),
      down: outcome(c.batcher.add(echo('x'), { customId: 'down' })),
      late: outcome(c.batcher.add(echo('x'), { customId: 'late' })),
      bad: outcome(c.batcher.add({ ...echo('x'), thinking: { type: 'enabled', budget_tokens: 10 } }, { customId: 'bad' })),
    };
    clock.advance(0);
    const { batchId } = await created;
    const ended = nextEnded(c.batcher);
    clock.advance(1_000);
    assert.equal(textOf(await items.ok), 'fine');
    const down = (await items.down).error;
    assert.ok(down instanceof OverloadedError, String(down));
    assert.equal(down.status, 529);
    assert.match(down.message, new RegExp(`overloaded_error in batch ${batchId} \\(custom_id down\\)`));
    assert.match(down.requestId ?? '', /^req_/);
    const bad = (await items.bad).error;
    assert.ok(bad instanceof BadRequestError, String(bad));
    assert.match(bad.message, /budget/);
    const late = (await items.late).error;
    assert.ok(late instanceof BatchExpiredError, String(late));
    assert.deepEqual([late.batchId, late.customId, late.type], [batchId, 'late', 'batch_expired']);
    assert.deepEqual((await ended).counts, { processing: 0, succeeded: 1, errored: 2, canceled: 0, expired: 1 });
    const snap = c.metrics.snapshot().batches;
    assert.deepEqual([snap.items.succeeded, snap.items.errored, snap.items.expired, snap.ended, snap.activeBatches, snap.waiting], [1, 2, 1, 1, 0, 0]);
  });

  it('a cancel passes through canceling; items processed before it keep their result, the rest are BatchCanceledError', async () => {
    const clock = new FakeClock();
    const c = client({ clock, batcher: { maxDelayMs: 0, pollIntervalMs: 1_000 } });
    emu().script({ path: '/v1/messages/batches', method: 'POST', batch: { pollsToEnd: 2 } });
    const statuses: string[] = [];
    c.batcher.onBatchPolled((e) => statuses.push(e.status));
    const created = nextCreated(c.batcher);
    const four = ['c1', 'c2', 'c3', 'c4'].map((id) => outcome(c.batcher.add(echo(id), { customId: id })));
    clock.advance(0);
    const { batchId } = await created;
    clock.advance(1_000);
    await eventually(() => statuses.length === 1, 'one poll processed half');
    const canceling = await c.batcher.cancel(batchId);
    assert.equal(canceling.processing_status, 'canceling');
    clock.autoRun();
    clock.advance(1_000);
    const results = await Promise.all(four);
    const canceled = results.filter((r) => r.error instanceof BatchCanceledError);
    assert.equal(canceled.length, 2);
    assert.deepEqual(results.filter((r) => r.value).map((r) => textOf(r.value as never)).length, 2);
    assert.equal((canceled[0].error as BatchCanceledError).batchId, batchId);
    assert.deepEqual(statuses, ['in_progress', 'canceling', 'ended']);
    const snap = c.metrics.snapshot().batches;
    assert.deepEqual([snap.items.succeeded, snap.items.canceled, snap.cancels], [2, 2, 1]);
  });

  it('polls with backoff, and obeys retry-after on a poll (both ways: sooner and later)', async () => {
    const clock = new FakeClock();
    const c = client({ clock, batcher: { maxDelayMs: 0, pollIntervalMs: 2_000, pollBackoff: 2, maxPollIntervalMs: 5_000, minPollIntervalMs: 500 } });
    emu().script({ path: '/v1/messages/batches', method: 'POST', batch: { pollsToEnd: 6 } });
    // The 3rd poll says come back in 30 s; the 4th in 0.1 s (raised to the 0.5 s floor).
    emu().script({ path: '/v1/messages/batches/*', method: 'GET' }, { path: '/v1/messages/batches/*', method: 'GET' },
      { path: '/v1/messages/batches/*', method: 'GET', headers: { 'retry-after': '30' } },
      { path: '/v1/messages/batches/*', method: 'GET', headers: { 'retry-after-ms': '100' } });
    const waits: BatchPolledEvent[] = [];
    c.batcher.onBatchPolled((e) => waits.push(e));
    const created = nextCreated(c.batcher);
    const items = Array.from({ length: 6 }, (_, i) => c.batcher.add(echo(`slow ${i}`)));
    clock.advance(0);
    await created;
    const step = async (ms: number, expectPolls: number): Promise<void> => {
      clock.advance(ms - 1);
      await new Promise((r) => setImmediate(r));
      assert.equal(polls(emu()).length, expectPolls - 1, `not before ${ms} ms`);
      clock.advance(1);
      await eventually(() => waits.length === expectPolls, `poll ${expectPolls}`);
    };
    await step(2_000, 1);
    await step(4_000, 2);
    await step(5_000, 3);
    await step(30_000, 4);
    await step(500, 5);
    assert.deepEqual(waits.map((w) => [w.status, w.nextPollMs, w.fromServer]), [
      ['in_progress', 4_000, false], ['in_progress', 5_000, false], ['in_progress', 30_000, true], ['in_progress', 500, true], ['in_progress', 5_000, false],
    ]);
    assert.deepEqual(waits.map((w) => w.counts.processing), [6, 6, 6, 6, 6], 'counts stay at processing until the end');
    const ended = nextEnded(c.batcher);
    clock.advance(5_000);
    assert.equal((await ended).counts.succeeded, 6);
    assert.deepEqual((await Promise.all(items)).map(textOf), Array.from({ length: 6 }, (_, i) => `slow ${i}`));
  });

  it('keeps polling through failures that pass (529, a dead socket), and fails the items on one that does not (404)', async () => {
    const clock = new FakeClock();
    const c = client({ clock, maxRetries: 0, batcher: { maxDelayMs: 0, pollIntervalMs: 1_000 } });
    emu().script({ path: '/v1/messages/batches', method: 'POST', batch: { pollsToEnd: 2 } });
    emu().script({ path: '/v1/messages/batches/*', method: 'GET', status: 529 }, { path: '/v1/messages/batches/*', method: 'GET', destroyBeforeHeaders: true });
    const created = nextCreated(c.batcher);
    const item = outcome(c.batcher.add(echo('survives')));
    clock.advance(0);
    await created;
    clock.autoRun();
    clock.advance(1_000);
    assert.equal(textOf((await item).value ?? ({ content: [] } as never)), 'survives');
    assert.equal(c.metrics.snapshot().batches.pollFailures, 2);

    const gone = outcome(c.batcher.add(echo('lost')));
    emu().script({ path: '/v1/messages/batches/*', method: 'GET', status: 404, errorType: 'not_found_error' });
    const failure = (await gone).error;
    assert.ok(failure instanceof NotFoundError, String(failure));
    assert.deepEqual(c.batcher.pending(), []);

    const unauthorized = outcome(c.batcher.add(echo('key')));
    emu().script({ path: '/v1/messages/batches/*', method: 'GET', status: 401 });
    assert.ok((await unauthorized).error instanceof AuthenticationError);
  });

  it('a results download cut in the middle is read again; rows already settled are not settled twice', async () => {
    const c = client({ clock: new FakeClock().autoRun(), maxRetries: 0, batcher: { maxDelayMs: 0, pollIntervalMs: 0 } });
    // The poll answers normally; the first download breaks off after 2 of 5 rows.
    emu().script({ path: '/v1/messages/batches/*', method: 'GET' }, { path: '/v1/messages/batches/*', method: 'GET', destroyAfterEvents: 2 });
    const settled: string[] = [];
    c.batcher.onItemSettled((e) => settled.push(e.customId));
    const ids = ['r1', 'r2', 'r3', 'r4', 'r5'];
    const items = ids.map((id) => c.batcher.add(echo(id), { customId: id }));
    assert.deepEqual((await Promise.all(items)).map(textOf), ids);
    assert.deepEqual([...settled].sort(), ids);
    assert.equal(emu().requests.filter((r) => r.path.endsWith('/results')).length, 2);
    assert.equal(c.metrics.snapshot().batches.pollFailures, 1);
  });
});
