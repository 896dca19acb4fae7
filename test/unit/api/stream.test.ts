/** Streaming against the emulator: events, text, error events, stalls, cut streams, aborts. */
import * as assert from 'node:assert/strict';
import { useEmulator, BODY, rejection } from './harness';
import { FakeClock, tick } from '../../support/fakeClock';
import * as E from '../../../src/api/errors';
import type { MessageStreamEvent } from '../../../src/api/types';

describe('api: streaming', () => {
  const { emu, client } = useEmulator();

  it('iterates wire events and emits text deltas that add up to the final text', async () => {
    const c = client();
    const created = await c.messages.create(BODY);
    const stream = c.messages.stream(BODY);
    let text = '';
    let lastSnapshot = '';
    stream.on('text', (delta, snapshot) => {
      text += delta;
      lastSnapshot = snapshot;
    });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalMessage();
    assert.equal(types[0], 'message_start');
    assert.equal(types[types.length - 1], 'message_stop');
    const finalText = final.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    assert.equal(text, finalText);
    assert.equal(lastSnapshot, finalText);
    assert.equal(await stream.finalText(), finalText);
    const createdText = created.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    assert.equal(finalText, createdText);
    assert.equal(emu().requests[1].headers.accept, 'text/event-stream');
    assert.equal((emu().requests[1].body as { stream?: boolean }).stream, true);
    assert.equal(stream.requestId, emu().requests[1].requestId);
  });

  it('usage from message_delta overwrites (cumulative), never adds', async () => {
    const c = client();
    const created = await c.messages.create(BODY);
    const final = await c.messages.stream(BODY).finalMessage();
    assert.equal(final.usage.output_tokens, created.usage.output_tokens);
    assert.equal(final.usage.input_tokens, created.usage.input_tokens);
  });

  it('an error event ends the stream with a typed error that keeps the partial message', async () => {
    emu().script({ errorEventAfter: 4, errorType: 'overloaded_error' });
    const stream = client().messages.stream(BODY);
    const events: MessageStreamEvent[] = [];
    let iterError: unknown;
    try {
      for await (const e of stream) events.push(e);
    } catch (error) {
      iterError = error;
    }
    const err = (await rejection(stream.finalMessage())) as E.AnthropicError;
    assert.equal(iterError, err);
    assert.ok(err instanceof E.OverloadedError, err.constructor.name);
    assert.equal(err.type, 'overloaded_error');
    assert.ok(err.partialMessage);
    assert.equal(err.partialMessage?.id, (events[0] as { message: { id: string } }).message.id);
    assert.ok(events.length >= 2 && events.length <= 4, `events before the error: ${events.length}`);
    assert.equal(emu().requests.length, 1, 'never retried after content');
  });

  it('a stream that ends without message_stop is a connection error with the partial message', async () => {
    const sse = [
      'event: message_start',
      'data: {"type":"message_start","message":{"id":"msg_x","type":"message","role":"assistant","content":[],"model":"m","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}}',
      '',
      'event: content_block_start',
      'data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
      '',
      'event: content_block_delta',
      'data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}',
      '',
      '',
    ].join('\n');
    emu().script({ sse });
    const err = (await rejection(client().messages.stream(BODY).finalMessage())) as E.AnthropicError;
    assert.ok(err instanceof E.APIConnectionError, err.constructor.name);
    const block = err.partialMessage?.content[0];
    assert.equal(block?.type === 'text' ? block.text : undefined, 'Hel');
  });

  it('a stalled stream ends with TimeoutError after idleTimeoutMs (fake clock), keeping the partial', async () => {
    const clock = new FakeClock();
    emu().script({ stallAfterEvents: 4 });
    const stream = client({ clock, idleTimeoutMs: 5000 }).messages.stream(BODY);
    let events = 0;
    stream.on('event', () => events++);
    const pending = rejection(stream.finalMessage());
    // The emulator's 4 written events include a ping, which is not delivered.
    while (events < 3) await tick();
    clock.advance(4999);
    await tick();
    assert.equal(stream.finished, false, 'not yet timed out');
    clock.advance(1);
    const err = (await pending) as E.AnthropicError;
    assert.ok(err instanceof E.TimeoutError, err.constructor.name);
    assert.ok(err.partialMessage);
    assert.equal(emu().requests.length, 1);
  });

  it('abort mid-stream stops at once with UserAbortError and the partial message', async () => {
    emu().script({ paceMs: 20 });
    const stream = client().messages.stream(BODY);
    let aborted: E.AnthropicError | undefined;
    stream.on('abort', (e) => (aborted = e));
    stream.on('text', () => stream.abort());
    const err = (await rejection(stream.finalMessage())) as E.AnthropicError;
    assert.ok(err instanceof E.UserAbortError, err.constructor.name);
    assert.equal(aborted, err);
    assert.ok(err.partialMessage);
  });

  it('the caller signal aborts a stream; breaking out of the loop aborts it too', async () => {
    emu().script({ paceMs: 20 }, { paceMs: 20 });
    const controller = new AbortController();
    const s1 = client().messages.stream(BODY, { signal: controller.signal });
    s1.once('text', () => controller.abort());
    assert.ok((await rejection(s1.finalMessage())) instanceof E.UserAbortError);
    const s2 = client().messages.stream(BODY);
    for await (const e of s2) if (e.type === 'content_block_delta') break;
    assert.ok((await rejection(s2.finalMessage())) instanceof E.UserAbortError);
  });

  it('a JSON error answer to a stream request is a typed error (no partial message)', async () => {
    emu().script({ status: 404, message: 'model: not found' });
    const err = (await rejection(client().messages.stream(BODY).finalMessage())) as E.AnthropicError;
    assert.ok(err instanceof E.NotFoundError);
    assert.equal(err.partialMessage, undefined);
  });

  it('currentMessage gives a snapshot mid-stream', async () => {
    emu().script({ paceMs: 5 });
    const stream = client().messages.stream(BODY);
    let mid: string | undefined;
    stream.on('text', () => {
      const block = stream.currentMessage?.content[0];
      mid ??= block?.type === 'text' ? block.text : undefined;
    });
    await stream.finalMessage();
    assert.ok(mid && mid.length > 0);
  });
});

