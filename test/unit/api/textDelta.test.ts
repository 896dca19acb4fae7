/** The text-delta fast path gives exactly what JSON.parse gives, or steps aside. */
import * as assert from 'node:assert/strict';
import { parseTextDelta } from '../../../src/api/stream/textDelta';

const wire = (index: number, text: string): string => JSON.stringify({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });

describe('api: text-delta fast path', () => {
  it('parses the API\'s own text deltas exactly like JSON.parse (escapes, quotes, braces, unicode)', () => {
    const texts = ['', 'Hello', ' w42', 'a"}}', '"}}', '\\', 'line\nbreak\ttab', 'quote " and \\" slash', '€ 中文 😀', '\u0000\u001f', '}}}}', '{"type":"x"}'];
    for (const [i, text] of texts.entries()) {
      const data = wire(i * 7, text);
      assert.deepEqual(parseTextDelta(data), JSON.parse(data), data);
    }
    // Escaped forms JSON.stringify does not produce but the API could.
    const escaped = '{"type":"content_block_delta","index":3,"delta":{"type":"text_delta","text":"\\u00e9\\ud83d\\ude00\\/"}}';
    assert.deepEqual(parseTextDelta(escaped), JSON.parse(escaped));
  });

  it('steps aside (undefined) for every other shape, so JSON.parse decides', () => {
    const others = [
      '{"index":0,"type":"content_block_delta","delta":{"type":"text_delta","text":"a"}}', // key order
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a","extra":1}}', // extra field
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a","x":"b"}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}} ', // trailing space
      '{"type":"content_block_delta", "index":0,"delta":{"type":"text_delta","text":"a"}}',
      '{"type":"content_block_delta","index":01,"delta":{"type":"text_delta","text":"a"}}', // leading zero
      '{"type":"content_block_delta","index":,"delta":{"type":"text_delta","text":"a"}}',
      '{"type":"content_block_delta","index":-1,"delta":{"type":"text_delta","text":"a"}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":5}}', // not a string
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a}}', // unterminated
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a\\"}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"a"}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{}"}}',
      '{"type":"message_stop"}',
      '',
    ];
    for (const data of others) assert.equal(parseTextDelta(data), undefined, data);
  });

  it('agrees with JSON.parse on random text, including lone surrogates and control characters', () => {
    let seed = 12345;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let n = 0; n < 2000; n++) {
      let text = '';
      const len = Math.floor(random() * 12);
      for (let i = 0; i < len; i++) text += String.fromCharCode(Math.floor(random() * 0xffff));
      const data = wire(Math.floor(random() * 1000), text);
      assert.deepEqual(parseTextDelta(data), JSON.parse(data));
    }
  });
});
