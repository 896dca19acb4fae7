import * as assert from 'node:assert/strict';
import { startEmulator } from '../../emulator/server';
import type { Emulator } from '../../emulator/types';
import { messagesBody, rawRequest } from './rawHttp';

describe('emulator auth and API versions', () => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    await emu.close();
  });
  beforeEach(() => emu.reset());

  const send = (headers: Record<string, string>, extra: Record<string, unknown> = {}) =>
    rawRequest(`${emu.url}/v1/messages`, { headers: { 'content-type': 'application/json', ...headers }, body: messagesBody('hi', extra) });
  const errorOf = (text: string) => (JSON.parse(text) as { error: { type: string; message: string } }).error;

  it('accepts Authorization: Bearer and x-api-key and records which one was used', async () => {
    assert.equal((await send({ authorization: 'Bearer test-key-1', 'anthropic-version': '2026-10-21' })).status, 200);
    assert.equal((await send({ 'x-api-key': 'test-key-2', 'anthropic-version': '2023-06-01' })).status, 200);
    assert.deepEqual(emu.requests.map((r) => [r.authHeader, r.apiKey, r.anthropicVersion]), [
      ['authorization', 'test-key-1', '2026-10-21'],
      ['x-api-key', 'test-key-2', '2023-06-01'],
    ]);
  });

  it('answers 401 without a key and for bad- keys, 403 for noperm- keys', async () => {
    const none = await send({ 'anthropic-version': '2023-06-01' });
    assert.equal(none.status, 401);
    assert.equal(errorOf(none.text).type, 'authentication_error');
    const bad = await send({ authorization: 'Bearer bad-key-1', 'anthropic-version': '2026-10-21' });
    assert.equal(bad.status, 401);
    assert.equal(errorOf(bad.text).type, 'authentication_error');
    assert.ok(!bad.text.includes('bad-key-1'), 'the key is not echoed');
    const noperm = await send({ 'x-api-key': 'noperm-1', 'anthropic-version': '2023-06-01' });
    assert.equal(noperm.status, 403);
    assert.equal(errorOf(noperm.text).type, 'permission_error');
  });

  it('requires a known anthropic-version', async () => {
    const missing = await send({ 'x-api-key': 'k' });
    assert.equal(missing.status, 400);
    assert.match(errorOf(missing.text).message, /anthropic-version/);
    assert.equal((await send({ 'x-api-key': 'k', 'anthropic-version': '2024-01-01' })).status, 400);
  });

  for (const field of ['temperature', 'top_p', 'top_k']) {
    it(`rejects ${field} under 2026-10-21 (even at a default value) and accepts it under 2023-06-01`, async () => {
      const current = await send({ authorization: 'Bearer k', 'anthropic-version': '2026-10-21' }, { [field]: field === 'top_k' ? 5 : 1 });
      assert.equal(current.status, 400);
      assert.equal(errorOf(current.text).type, 'invalid_request_error');
      assert.match(errorOf(current.text).message, new RegExp(field));
      const old = await send({ 'x-api-key': 'k', 'anthropic-version': '2023-06-01' }, { [field]: 0 });
      assert.equal(old.status, 200);
      assert.equal((emu.requests[1].body as Record<string, unknown>)[field], 0);
    });
  }

  it('rejects documents in assistant turns and citations in user turns under 2026-10-21 only', async () => {
    const docInAssistant = {
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'd' } }] },
        { role: 'user', content: 'b' },
      ],
    };
    const citations = { messages: [{ role: 'user', content: [{ type: 'text', text: 'x', citations: [] }] }] };
    for (const extra of [docInAssistant, citations]) {
      assert.equal((await send({ authorization: 'Bearer k', 'anthropic-version': '2026-10-21' }, extra)).status, 400);
      assert.equal((await send({ 'x-api-key': 'k', 'anthropic-version': '2023-06-01' }, extra)).status, 200);
    }
  });

  it('answers 413 request_too_large above maxBodyBytes', async () => {
    const small = await startEmulator({ maxBodyBytes: 1000 });
    try {
      const res = await rawRequest(`${small.url}/v1/messages`, { body: messagesBody('x'.repeat(5000)) });
      assert.equal(res.status, 413);
      assert.equal(errorOf(res.text).type, 'request_too_large');
    } finally {
      await small.close();
    }
  });

  it('rejects metadata fields other than user_id and a non-object tool_choice', async () => {
    const headers = { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' };
    assert.equal((await send(headers, { metadata: { user_id: 'u1' } })).status, 200);
    assert.equal((await send(headers, { metadata: { user_id: 'u1', other: 1 } })).status, 400);
    assert.equal((await send(headers, { tool_choice: 'auto' })).status, 400);
  });

  it('logs one line per request with status and requests left, never the key', async () => {
    const lines: string[] = [];
    const logged = await startEmulator({ log: (l) => lines.push(l) });
    try {
      logged.script({ status: 529 });
      await rawRequest(`${logged.url}/v1/messages`, { headers: { authorization: 'Bearer test-key-secret-1', 'anthropic-version': '2026-10-21' }, body: messagesBody('a') });
      await rawRequest(`${logged.url}/v1/messages`, { headers: { authorization: 'Bearer test-key-secret-1', 'anthropic-version': '2026-10-21' }, body: messagesBody('a', { stream: true }) });
    } finally {
      await logged.close();
    }
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^POST \/v1\/messages 529 .*step=/);
    assert.match(lines[1], /^POST \/v1\/messages 200 stream .*requests left \d+/);
    assert.ok(!lines.join('\n').includes('test-key-secret-1'));
    assert.equal(logged.requests[1].responseHeaders?.['content-type'], 'text/event-stream; charset=utf-8');
  });
});
