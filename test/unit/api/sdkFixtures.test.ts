/**
 * Recorded SSE streams from the official SDK's repository, replayed by the emulator: our final
 * message must equal the one the SDK itself accumulates from the very same bytes, under every
 * chunking the wire can produce.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { startEmulator } from '../../emulator/server';
import type { Emulator, FaultStep } from '../../emulator/types';
import { AnthropicClient } from '../../../src/api/client';
import type { MessageStreamEvent } from '../../../src/api/types';

// Copied from ../shared/fixtures (see test/fixtures/sdk-sse/README.md) so a clone is self-contained.
const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/sdk-sse');
const files = ['basic_response.txt', 'tool_use_response.txt', 'stream-a-refusal.sse', 'stream-a-toolrefusal.sse', 'stream-b-fallback.sse'];
const body = { model: 'claude-sonnet-5-5', max_tokens: 1024, messages: [{ role: 'user' as const, content: 'Hi' }] };
/** JSON view without the SDK-only `parsed_output` helper field. */
const plain = (v: unknown): unknown => {
  const copy = JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
  delete copy.parsed_output;
  return copy;
};

describe('api: SDK fixtures replayed (stream accumulation)', () => {
  let emu: Emulator;
  let sdk: Anthropic;
  let client: AnthropicClient;
  before(async () => {
    emu = await startEmulator();
    sdk = new Anthropic({ apiKey: 'test-key-1', baseURL: emu.url, maxRetries: 0 });
    client = new AnthropicClient({ apiKey: 'test-key-1', baseURL: emu.url, maxRetries: 0 });
  });
  after(async () => {
    client.dispose();
    await emu.close();
  });
  beforeEach(() => emu.reset());

  const variants: [string, Partial<FaultStep>][] = [
    ['whole', {}],
    ['1-byte chunks', { chunkSize: 1 }],
    ['split UTF-8', { splitUtf8: true }],
    ['CRLF', { crlf: true }],
    ['comments', { comments: true }],
  ];
  for (const file of files) {
    for (const [name, variant] of variants) {
      it(`${file} (${name}) accumulates exactly like the SDK`, async () => {
        const sseFile = path.join(FIXTURES, file);
        emu.script({ sseFile, ...variant }, { sseFile, ...variant });
        const expected = await sdk.messages.stream(body).finalMessage();
        const stream = client.messages.stream(body);
        const seen: string[] = [];
        for await (const event of stream) seen.push(event.type);
        const actual = await stream.finalMessage();
        assert.deepEqual(plain(actual), plain(expected));
        assert.equal(seen[0], 'message_start');
        assert.equal(seen[seen.length - 1], 'message_stop');
        assert.ok(!seen.includes('ping' as MessageStreamEvent['type']), 'ping is not delivered');
      });
    }
  }

  it('SDK-style stream events: streamEvent, thinking, signature, contentBlock, inputJson', async () => {
    const sseFile = path.join(FIXTURES, 'stream-a-refusal.sse');
    emu.script({ sseFile, chunkSize: 7 });
    const stream = client.messages.stream(body);
    const seen = { streamEvent: 0, thinking: '', signature: '', blocks: [] as string[] };
    stream.on('streamEvent', () => seen.streamEvent++);
    stream.on('thinking', (delta) => (seen.thinking += delta));
    stream.on('signature', (sig) => (seen.signature = sig));
    stream.on('contentBlock', (block) => seen.blocks.push(block.type));
    const final = await stream.finalMessage();
    const thinking = final.content[0];
    assert.equal(thinking.type, 'thinking');
    assert.equal(seen.thinking, thinking.type === 'thinking' ? thinking.thinking : undefined);
    assert.equal(seen.signature, thinking.type === 'thinking' ? thinking.signature : undefined);
    assert.deepEqual(seen.blocks, final.content.map((b) => b.type));
    assert.ok(seen.streamEvent >= 6);

    emu.script({ sseFile: path.join(FIXTURES, 'tool_use_response.txt') });
    const tool = client.messages.stream(body);
    let json = '';
    tool.on('inputJson', (_delta, snapshot) => (json = snapshot));
    const toolFinal = await tool.finalMessage();
    const use = toolFinal.content.find((b) => b.type === 'tool_use');
    assert.deepEqual(JSON.parse(json), use?.type === 'tool_use' ? use.input : undefined);
  });

  it('a tool_use block that never stopped keeps its partial input (best effort, like the SDK)', async () => {
    const sseFile = path.join(FIXTURES, 'incomplete_partial_json_response.txt');
    emu.script({ sseFile }, { sseFile });
    let sdkResult: unknown;
    const sdkStream = sdk.messages.stream(body);
    try {
      sdkResult = await sdkStream.finalMessage();
    } catch {
      sdkResult = sdkStream.currentMessage;
    }
    const stream = client.messages.stream(body);
    let ours: unknown;
    try {
      ours = await stream.finalMessage();
    } catch (error) {
      ours = (error as { partialMessage?: unknown }).partialMessage;
    }
    assert.ok(ours, 'a message (final or partial) is available');
    const sdkContent = (plain(sdkResult) as { content: { type: string; input?: unknown }[] }).content;
    const ourContent = (plain(ours) as { content: { type: string; input?: unknown }[] }).content;
    assert.deepEqual(ourContent, sdkContent);
  });
});
