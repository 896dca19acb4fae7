/** Wire format against the emulator: headers per API version, auth, betas, local refusals, resources. */
import * as assert from 'node:assert/strict';
import { useEmulator, BODY, rejection } from './harness';
import { BadRequestError, InvalidRequestError } from '../../../src/api/errors';

describe('api: wire format', () => {
  const { emu, client } = useEmulator();

  it('2026-10-21 by default: Bearer auth, version, content-type, accept, user-agent', async () => {
    const message = await client().messages.create(BODY);
    assert.equal(message.type, 'message');
    assert.ok(message.content.length > 0);
    const [req] = emu().requests;
    assert.equal(req.headers['anthropic-version'], '2026-10-21');
    assert.equal(req.authHeader, 'authorization');
    assert.equal(req.headers.authorization, 'Bearer test-key-1');
    assert.equal(req.headers['x-api-key'], undefined);
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers.accept, 'application/json');
    assert.match(req.headers['user-agent'], /claude-chat-api\//);
  });

  it('2023-06-01 sends the key as x-api-key; authHeader overrides either way', async () => {
    await client({ apiVersion: '2023-06-01' }).messages.create(BODY);
    await client({ apiVersion: '2023-06-01', authHeader: 'authorization' }).messages.create(BODY);
    await client({ apiVersion: '2026-10-21', authHeader: 'x-api-key' }).messages.create(BODY);
    const [a, b, c] = emu().requests;
    assert.equal(a.headers['anthropic-version'], '2023-06-01');
    assert.equal(a.authHeader, 'x-api-key');
    assert.equal(b.authHeader, 'authorization');
    assert.equal(c.authHeader, 'x-api-key');
    assert.equal(c.headers['anthropic-version'], '2026-10-21');
  });

  it('betas from the body, the call and the client are joined into anthropic-beta (not sent in the body)', async () => {
    const c = client({ betas: ['client-beta-1'] });
    await c.messages.create({ ...BODY, betas: ['body-beta-2'] }, { betas: ['call-beta-3'] });
    const [req] = emu().requests;
    assert.deepEqual(req.headers['anthropic-beta'].split(','), ['client-beta-1', 'body-beta-2', 'call-beta-3']);
    assert.equal((req.body as Record<string, unknown>).betas, undefined);
  });

  it('no anthropic-beta header when none is asked for', async () => {
    await client().messages.create(BODY);
    assert.equal(emu().requests[0].headers['anthropic-beta'], undefined);
  });

  for (const field of ['temperature', 'top_p', 'top_k'] as const) {
    it(`2026-10-21 refuses ${field} locally, even at a default value, and sends nothing`, async () => {
      const err = await rejection(client().messages.create({ ...BODY, [field]: field === 'top_k' ? 1 : 0 }));
      assert.ok(err instanceof InvalidRequestError);
      assert.ok(err instanceof BadRequestError);
      assert.equal((err as BadRequestError).type, 'invalid_request_error');
      assert.equal((err as BadRequestError).status, 400);
      assert.match(err.message, new RegExp(field));
      assert.equal(emu().requests.length, 0);
    });
  }

  it('2026-10-21 refuses a document block in an assistant message, and citations in a user message', async () => {
    const doc = { type: 'document' as const, source: { type: 'text' as const, media_type: 'text/plain' as const, data: 'x' } };
    const withDoc = { ...BODY, messages: [BODY.messages[0], { role: 'assistant' as const, content: [doc] }, { role: 'user' as const, content: 'go on' }] };
    const cited = {
      ...BODY,
      messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi', citations: [{ type: 'char_location' as const, cited_text: 'x', document_index: 0, document_title: null, start_char_index: 0, end_char_index: 1 }] }] }],
    };
    const c = client();
    assert.ok((await rejection(c.messages.create(withDoc))) instanceof InvalidRequestError);
    assert.ok((await rejection(c.messages.create(cited))) instanceof InvalidRequestError);
    assert.ok((await rejection(c.messages.stream(cited).finalMessage())) instanceof InvalidRequestError);
    assert.equal(emu().requests.length, 0);
  });

  it('2023-06-01 passes temperature 0, top_p and top_k through unchanged', async () => {
    await client({ apiVersion: '2023-06-01' }).messages.create({ ...BODY, temperature: 0, top_p: 0.9, top_k: 5 });
    const sent = emu().requests[0].body as Record<string, unknown>;
    assert.equal(sent.temperature, 0);
    assert.equal(sent.top_p, 0.9);
    assert.equal(sent.top_k, 5);
  });

  it('refuses a string tool_choice and metadata beyond user_id locally', async () => {
    const c = client();
    const badChoice = { ...BODY, tool_choice: 'auto' } as unknown as typeof BODY;
    const badMeta = { ...BODY, metadata: { user_id: 'u', session: 's' } } as unknown as typeof BODY;
    assert.ok((await rejection(c.messages.create(badChoice))) instanceof InvalidRequestError);
    assert.ok((await rejection(c.messages.create(badMeta))) instanceof InvalidRequestError);
    assert.equal(emu().requests.length, 0);
    await c.messages.create({ ...BODY, metadata: { user_id: 'u-1' }, tool_choice: { type: 'auto' } });
    assert.deepEqual((emu().requests[0].body as Record<string, unknown>).metadata, { user_id: 'u-1' });
  });

  it('countTokens posts to /v1/messages/count_tokens', async () => {
    const result = await client().messages.countTokens({ model: BODY.model, messages: BODY.messages });
    assert.equal(typeof result.input_tokens, 'number');
    assert.ok(result.input_tokens > 0);
    assert.equal(emu().requests[0].path, '/v1/messages/count_tokens');
  });

  it('models.list follows every page (after_id = last_id)', async () => {
    const models = await client().models.list({ limit: 2 });
    const pages = emu().requests.filter((r) => r.path === '/v1/models');
    assert.ok(pages.length >= 2, `expected several pages, got ${pages.length}`);
    assert.equal(pages[0].query.after_id, undefined);
    assert.equal(pages[1].query.after_id, models[1].id);
    assert.equal(new Set(models.map((m) => m.id)).size, models.length);
    assert.ok(models.length > 2);
    assert.equal((models as unknown as { data: unknown[] }).data, models, 'also readable as .data');
  });

  it('batches: create, retrieve, list, results (JSONL rows), cancel', async () => {
    const c = client();
    const batch = await c.batches.create({
      requests: [
        { custom_id: 'a', params: { ...BODY } },
        { custom_id: 'b', params: { ...BODY, messages: [{ role: 'user', content: 'Second' }] } },
      ],
    });
    assert.match(batch.id, /\S/);
    let status = await c.batches.retrieve(batch.id);
    for (let i = 0; i < 5 && status.processing_status !== 'ended'; i++) status = await c.batches.retrieve(batch.id);
    assert.equal(status.processing_status, 'ended');
    const listed = await c.batches.list();
    assert.ok(listed.some((b) => b.id === batch.id));
    const rows = [];
    for await (const row of c.batches.results(batch.id)) rows.push(row);
    assert.deepEqual(rows.map((r) => r.custom_id).sort(), ['a', 'b']);
    assert.equal(rows[0].result.type, 'succeeded');
    const second = await c.batches.create({ requests: [{ custom_id: 'z', params: { ...BODY } }] });
    const canceled = await c.batches.cancel(second.id);
    assert.equal(canceled.id, second.id);
  });

  it('falls back to ANTHROPIC_API_KEY when neither apiKey nor keys is given', async () => {
    const saved = process.env.ANTHROPIC_API_KEY;
    process.env.ANTHROPIC_API_KEY = 'test-env-key-9';
    try {
      const { AnthropicClient } = await import('../../../src/api/client');
      const c = new AnthropicClient({ baseURL: emu().url });
      await c.messages.create(BODY);
      c.dispose();
      assert.equal(emu().requests[0].headers.authorization, 'Bearer test-env-key-9');
    } finally {
      if (saved === undefined) delete process.env.ANTHROPIC_API_KEY;
      else process.env.ANTHROPIC_API_KEY = saved;
    }
  });
});