describe('api: streaming, failure before the first event (raw one-off server)', () => {
  const SSE_OK = [
    'event: message_start',
    'data: {"type":"message_start","message":{"id":"msg_r","type":"message","role":"assistant","content":[],"model":"m","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}}',
    '',
    'event: content_block_start',
    'data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
    '',
    'event: content_block_delta',
    'data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ok"}}',
    '',
    'event: content_block_stop',
    'data: {"type":"content_block_stop","index":0}',
    '',
    'event: message_delta',
    'data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":2}}',
    '',
    'event: message_stop',
    'data: {"type":"message_stop"}',
    '',
    '',
  ].join('\n');

  it('headers then a dead socket before any event: retried (nothing was delivered), then succeeds', async () => {
    const http = await import('node:http');
    let hits = 0;
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        hits++;
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        if (hits === 1) {
          res.write(': warming up\n\n');
          setImmediate(() => res.socket?.destroy());
        } else res.end(SSE_OK);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const { AnthropicClient } = await import('../../../src/api/client');
    const clock = new FakeClock();
    const c = new AnthropicClient({ apiKey: 'test-key-1', baseURL: `http://127.0.0.1:${port}`, clock, random: () => 0 });
    const waits: number[] = [];
    c.onRetry((i) => {
      waits.push(i.delayMs);
      setImmediate(() => clock.advance(i.delayMs));
    });
    try {
      const message = await c.messages.stream(BODY).finalMessage();
      const block = message.content[0];
      assert.equal(block.type === 'text' ? block.text : '', 'ok');
      assert.equal(hits, 2);
      assert.deepEqual(waits, [500]);
    } finally {
      c.dispose();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
