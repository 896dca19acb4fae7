import * as assert from 'node:assert/strict';
import { answerFor } from '../../emulator/answers';
import { startEmulator } from '../../emulator/server';
import type { Emulator } from '../../emulator/types';
import { messagesBody, parseSse, rawRequest, streamedText } from './rawHttp';

describe('emulator wire format', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator();
  });
  afterEach(async () => {
    await emu.close();
  });

  it('answers JSON with a Message that quotes the prompt and carries request-id and rate-limit headers', async () => {
    const res = await rawRequest(`${emu.url}/v1/messages`, { body: messagesBody('How do I sort an array?') });
    assert.equal(res.status, 200);
    const msg = JSON.parse(res.text) as { type: string; role: string; content: { type: string; text: string }[]; stop_reason: string; usage: { input_tokens: number; output_tokens: number } };
    assert.equal(msg.type, 'message');
    assert.equal(msg.role, 'assistant');
    assert.equal(msg.stop_reason, 'end_turn');
    assert.match(msg.content[0].text, /How do I sort an array\?/);
    assert.match(msg.content[0].text, /```ts\n[\s\S]*```[\s\S]*```python\n/);
    assert.ok(msg.usage.input_tokens > 0 && msg.usage.output_tokens > 0);
    assert.match(String(res.headers['request-id']), /^req_/);
    assert.equal(emu.requests[0].requestId, res.headers['request-id']);
    for (const b of ['requests', 'tokens', 'input-tokens', 'output-tokens']) {
      assert.ok(res.headers[`anthropic-ratelimit-${b}-limit`], `${b} limit`);
      assert.match(String(res.headers[`anthropic-ratelimit-${b}-reset`]), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
  });

  it('streams the exact event sequence of the API with many small deltas and cumulative usage', async () => {
    const res = await rawRequest(`${emu.url}/v1/messages`, { body: messagesBody('stream me', { stream: true }) });
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/event-stream/);
    const events = parseSse(res.text);
    const names = events.map((e) => e.event);
    assert.deepEqual(names.slice(0, 3), ['message_start', 'content_block_start', 'ping']);
    assert.deepEqual(names.slice(-3), ['content_block_stop', 'message_delta', 'message_stop']);
    for (const e of events) assert.equal(e.data.type, e.event, 'event: line matches data.type');
    const deltas = names.filter((n) => n === 'content_block_delta').length;
    assert.ok(deltas > 50, `many deltas (${deltas})`);
    assert.equal(streamedText(events), answerFor('stream me'));
    const start = events[0].data.message as { usage: { output_tokens: number; input_tokens: number } };
    const delta = events[events.length - 2].data as { usage: { output_tokens: number; input_tokens: number }; delta: { stop_reason: string } };
    assert.equal(delta.delta.stop_reason, 'end_turn');
    assert.ok(delta.usage.output_tokens > start.usage.output_tokens);
    assert.equal(delta.usage.input_tokens, start.usage.input_tokens);
  });

  it('gives the same content for JSON and for an accumulated stream', async () => {
    const json = await rawRequest(`${emu.url}/v1/messages`, { body: messagesBody('same please') });
    const sse = await rawRequest(`${emu.url}/v1/messages`, { body: messagesBody('same please', { stream: true }) });
    const msg = JSON.parse(json.text) as { content: { text: string }[]; usage: { output_tokens: number } };
    const events = parseSse(sse.text);
    assert.equal(streamedText(events), msg.content[0].text);
    assert.equal((events[events.length - 2].data.usage as { output_tokens: number }).output_tokens, msg.usage.output_tokens);
  });

  it('continues the same answer after an assistant prefill that is its prefix', async () => {
    const full = answerFor('continue me');
    const prefill = full.slice(0, 200).trimEnd();
    const res = await rawRequest(`${emu.url}/v1/messages`, {
      body: { model: 'm', max_tokens: 4096, messages: [{ role: 'user', content: 'continue me' }, { role: 'assistant', content: prefill }] },
    });
    const msg = JSON.parse(res.text) as { content: { text: string }[] };
    assert.equal(prefill + msg.content[0].text, full);
  });

  it('rejects a prefill with trailing whitespace, as the API does', async () => {
    const res = await rawRequest(`${emu.url}/v1/messages`, {
      body: { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: 'Hello ' }] },
    });
    assert.equal(res.status, 400);
    assert.match(res.text, /trailing whitespace/);
  });

  it('stops at max_tokens and at stop sequences', async () => {
    const cut = JSON.parse((await rawRequest(`${emu.url}/v1/messages`, { body: messagesBody('hello', { max_tokens: 5 }) })).text) as { stop_reason: string; content: { text: string }[]; usage: { output_tokens: number } };
    assert.equal(cut.stop_reason, 'max_tokens');
    assert.ok(cut.content[0].text.length <= 20);
    assert.ok(cut.usage.output_tokens <= 5);
    const stop = JSON.parse((await rawRequest(`${emu.url}/v1/messages`, { body: messagesBody('hello', { stop_sequences: ['```'] }) })).text) as { stop_reason: string; stop_sequence: string; content: { text: string }[] };
    assert.equal(stop.stop_reason, 'stop_sequence');
    assert.equal(stop.stop_sequence, '```');
    assert.ok(!stop.content[0].text.includes('```'));
  });

  it('reports a scripted stop reason, known or not, in the JSON answer and in the stream', async () => {
    for (const stopReason of ['max_tokens', 'pause_turn', 'refusal', 'stop_sequence', 'tool_use', 'future_reason']) {
      emu.script({ stopReason, text: 'Partial answer' }, { stopReason, text: 'Partial answer' });
      const json = JSON.parse((await rawRequest(`${emu.url}/v1/messages`, { body: messagesBody('why stop?') })).text) as { stop_reason: string; stop_sequence: string | null; content: { text: string }[] };
      assert.equal(json.stop_reason, stopReason);
      assert.equal(json.stop_sequence, stopReason === 'stop_sequence' ? '###' : null);
      assert.equal(json.content[0].text, 'Partial answer');
      const events = parseSse((await rawRequest(`${emu.url}/v1/messages`, { body: messagesBody('why stop?', { stream: true }) })).text);
      const delta = events[events.length - 2].data as { delta: { stop_reason: string } };
      assert.equal(delta.delta.stop_reason, stopReason, `${stopReason} in message_delta`);
      assert.equal(streamedText(events), 'Partial answer');
    }
  });

  it('calls a tool with input that satisfies its schema, then answers from the tool result', async () => {
    const tools = [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city', 'days'] } }];
    const res = await rawRequest(`${emu.url}/v1/messages`, { body: messagesBody('weather in Paris?', { tools, stream: true }) });
    const events = parseSse(res.text);
    const start = events.find((e) => e.event === 'content_block_start' && (e.data.content_block as { type: string }).type === 'tool_use');
    assert.ok(start, 'tool_use block');
    const json = events
      .filter((e) => (e.data.delta as { type?: string } | undefined)?.type === 'input_json_delta')
      .map((e) => (e.data.delta as { partial_json: string }).partial_json)
      .join('');
    const input = JSON.parse(json) as { city: string; days: number };
    assert.equal(typeof input.city, 'string');
    assert.equal(input.days, 42);
    assert.equal((events[events.length - 2].data.delta as { stop_reason: string }).stop_reason, 'tool_use');

    const id = (start.data.content_block as { id: string }).id;
    const follow = await rawRequest(`${emu.url}/v1/messages`, {
      body: messagesBody('', {
        tools,
        messages: [
          { role: 'user', content: 'weather in Paris?' },
          { role: 'assistant', content: [{ type: 'tool_use', id, name: 'get_weather', input }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'sunny, 21C' }] },
        ],
      }),
    });
    const msg = JSON.parse(follow.text) as { stop_reason: string; content: { type: string; text: string }[] };
    assert.equal(msg.stop_reason, 'end_turn');
    assert.match(msg.content[0].text, /sunny, 21C/);
  });

  it('streams a thinking block with a signature before the text when thinking is on', async () => {
    const res = await rawRequest(`${emu.url}/v1/messages`, {
      body: messagesBody('think first', { stream: true, max_tokens: 8000, thinking: { type: 'enabled', budget_tokens: 2000 } }),
    });
    const events = parseSse(res.text);
    const kinds = events.filter((e) => e.event === 'content_block_start').map((e) => (e.data.content_block as { type: string }).type);
    assert.deepEqual(kinds, ['thinking', 'text']);
    const deltaTypes = new Set(events.filter((e) => e.event === 'content_block_delta').map((e) => (e.data.delta as { type: string }).type));
    assert.ok(deltaTypes.has('thinking_delta') && deltaTypes.has('signature_delta') && deltaTypes.has('text_delta'));
  });

  it('serves canned answers: long, short and echo', async () => {
    const long = JSON.parse((await rawRequest(`${emu.url}/v1/messages`, { body: messagesBody('a long answer please', { max_tokens: 100000 }) })).text) as { content: { text: string }[] };
    assert.ok(long.content[0].text.length > 20_000);
    const echo = JSON.parse((await rawRequest(`${emu.url}/v1/messages`, { body: messagesBody('echo exactly this') })).text) as { content: { text: string }[] };
    assert.equal(echo.content[0].text, 'exactly this');
  });

  it('counts tokens like the messages route reports them', async () => {
    const body = messagesBody('count me please, a few words here');
    const count = JSON.parse((await rawRequest(`${emu.url}/v1/messages/count_tokens`, { body: { model: body.model, messages: body.messages } })).text) as { input_tokens: number };
    const msg = JSON.parse((await rawRequest(`${emu.url}/v1/messages`, { body })).text) as { usage: { input_tokens: number } };
    assert.ok(count.input_tokens > 0);
    assert.equal(count.input_tokens, msg.usage.input_tokens);
  });

  it('answers unknown routes and unknown models with not_found_error bodies', async () => {
    const route = await rawRequest(`${emu.url}/v1/nope`);
    assert.equal(route.status, 404);
    assert.equal((JSON.parse(route.text) as { error: { type: string } }).error.type, 'not_found_error');
    const model = await rawRequest(`${emu.url}/v1/messages`, { body: messagesBody('x', { model: 'unknown-model' }) });
    assert.equal(model.status, 404);
  });

  it('validates bodies with the API messages', async () => {
    const res = await rawRequest(`${emu.url}/v1/messages`, { body: { model: 'm', messages: [{ role: 'user', content: 'x' }] } });
    assert.equal(res.status, 400);
    const body = JSON.parse(res.text) as { type: string; error: { type: string; message: string }; request_id: string };
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'invalid_request_error');
    assert.equal(body.error.message, 'max_tokens: Field required');
    assert.equal(body.request_id, res.headers['request-id']);
    const badJson = await rawRequest(`${emu.url}/v1/messages`, { body: '{nope' });
    assert.equal(badJson.status, 400);
  });
});
