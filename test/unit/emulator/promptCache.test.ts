/** The emulator's prompt cache, model limits and the count_tokens switch, through a real client. */
import * as assert from 'node:assert/strict';
import { startEmulator } from '../../emulator/server';
import type { Emulator } from '../../emulator/types';
import { AnthropicClient } from '../../../src/api/client';
import { NotFoundError } from '../../../src/api/errors';
import type { MessageCreateBody } from '../../../src/api/types';

const longSystem = 'You review TypeScript. '.repeat(400); // about 2,300 tokens by the emulator's estimate

function body(question: string, cached = true): MessageCreateBody {
  return {
    model: 'claude-sonnet-5-5',
    max_tokens: 256,
    system: [{ type: 'text', text: longSystem, ...(cached ? { cache_control: { type: 'ephemeral' as const } } : {}) }],
    messages: [{ role: 'user', content: question }],
  };
}

describe('emulator: prompt cache, model limits, count_tokens', () => {
  let emu: Emulator;
  let time = Date.parse('2026-11-30T12:00:00Z');
  let client: AnthropicClient;
  beforeEach(async () => {
    emu = await startEmulator({ now: () => time });
    client = new AnthropicClient({ apiKey: 'test-key-1', baseURL: emu.url, maxRetries: 0 });
  });
  afterEach(async () => {
    client.dispose();
    await emu.close();
  });

  it('writes a marked prefix once, reads it on the next request, and splits input like the API', async () => {
    const first = (await client.messages.create(body('first question'))).usage;
    const second = (await client.messages.stream(body('second question')).finalMessage()).usage;
    assert.ok((first.cache_creation_input_tokens ?? 0) > 1024);
    assert.equal(first.cache_read_input_tokens, 0);
    assert.equal(second.cache_read_input_tokens, first.cache_creation_input_tokens);
    assert.equal(second.cache_creation_input_tokens, 0);
    const total = (u: typeof first): number => u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
    const counted = await client.messages.countTokens({ model: 'claude-sonnet-5-5', system: body('second question').system, messages: body('second question').messages });
    assert.equal(total(second), counted.input_tokens, 'the split adds up to what count_tokens says');
  });

  it('an entry lives 5 minutes from its last use; unmarked or short prefixes are never cached', async () => {
    await client.messages.create(body('a'));
    time += 299_000;
    assert.ok(((await client.messages.create(body('b'))).usage.cache_read_input_tokens ?? 0) > 0);
    time += 301_000;
    const expired = (await client.messages.create(body('c'))).usage;
    assert.equal(expired.cache_read_input_tokens, 0);
    assert.ok((expired.cache_creation_input_tokens ?? 0) > 0);
    const plain = (await client.messages.create(body('d', false))).usage;
    assert.deepEqual([plain.cache_read_input_tokens, plain.cache_creation_input_tokens], [0, 0]);
    const short = await client.messages.create({ ...body('e'), system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }] });
    assert.deepEqual([short.usage.cache_read_input_tokens, short.usage.cache_creation_input_tokens], [0, 0]);
  });

  it('models report their context window, and a gateway without count_tokens answers 404', async () => {
    const models = await client.models.list();
    assert.equal(models.find((m) => m.id === 'claude-sonnet-5-5')?.max_input_tokens, 1_000_000);
    assert.equal(models.find((m) => m.id === 'claude-sonnet-4-5')?.max_input_tokens, null);
    const count = { model: 'claude-sonnet-5-5', messages: [{ role: 'user' as const, content: 'hi' }] };
    emu.setCountTokens(false);
    assert.ok(await client.messages.countTokens(count).then(() => undefined, (e: unknown) => e) instanceof NotFoundError);
    const res = await fetch(`${emu.url}/__emulator/features`, { method: 'POST', body: JSON.stringify({ countTokens: true }) });
    assert.equal(res.status, 200);
    assert.ok((await client.messages.countTokens(count)).input_tokens > 0);
  });

  it('a scripted step without a path (or with a wildcard) is left for the message: count_tokens (the composer meter) takes only a step naming it', async () => {
    emu.script({ path: '/v1/*', status: 529 });
    const counted = await client.messages.countTokens({ model: 'claude-sonnet-5-5', messages: [{ role: 'user', content: 'hi' }] });
    assert.ok(counted.input_tokens > 0);
    await assert.rejects(client.messages.create(body('now the fault')), (e: unknown) => (e as { status?: number }).status === 529);
    emu.script({ path: '/v1/messages/count_tokens', status: 404 });
    await assert.rejects(client.messages.countTokens({ model: 'claude-sonnet-5-5', messages: [{ role: 'user', content: 'hi' }] }), NotFoundError);
  });
});
