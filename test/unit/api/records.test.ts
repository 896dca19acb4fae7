/** Request records for the log, missing keys, aborts before sending, JSONL parsing of batch results. */
import * as assert from 'node:assert/strict';
import { useEmulator, BODY, rejection } from './harness';
import * as E from '../../../src/api/errors';
import { AnthropicClient } from '../../../src/api/client';
import type { RequestRecord } from '../../../src/api/types';

describe('api: records and edges', () => {
  const { emu, client } = useEmulator();

  it('onRequest reports each finished call once, with attempts, status, request id and key label only', async () => {
    const records: RequestRecord[] = [];
    const c = client({ random: () => 0, maxRetries: 1, retryBudgetMs: 10_000 });
    c.onRequest((r) => records.push(r));
    emu().script({ status: 529, retryAfterMs: 0 });
    await c.messages.create(BODY);
    emu().script({ status: 400, message: 'bad' });
    await rejection(c.messages.create(BODY));
    assert.equal(records.length, 2);
    assert.deepEqual(
      { method: records[0].method, path: records[0].path, model: records[0].model, status: records[0].status, attempts: records[0].attempts, keyLabel: records[0].keyLabel },
      { method: 'POST', path: '/v1/messages', model: BODY.model, status: 200, attempts: 2, keyLabel: 'default' },
    );
    assert.equal(records[0].requestId, emu().requests[1].requestId);
    assert.equal(records[1].status, 400);
    assert.match(records[1].error ?? '', /invalid_request_error/);
    assert.ok(!JSON.stringify(records).includes('test-key-1'));
  });

  it('no key anywhere: AuthenticationError and nothing sent', async () => {
    const saved = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    try {
      const c = new AnthropicClient({ baseURL: emu().url });
      const err = await rejection(c.messages.create(BODY));
      c.dispose();
      assert.ok(err instanceof E.AuthenticationError);
      assert.equal(emu().requests.length, 0);
    } finally {
      if (saved !== undefined) process.env.ANTHROPIC_API_KEY = saved;
    }
  });

  it('a stream aborted before it started never sends; an aborted signal rejects create at once', async () => {
    const c = client();
    const stream = c.messages.stream(BODY);
    stream.abort();
    assert.ok((await rejection(stream.finalMessage())) instanceof E.UserAbortError);
    const controller = new AbortController();
    controller.abort();
    assert.ok((await rejection(c.messages.create(BODY, { signal: controller.signal }))) instanceof E.UserAbortError);
    assert.equal(emu().requests.length, 0);
  });

  it('a throwing stream listener does not break the stream', async () => {
    const stream = client().messages.stream(BODY);
    stream.on('text', () => {
      throw new Error('listener bug');
    });
    const message = await stream.finalMessage();
    assert.equal(message.stop_reason, 'end_turn');
  });

  it('batch results are streamed from results_url on our own base URL', async () => {
    const c = client();
    const batch = await c.batches.create({ requests: [{ custom_id: 'only', params: { ...BODY } }] });
    let status = await c.batches.retrieve(batch.id);
    for (let i = 0; i < 5 && status.processing_status !== 'ended'; i++) status = await c.batches.retrieve(batch.id);
    const rows = [];
    for await (const row of c.batches.results(batch.id)) rows.push(row);
    assert.equal(rows.length, 1);
    const resultsRequest = emu().requests.find((r) => r.path.endsWith('/results'));
    assert.ok(resultsRequest, 'results fetched from the emulator itself');
  });
});
