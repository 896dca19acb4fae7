/**
 * Hostile block indices in a stream: each one ends the stream with a typed error that keeps the
 * valid partial message, never a replaced prototype, a huge sparse array or silently lost text.
 * First against the emulator (the whole client), then a seeded fuzz of the accumulator itself.
 */
import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { useEmulator, BODY, rejection } from './harness';
import * as E from '../../../src/api/errors';
import { MessageAccumulator } from '../../../src/api/stream/accumulator';
import { seededRandom } from '../../support/seededRandom';
import type { Message, MessageStreamEvent } from '../../../src/api/types';

const START = {
  type: 'message_start',
  message: { id: 'msg_i', type: 'message', role: 'assistant', content: [], model: 'm', stop_reason: null, stop_sequence: null, usage: { input_tokens: 3, output_tokens: 1 } },
};
const blockStart = (index: unknown, type = 'text'): object => ({
  type: 'content_block_start', index, content_block: type === 'text' ? { type: 'text', text: '' } : { type: 'tool_use', id: 'toolu_1', name: 't', input: {} },
});
const textDelta = (index: unknown, text: string): object => ({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
const blockStop = (index: unknown): object => ({ type: 'content_block_stop', index });
const END = [{ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 5 } }, { type: 'message_stop' }];

/** The SSE text of these events (event name = the data's type, as the API writes it). */
function sseOf(events: object[]): string {
  return events.map((e) => `event: ${(e as { type: string }).type}\ndata: ${JSON.stringify(e)}\n\n`).join('');
}
/** Same, with one raw data line (for values JSON.stringify cannot write, like a bare 1e9). */
function sseRaw(events: Array<object | string>): string {
  return events.map((e) => (typeof e === 'string' ? `event: ${/"type":"(\w+)"/.exec(e)?.[1]}\ndata: ${e}\n\n` : sseOf([e]))).join('');
}

/** Checks that a partial message is sane: a dense real array, serialisable, text as delivered. */
function assertSanePartial(partial: Message | undefined, expectedTexts: string[]): void {
  assert.ok(partial, 'partial message kept');
  const content = partial.content;
  assert.ok(Array.isArray(content), 'content is an array');
  assert.equal(Object.getPrototypeOf(content), Array.prototype, 'prototype intact');
  assert.ok(content.length <= expectedTexts.length, `content.length ${content.length}`);
  assert.doesNotThrow(() => JSON.stringify(partial));
  assert.deepEqual(content.map((b) => (b.type === 'text' ? b.text : '')), expectedTexts.slice(0, content.length));
  assert.equal(({} as Record<string, unknown>).text, undefined, 'Object.prototype untouched');
  assert.equal(([] as unknown as Record<string, unknown>).type, undefined, 'Array.prototype untouched');
}

describe('api: hostile stream indices', () => {
  const { emu, client } = useEmulator();

  const cases: Array<{ name: string; events: Array<object | string>; kept: string[] }> = [
    { name: 'start with index "__proto__"', events: [START, blockStart('__proto__')], kept: [] },
    { name: 'delta with index "__proto__"', events: [START, blockStart(0), textDelta(0, 'Hi'), textDelta('__proto__', ' there')], kept: ['Hi'] },
    { name: 'start with index 1e9', events: [START, blockStart(0), textDelta(0, 'Hi'), '{"type":"content_block_start","index":1e9,"content_block":{"type":"text","text":""}}'], kept: ['Hi'] },
    { name: 'delta with index 1e9', events: [START, blockStart(0), '{"type":"content_block_delta","index":1000000000,"delta":{"type":"text_delta","text":"x"}}'], kept: [''] },
    { name: 'start with index -1', events: [START, blockStart(-1)], kept: [] },
    { name: 'delta with index -1 (text would be lost)', events: [START, blockStart(0), textDelta(0, 'Hi'), textDelta(-1, ' lost')], kept: ['Hi'] },
    { name: 'start with index 1.5', events: [START, blockStart(1.5)], kept: [] },
    { name: 'delta with index 1.5', events: [START, blockStart(0), textDelta(0, 'A'), textDelta(0.5, 'B')], kept: ['A'] },
    { name: 'start with index "0" (a string)', events: [START, blockStart('0')], kept: [] },
    { name: 'delta with index "0" (a string)', events: [START, blockStart(0), textDelta('0', 'x')], kept: [''] },
    { name: 'delta for a block never started', events: [START, blockStart(0), textDelta(0, 'A'), textDelta(1, 'B')], kept: ['A'] },
    { name: 'a second start of the same index', events: [START, blockStart(0), textDelta(0, 'Hello'), blockStart(0)], kept: ['Hello'] },
    { name: 'a start that skips an index (sparse)', events: [START, blockStart(0), blockStart(2)], kept: [''] },
    { name: 'a delta after the block stopped', events: [START, blockStart(0), textDelta(0, 'A'), blockStop(0), textDelta(0, 'B')], kept: ['A'] },
    { name: 'a stop for a block never started', events: [START, blockStart(0), textDelta(0, 'A'), blockStop(3)], kept: ['A'] },
    { name: 'a missing index', events: [START, blockStart(0), textDelta(undefined, 'x')], kept: [''] },
    { name: 'a delta without a delta object', events: [START, blockStart(0), { type: 'content_block_delta', index: 0 }], kept: [''] },
    { name: 'a text delta whose text is not a string', events: [START, blockStart(0), textDelta(0, 'A'), { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 7 } }], kept: ['A'] },
    { name: 'a start without a content block', events: [START, { type: 'content_block_start', index: 0 }], kept: [] },
    { name: 'a second message_start (would drop the text so far)', events: [START, blockStart(0), textDelta(0, 'Kept'), START], kept: ['Kept'] },
  ];

  for (const { name, events, kept } of cases) {
    it(`${name}: MalformedStreamError with the partial message`, async () => {
      emu().script({ sse: sseRaw([...events, ...END]) });
      const stream = client().messages.stream(BODY);
      const err = (await rejection(stream.finalMessage())) as E.AnthropicError;
      assert.ok(err instanceof E.MalformedStreamError, `got ${err.name}: ${err.message}`);
      assert.ok(err instanceof E.APIConnectionError, 'a malformed stream is a connection-level failure');
      assert.equal(err.type, 'connection_error');
      assertSanePartial(err.partialMessage, kept);
      assert.doesNotThrow(() => inspect(err));
      assert.equal(emu().requests.length, 1, 'not retried after content was delivered');
    });
  }

  it('well-formed streams with several blocks (text, tool_use) still complete exactly', async () => {
    const events = [
      START, blockStart(0), textDelta(0, 'Let me '), textDelta(0, 'check.'), blockStop(0),
      blockStart(1, 'tool_use'), { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"q":' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '"x"}' } }, blockStop(1), ...END,
    ];
    emu().script({ sse: sseOf(events) });
    const message = await client().messages.stream(BODY).finalMessage();
    assert.equal(message.content.length, 2);
    assert.deepEqual(message.content[0], { type: 'text', text: 'Let me check.' });
    assert.deepEqual((message.content[1] as { input: unknown }).input, { q: 'x' });
  });
});

