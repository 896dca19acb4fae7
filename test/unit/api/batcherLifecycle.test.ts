/** The batcher's items over their life: aborts before and after sending, a restart in between, and nothing sent twice. */
import * as assert from 'node:assert/strict';
import { AnthropicClient } from '../../../src/api/client';
import { APIConnectionError, APIUserAbortError } from '../../../src/api/errors';
import type { BatchItemOutcome } from '../../../src/api/batch/types';
import { FakeClock } from '../../support/fakeClock';
import { useEmulator } from './harness';
import { cancels, creates, customIdsOf, echo, eventually, nextCreated, outcome, polls, textOf } from './batcherHarness';

describe('api: request batcher lifecycle', () => {
  const { emu, client } = useEmulator({ batches: { pollsToEnd: 2 } });

  it('aborting a queued item takes it out of the batch; nothing is sent for it', async () => {
    const clock = new FakeClock();
    const c = client({ clock, batcher: { maxDelayMs: 1_000, pollIntervalMs: 10 } });
    const controller = new AbortController();
    const kept = c.batcher.add(echo('kept'), { customId: 'kept' });
    const dropped = outcome(c.batcher.add(echo('dropped'), { customId: 'dropped', signal: controller.signal }));
    controller.abort();
    const error = (await dropped).error;
    assert.ok(error instanceof APIUserAbortError, String(error));
    assert.equal(c.metrics.snapshot().batches.waiting, 1);
    const created = nextCreated(c.batcher);
    clock.advance(1_000);
    assert.deepEqual((await created).customIds, ['kept']);
    assert.deepEqual(customIdsOf(creates(emu())[0]), ['kept']);
    clock.autoRun();
    clock.advance(10);
    assert.equal(textOf(await kept), 'kept');

    // The window closes with the queue once every queued item is gone.
    const alone = new AbortController();
    const gone = outcome(c.batcher.add(echo('gone'), { signal: alone.signal }));
    alone.abort();
    await gone;
    assert.equal(await c.batcher.flush(), undefined);
    assert.equal(creates(emu()).length, 1);
    const already = new AbortController();
    already.abort();
    assert.ok((await outcome(c.batcher.add(echo('late'), { signal: already.signal }))).error instanceof APIUserAbortError);
  });

  it('an item aborted after sending detaches; the batch is canceled only once every item of it is aborted', async () => {
    const clock = new FakeClock();
    const c = client({ clock, batcher: { maxDelayMs: 0, pollIntervalMs: 1_000 } });
    const first = new AbortController();
    const second = new AbortController();
    const a = outcome(c.batcher.add(echo('a'), { customId: 'a', signal: first.signal }));
    const b = outcome(c.batcher.add(echo('b'), { customId: 'b', signal: second.signal }));
    const created = nextCreated(c.batcher);
    clock.advance(0);
    const { batchId } = await created;
    first.abort();
    assert.ok((await a).error instanceof APIUserAbortError);
    assert.deepEqual(c.batcher.pending(), [{ batchId, customIds: ['b'] }]);
    clock.advance(1_000);
    await eventually(() => polls(emu()).length === 1, 'polled once');
    assert.equal(cancels(emu()).length, 0, 'one item still wants its result');
    second.abort();
    assert.ok((await b).error instanceof APIUserAbortError);
    await eventually(() => cancels(emu()).length === 1, 'the batch canceled');
    assert.ok(cancels(emu())[0].path.includes(batchId));
    assert.deepEqual(c.batcher.pending(), []);
    clock.advance(60_000);
    await new Promise((r) => setImmediate(r));
    assert.equal(polls(emu()).length, 1, 'nobody polls a batch nobody waits for');
    const snap = c.metrics.snapshot().batches;
    assert.deepEqual([snap.items.aborted, snap.cancels, snap.activeBatches], [2, 1, 0]);
  });

  it('items aborted while the create is on its way: the batch is canceled as soon as it exists', async () => {
    const c = client({ clock: new FakeClock().autoRun(), batcher: { maxDelayMs: 0 } });
    emu().script({ path: '/v1/messages/batches', method: 'POST', delayMs: 50 });
    const controller = new AbortController();
    const item = outcome(c.batcher.add(echo('soon gone'), { signal: controller.signal }));
    await eventually(() => creates(emu()).length === 1, 'create sent');
    controller.abort();
    assert.ok((await item).error instanceof APIUserAbortError);
    await eventually(() => cancels(emu()).length === 1, 'canceled once created');
  });

  it('resumes after a restart: a new client given pending() settles every item and sends nothing again', async () => {
    const first = client({ clock: new FakeClock(), batcher: { maxDelayMs: 60_000, pollIntervalMs: 60_000 } });
    const ids = ['s1', 's2', 's3'];
    const before = ids.map((id) => outcome(first.batcher.add(echo(`saved ${id}`), { customId: id })));
    const batchId = await first.batcher.flush();
    const saved = JSON.parse(JSON.stringify(first.batcher.pending())) as ReturnType<typeof first.batcher.pending>;
    assert.deepEqual(saved, [{ batchId, customIds: ids }]);
    first.dispose();
    for (const r of await Promise.all(before)) assert.match(String(r.error), /Client was disposed/);

    const second = client({ clock: new FakeClock().autoRun(), batcher: { pollIntervalMs: 1_000 } });
    const results = second.batcher.resume(saved[0]);
    const again = second.batcher.resume(saved[0]);
    assert.equal(again.get('s1'), results.get('s1'), 'resuming twice joins the same item');
    const texts = await Promise.all(ids.map((id) => results.get(id) as Promise<never>));
    assert.deepEqual(texts.map(textOf), ids.map((id) => `saved ${id}`));
    assert.equal(creates(emu()).length, 1, 'the batch was created once, by the first client');
    assert.equal(emu().requests.filter((r) => r.path === '/v1/messages').length, 0);
    assert.equal(polls(emu()).length, 2, 'one poll loop for both resumes (2 polls to end)');
    assert.deepEqual(second.batcher.pending(), []);
    const bad = second.batcher.resume({ batchId: 'msgbatch_x', customIds: ['ok id?'] });
    assert.match(String((await outcome(bad.get('ok id?') as Promise<never>)).error), /custom_id/);
  });

  it('never sends a batch twice: a refused create is retried, one the server may have received is not', async () => {
    const c = client({ clock: new FakeClock().autoRun(), batcher: { maxDelayMs: 0, pollIntervalMs: 0 } });
    emu().script({ path: '/v1/messages/batches', method: 'POST', status: 529 });
    assert.equal(textOf(await c.batcher.add(echo('after 529'))), 'after 529');
    assert.equal(creates(emu()).length, 2, 'the 529 answer means nothing was created: retried');
    const listed = await c.batches.list();
    assert.equal(listed.length, 1);

    emu().script({ path: '/v1/messages/batches', method: 'POST', destroyBeforeHeaders: true });
    const lost = (await outcome(c.batcher.add(echo('in doubt')))).error;
    assert.ok(lost instanceof APIConnectionError, String(lost));
    assert.match(lost.message, /may have been created; it was not sent again/);
    assert.equal(creates(emu()).length, 3, 'one attempt, no retry');
    // batches.create itself follows the same rule.
    const params = { model: 'claude-sonnet-5-5', max_tokens: 16, messages: [{ role: 'user' as const, content: 'echo y' }] };
    emu().script({ path: '/v1/messages/batches', method: 'POST', destroyBeforeHeaders: true });
    assert.ok((await outcome(c.batches.create({ requests: [{ custom_id: 'y', params }] }))).error instanceof APIConnectionError);
    assert.equal(creates(emu()).length, 4);
  });

  it('a refused connection (nothing sent) is retried even for a create', async () => {
    const c = new AnthropicClient({ apiKey: 'test-key-1', baseURL: 'http://127.0.0.1:9', maxRetries: 2, clock: new FakeClock().autoRun() });
    const retries: number[] = [];
    c.onRetry((info) => retries.push(info.attempt));
    const failed = (await outcome(c.batcher.add(echo('offline')).finally(() => undefined))).error;
    c.dispose();
    assert.ok(failed instanceof APIConnectionError);
    assert.deepEqual(retries, [1, 2]);
    assert.doesNotMatch(failed.message, /may have been created/);
  });

  it('reports events and counts: created, polled, ended, every item settled once', async () => {
    const c = client({ clock: new FakeClock().autoRun(), batcher: { maxDelayMs: 0, pollIntervalMs: 5 } });
    const seen = { created: 0, polled: 0, ended: 0, settled: new Map<string, BatchItemOutcome>() };
    c.batcher.onBatchCreated(() => seen.created++);
    c.batcher.onBatchPolled(() => seen.polled++);
    c.batcher.onBatchEnded(() => seen.ended++);
    c.batcher.onItemSettled((e) => {
      assert.ok(!seen.settled.has(e.customId), `${e.customId} settled twice`);
      seen.settled.set(e.customId, e.outcome);
    });
    await Promise.all(['e1', 'e2'].map((id) => c.batcher.add(echo(id), { customId: id })));
    await outcome(c.batcher.add({ ...echo('x'), temperature: 1 }, { customId: 'e3' }));
    assert.deepEqual([seen.created, seen.polled, seen.ended], [1, 2, 1]);
    assert.deepEqual([...seen.settled].sort(), [['e1', 'succeeded'], ['e2', 'succeeded'], ['e3', 'refused']]);
    const snap = c.metrics.snapshot().batches;
    assert.deepEqual({ ...snap, tokens: undefined }, {
      created: 1, polls: 2, pollFailures: 0, ended: 1, cancels: 0, waiting: 0, activeBatches: 0, tokens: undefined,
      items: { added: 3, submitted: 2, succeeded: 2, errored: 0, canceled: 0, expired: 0, aborted: 0, refused: 1, failed: 0 },
    });
    assert.ok(snap.tokens.input > 0 && snap.tokens.output > 0);
    assert.doesNotMatch(JSON.stringify(c.metrics.snapshot()), /test-key-1/);
  });
});
