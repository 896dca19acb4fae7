/**
 * The official SDK as a conformance check of the emulator's wire format: whatever the
 * emulator streams, the SDK's own accumulation must equal the emulator's JSON answer.
 */
import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import type { Message, MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import { deltaText, expectedTextLength, renderStream } from '../../../bench/api/payloads';
import { startEmulator } from '../../emulator/server';
import type { Emulator, FaultStep } from '../../emulator/types';

/**
 * A message without its id (ids differ per request by design) and without the SDK's own
 * `parsed_output` helper field (added by its stream accumulator, not on the wire).
 */
function comparable(m: Message): Record<string, unknown> {
  const { id: _id, ...rest } = m as Message & { parsed_output?: unknown };
  delete rest.parsed_output;
  // Tool-use ids are unique per response, like the API's.
  rest.content = rest.content.map((b) => (b.type === 'tool_use' ? { ...b, id: 'toolu_x' } : b));
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

describe('emulator vs @anthropic-ai/sdk', () => {
  let emu: Emulator;
  let sdk: Anthropic;
  before(async () => {
    emu = await startEmulator();
    sdk = new Anthropic({ apiKey: 'test-key-1', baseURL: emu.url, maxRetries: 2 });
  });
  after(async () => {
    await emu.close();
  });
  beforeEach(() => emu.reset());

  const base: MessageCreateParamsNonStreaming = { model: 'claude-sonnet-5-5', max_tokens: 4096, messages: [{ role: 'user', content: 'Explain closures' }] };
  const bodies: [string, MessageCreateParamsNonStreaming][] = [
    ['plain text', base],
    ['tool use', { ...base, tools: [{ name: 'lookup', description: 'Look up', input_schema: { type: 'object', properties: { q: { type: 'string' }, n: { type: 'number' } }, required: ['q', 'n'] } }] }],
    ['thinking', { ...base, max_tokens: 8000, thinking: { type: 'enabled', budget_tokens: 2048 } }],
    ['max_tokens cut', { ...base, max_tokens: 7 }],
  ];

  for (const [name, body] of bodies) {
    it(`accumulates a streamed ${name} answer to the same message as create()`, async () => {
      const created = await sdk.messages.create(body);
      const streamed = await sdk.messages.stream(body).finalMessage();
      assert.deepEqual(comparable(streamed), comparable(created));
      assert.ok(created.content.length > 0);
    });
  }

  const faults: [string, FaultStep][] = [
    ['1-byte chunks', { chunkSize: 1 }],
    ['split UTF-8', { splitUtf8: true }],
    ['CRLF', { crlf: true }],
    ['comment lines', { comments: true }],
  ];
  for (const [name, step] of faults) {
    it(`survives ${name}`, async () => {
      const expected = await sdk.messages.create(base);
      emu.script(step);
      const streamed = await sdk.messages.stream(base).finalMessage();
      assert.deepEqual(comparable(streamed), comparable(expected));
    });
  }

  it('sends Bearer auth and anthropic-version 2026-10-21, and honours retry-after-ms on a 529', async () => {
    emu.script({ status: 529, retryAfterMs: 10 });
    const msg = await sdk.messages.create(base);
    assert.equal(msg.stop_reason, 'end_turn');
    assert.equal(emu.requests.length, 2);
    assert.deepEqual(emu.requests.map((r) => [r.status, r.authHeader, r.anthropicVersion]), [
      [529, 'authorization', '2026-10-21'],
      [200, 'authorization', '2026-10-21'],
    ]);
    assert.equal(emu.requests[1].attempt, 2);
  });

  it('surfaces an SSE error event as an SDK error of the same type', async () => {
    emu.script({ errorEventAfter: 6, errorType: 'overloaded_error' });
    await assert.rejects(sdk.messages.stream(base).finalMessage(), /overloaded_error|Overloaded/);
  });

  it('maps a scripted 401 to the SDK authentication error without retrying', async () => {
    emu.script({ status: 401 });
    await assert.rejects(sdk.messages.create(base), (e: unknown) => e instanceof Anthropic.AuthenticationError);
    assert.equal(emu.requests.length, 1);
  });

  it('lists every model through the SDK auto-pager', async () => {
    const ids: string[] = [];
    for await (const m of sdk.models.list({ limit: 3 })) ids.push(m.id);
    const direct = (await sdk.models.list({ limit: 100 })).data.map((m) => m.id);
    assert.deepEqual(ids, direct);
    assert.ok(ids.length > 3);
  });

  it('counts tokens through the SDK', async () => {
    const count = await sdk.messages.countTokens({ model: base.model, messages: base.messages });
    assert.ok(count.input_tokens > 0);
  });

  it('accepts the benchmark server payload (so the bench measures a valid stream)', async () => {
    emu.script({ sse: renderStream(300) });
    const m = await sdk.messages.stream(base).finalMessage();
    const text = m.content[0]?.type === 'text' ? m.content[0].text : '';
    assert.equal(text.length, expectedTextLength(300));
    assert.equal(text, Array.from({ length: 300 }, (_, i) => deltaText(i)).join(''));
    assert.equal(m.usage.output_tokens, 300);
  });
});