describe('api: hostile stream indices, seeded fuzz of the accumulator', () => {
  const HOSTILE: unknown[] = ['__proto__', 'constructor', 'prototype', 'length', '0', '', null, true, {}, [], -1, -0.5, 0.5, 1.5, 1e9, 2 ** 32, 2 ** 53, Number.MAX_VALUE, -Infinity, NaN];

  /** A valid message of `blocks` text blocks, each streamed in 1-4 deltas. */
  function validEvents(random: () => number, blocks: number): { events: Array<Record<string, unknown>>; texts: string[] } {
    const events: Array<Record<string, unknown>> = [structuredClone(START)];
    const texts: string[] = [];
    for (let b = 0; b < blocks; b++) {
      events.push(blockStart(b) as Record<string, unknown>);
      let text = '';
      const n = 1 + Math.floor(random() * 4);
      for (let d = 0; d < n; d++) {
        const piece = `b${b}d${d} `;
        text += piece;
        events.push(textDelta(b, piece) as Record<string, unknown>);
      }
      texts.push(text);
      events.push(blockStop(b) as Record<string, unknown>);
    }
    events.push(...(structuredClone(END) as Array<Record<string, unknown>>));
    return { events, texts };
  }

  it('2,000 seeded mutations of one index: a typed error with a sane prefix, or the exact message', () => {
    const random = seededRandom(9);
    let errors = 0;
    let completed = 0;
    for (let run = 0; run < 2000; run++) {
      const { events, texts } = validEvents(random, 1 + Math.floor(random() * 4));
      const indexed = events.map((e, i) => ({ e, i })).filter(({ e }) => 'index' in e);
      const target = indexed[Math.floor(random() * indexed.length)];
      const roll = random();
      // Mostly hostile values; sometimes another block's valid index (wrong order, unknown block).
      target.e.index = roll < 0.7 ? HOSTILE[Math.floor(random() * HOSTILE.length)] : Math.floor(random() * 6);
      const acc = new MessageAccumulator();
      let thrown: unknown;
      for (const event of events) {
        try {
          acc.apply(event as unknown as MessageStreamEvent);
        } catch (error) {
          thrown = error;
          break;
        }
      }
      const message = thrown === undefined ? acc.finish() : (thrown as E.AnthropicError).partialMessage;
      if (thrown !== undefined) {
        errors++;
        assert.ok(thrown instanceof E.MalformedStreamError, `run ${run}: ${String(thrown)}`);
        // What was delivered before the bad event is kept exactly; later text is not invented.
        const content = message?.content ?? [];
        assert.equal(Object.getPrototypeOf(content), Array.prototype, `run ${run}`);
        assert.ok(content.length <= texts.length, `run ${run}: length ${content.length}`);
        content.forEach((b, i) => assert.ok(b.type === 'text' && texts[i].startsWith(b.text), `run ${run}: block ${i}`));
      } else {
        completed++;
        // Only a mutation to the same valid value may pass, and then the message is exact.
        assert.deepEqual(message?.content.map((b) => (b.type === 'text' ? b.text : '')), texts, `run ${run}`);
      }
      assert.doesNotThrow(() => JSON.stringify(message));
    }
    assert.equal(({} as Record<string, unknown>).type, undefined);
    assert.ok(errors > 1800, `errors ${errors}, completed ${completed}`);
  });

  it('1,000 seeded random event sequences never throw anything but MalformedStreamError and never grow a sparse array', () => {
    const random = seededRandom(17);
    const kinds = ['start', 'delta', 'stop'] as const;
    for (let run = 0; run < 1000; run++) {
      const acc = new MessageAccumulator();
      acc.apply(structuredClone(START) as unknown as MessageStreamEvent);
      for (let step = 0; step < 12; step++) {
        const kind = kinds[Math.floor(random() * kinds.length)];
        const index = random() < 0.3 ? HOSTILE[Math.floor(random() * HOSTILE.length)] : Math.floor(random() * 4);
        const event = kind === 'start' ? blockStart(index) : kind === 'delta' ? textDelta(index, 'x') : blockStop(index);
        try {
          acc.apply(event as unknown as MessageStreamEvent);
        } catch (error) {
          assert.ok(error instanceof E.MalformedStreamError, `run ${run}: ${String(error)}`);
          break;
        }
      }
      const content = acc.current()?.content ?? [];
      assert.ok(content.length <= 12 && Object.keys(content).length === content.length, `run ${run}: dense, small`);
      assert.equal(Object.getPrototypeOf(content), Array.prototype);
    }
  });
});
