import * as assert from 'assert';
import { parseToHost } from '../../../src/shared/parseToHost';
import { parseToWebview } from '../../../src/shared/parseToWebview';
import { LIMITS } from '../../../src/shared/validate';
import { TO_HOST, TO_WEBVIEW, answerEnd, answerTurn, state, usage, userTurn } from './protocolSamples';

/** JSON round trip: what postMessage's structured clone does to undefined fields. */
function wire<T>(v: T): unknown {
  return JSON.parse(JSON.stringify(v));
}

describe('protocol: parseToHost', () => {
  for (const [type, message] of Object.entries(TO_HOST)) {
    it(`accepts a valid "${type}" and returns it unchanged`, () => {
      const r = parseToHost(wire(message));
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.deepStrictEqual(r.message, message);
    });
  }

  const invalid: Array<[string, unknown, RegExp]> = [
    ['null', null, /must be an object/],
    ['an array', [{ type: 'panel/ready' }], /must be an object/],
    ['a string', 'ready', /must be an object/],
    ['a number', 42, /must be an object/],
    ['no type', { requestId: 'r1' }, /type must be a string/],
    ['an unknown type', { type: 'launchMissiles' }, /unknown message type "launchMissiles"/],
    ['a prototype key as type', { type: '__proto__' }, /unknown message type/],
    ['ask without requestId', { type: 'answer/ask', text: 'x', chipIds: [] }, /requestId must be a string/],
    ['ask with a numeric text', { type: 'answer/ask', requestId: 'r', text: 5, chipIds: [] }, /text must be a string/],
    ['ask with empty text', { type: 'answer/ask', requestId: 'r', text: '', chipIds: [] }, /text is too short/],
    ['ask with chipIds not an array', { type: 'answer/ask', requestId: 'r', text: 'x', chipIds: 'c1' }, /chipIds must be an array/],
    ['ask with a non-string chip id', { type: 'answer/ask', requestId: 'r', text: 'x', chipIds: [1] }, /chipIds\[0\] must be a string/],
    ['an id with markup', { type: 'answer/stop', answerId: '<img src=x>' }, /answerId has an invalid format/],
    ['an id with spaces', { type: 'answer/stop', answerId: 'a b' }, /invalid format/],
    ['an empty id', { type: 'conversation/new', requestId: '' }, /requestId is too short/],
    ['an extra field', { type: 'panel/ready', requestId: 'r', evil: true }, /unknown field "evil"/],
    ['ready with a conversation id that is markup', { type: 'panel/ready', requestId: 'r', conversationId: '<b>' }, /conversationId has an invalid format/],
    ['ready with a negative load time', { type: 'panel/ready', requestId: 'r', loadedMs: -1 }, /loadedMs is below 0/],
    ['a bad log level', { type: 'panel/log', level: 'debug', message: 'x' }, /level must be one of info, warn, error/],
    ['a language with spaces', { type: 'editor/insertCode', requestId: 'r', code: 'x', language: 'java script' }, /language has an invalid format/],
    ['a model with spaces', { type: 'model/pick', requestId: 'r', model: 'claude sonnet' }, /model has an invalid format/],
    ['openLink without href', { type: 'editor/openLink', requestId: 'r' }, /href must be a string/],
  ];
  for (const [what, raw, error] of invalid) {
    it(`rejects ${what}`, () => {
      const r = parseToHost(raw);
      assert.strictEqual(r.ok, false);
      if (!r.ok) assert.match(r.error, error);
    });
  }

  it('rejects oversize strings at the limit + 1, accepts them at the limit', () => {
    const atLimit = 'x'.repeat(LIMITS.prompt);
    assert.strictEqual(parseToHost({ type: 'answer/ask', requestId: 'r', text: atLimit, chipIds: [] }).ok, true);
    const r = parseToHost({ type: 'answer/ask', requestId: 'r', text: `${atLimit}x`, chipIds: [] });
    assert.strictEqual(r.ok, false);
    if (!r.ok) assert.match(r.error, /too long \(200001 > 200000\)/);
    assert.strictEqual(parseToHost({ type: 'answer/stop', answerId: 'r'.repeat(LIMITS.id + 1) }).ok, false);
    assert.strictEqual(parseToHost({ type: 'editor/openLink', requestId: 'r', href: `https://a.b/${'p'.repeat(LIMITS.href)}` }).ok, false);
    assert.strictEqual(parseToHost({ type: 'answer/ask', requestId: 'r', text: 'x', chipIds: new Array(51).fill('c') }).ok, false);
  });

  it('never throws, even on hostile objects', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } });
    const r = parseToHost(hostile);
    assert.strictEqual(r.ok, false);
    const cyclic: Record<string, unknown> = { type: 'editor/copy', requestId: 'r' };
    cyclic.text = cyclic;
    assert.strictEqual(parseToHost(cyclic).ok, false);
  });

  it('trims a renamed title and keeps a non-empty one', () => {
    const r = parseToHost({ type: 'conversation/rename', requestId: 'r', conversationId: 'c', title: '  Spaced  ' });
    assert.ok(r.ok);
    assert.strictEqual(r.ok && r.message.type === 'conversation/rename' && r.message.title, 'Spaced');
  });
});

describe('protocol: parseToWebview', () => {
  for (const [type, message] of Object.entries(TO_WEBVIEW)) {
    it(`accepts a valid "${type}" and returns it unchanged`, () => {
      const r = parseToWebview(wire(message));
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.deepStrictEqual(r.message, wire(message));
    });
  }

  const invalid: Array<[string, unknown, RegExp]> = [
    ['an unknown type', { type: 'eval', code: 'alert(1)' }, /unknown message type "eval"/],
    ['a delta without text', { type: 'answer/delta', requestId: 'r' }, /text must be a string/],
    ['a turn with a bad role', { type: 'answer/userTurn', requestId: 'r', turn: { ...userTurn, role: 'system' } }, /turn.role must be one of user, assistant/],
    ['a turn with a bad status', { type: 'answer/ask', requestId: 'r', turn: { ...answerEnd, status: 'weird' } }, /status must be one of/],
    ['a turn with an unknown field', { type: 'answer/userTurn', requestId: 'r', turn: { ...answerTurn, html: '<b>' } }, /unknown field "html"/],
    ['an answer reply with the text again', { type: 'answer/ask', requestId: 'r', turn: { ...answerEnd, text: 'x' } }, /unknown field "text"/],
    ['a stop reason that is not one', { type: 'answer/continue', requestId: 'r', turn: { ...answerEnd, stopReason: 'max tokens <b>' } }, /stopReason has an invalid format/],
    ['negative tokens', { type: 'answer/usage', requestId: 'r', usage: { ...usage, output_tokens: -1 } }, /output_tokens is below 0/],
    ['fractional tokens', { type: 'answer/usage', requestId: 'r', usage: { ...usage, input_tokens: 1.5 } }, /input_tokens must be an integer/],
    ['camelCase token counts', { type: 'answer/usage', requestId: 'r', usage: { inputTokens: 1, outputTokens: 1, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 } }, /unknown field "inputTokens"/],
    ['NaN delay', { type: 'answer/retryWait', requestId: 'r', attempt: 1, maxRetries: 4, delayMs: NaN, until: 0, reason: 'x' }, /delayMs must be a finite number/],
    ['an unknown error kind', { type: 'request/error', message: 'x', kind: 'oops' }, /kind must be one of/],
    ['an error with a field of its own', { type: 'request/error', message: 'x', kind: 'api', partial: true }, /unknown field "partial"/],
    ['a reply without its request id', { type: 'conversation/rename', state }, /requestId must be a string/],
    ['a notice with a bad level', { type: 'editor/copy', requestId: 'r', notice: { message: 'x', level: 'fatal' } }, /notice.level must be one of/],
    ['a bad chip kind', { type: 'context/chips', chips: [{ id: 'c', kind: 'folder', label: 'x' }] }, /kind must be one of selection, file/],
    ['state without conversation', { type: 'panel/ready', requestId: 'r', state: { ...state, conversation: undefined } }, /state.conversation must be an object/],
    ['a bad notice level', { type: 'panel/notice', message: 'x', level: 'fatal' }, /level must be one of/],
    ['a huge history', { type: 'history/list', items: new Array(LIMITS.list + 1).fill(state.history[0]) }, /too many items/],
  ];
  for (const [what, raw, error] of invalid) {
    it(`rejects ${what}`, () => {
      const r = parseToWebview(raw);
      assert.strictEqual(r.ok, false);
      if (!r.ok) assert.match(r.error, error);
    });
  }
});

/** An array of `length` with only the given indices set (what a structured clone of `["c1",,,"c2"]` gives). */
function sparse(length: number, items: Record<number, unknown>): unknown[] {
  const a = new Array<unknown>(length);
  for (const [i, v] of Object.entries(items)) a[Number(i)] = v;
  return a;
}

describe('protocol: field kinds hold in every field of their kind (#9)', () => {
  const holes = sparse(4, { 0: 'c1', 3: 'c2' });
  const refusedToHost: Array<[string, unknown, RegExp]> = [
    ['chipIds with holes', { type: 'answer/ask', requestId: 'r', text: 'x', chipIds: holes }, /chipIds\[1\] is a hole/],
    ['a chip id with markup', { type: 'answer/ask', requestId: 'r', text: 'x', chipIds: ['<img src=x>'] }, /chipIds\[0\] has an invalid format/],
    ['a chip id with a path and a space', { type: 'answer/ask', requestId: 'r', text: 'x', chipIds: ['c1', '../a b'] }, /chipIds\[1\] has an invalid format/],
    ['an empty chip id', { type: 'answer/ask', requestId: 'r', text: 'x', chipIds: [''] }, /chipIds\[0\] is too short/],
    ['a whitespace-only send', { type: 'answer/ask', requestId: 'r', text: ' \n\t\u00a0 ', chipIds: [] }, /text is blank/],
    ['a zero-width-only send', { type: 'answer/ask', requestId: 'r', text: '\u200b\u2060', chipIds: [] }, /text is blank/],
    ['a whitespace-only editLast', { type: 'answer/editLast', requestId: 'r', text: '\r\n  ' }, /text is blank/],
    ['a send with a lone surrogate', { type: 'answer/ask', requestId: 'r', text: 'half \ud83d', chipIds: [] }, /lone surrogate/],
    ['an href with NUL', { type: 'editor/openLink', requestId: 'r', href: 'https://example.com/\u0000x' }, /href must be one line/],
    ['an href with a lone surrogate', { type: 'editor/openLink', requestId: 'r', href: 'https://example.com/\udc00' }, /href must be one line/],
    ['an href with a newline', { type: 'editor/openLink', requestId: 'r', href: 'https://example.com/\nSet-Cookie: a' }, /href must be one line/],
    ['a title with NUL', { type: 'conversation/rename', requestId: 'r', conversationId: 'c', title: 'a\u0000b' }, /title must be one line/],
    ['a title with a lone surrogate', { type: 'conversation/rename', requestId: 'r', conversationId: 'c', title: 'a\ud800' }, /title must be one line/],
  ];
  for (const [what, raw, error] of refusedToHost) {
    it(`parseToHost refuses ${what}`, () => {
      const r = parseToHost(raw);
      assert.strictEqual(r.ok, false, `accepted: ${JSON.stringify(r)}`);
      if (!r.ok) assert.match(r.error, error);
    });
  }

  const conv = state.conversation;
  const refusedToWebview: Array<[string, unknown, RegExp]> = [
    ['history rows with holes', { type: 'history/list', items: sparse(2, { 1: state.history[0] }) }, /items\[0\] is a hole/],
    ['turns with holes', { type: 'conversation/state', state: { ...state, conversation: { ...conv, turns: sparse(3, { 0: userTurn, 2: answerTurn }) } } }, /turns\[1\] is a hole/],
    ['state.history with holes', { type: 'panel/ready', requestId: 'r', state: { ...state, history: sparse(1, {}) } }, /history\[0\] is a hole/],
    ['models with holes', { type: 'model/list', models: sparse(3, { 0: 'a', 2: 'b' }), model: 'a' }, /models\[1\] is a hole/],
    ['chips with holes', { type: 'context/chips', chips: sparse(2, { 0: { id: 'c1', kind: 'file', label: 'a' } }) }, /chips\[1\] is a hole/],
    ['turn chips with holes', { type: 'answer/userTurn', requestId: 'r', turn: { ...userTurn, chips: sparse(1, {}) } }, /chips\[0\] is a hole/],
    ['a chip id with markup', { type: 'context/chips', chips: [{ id: '<img src=x>', kind: 'file', label: 'a' }] }, /id has an invalid format/],
    ['a history title with NUL', { type: 'history/list', items: [{ ...state.history[0], title: 'x\u0000' }] }, /title must be one line/],
    ['a conversation title with a lone surrogate', { type: 'conversation/state', state: { ...state, conversation: { ...conv, title: '\udfff' } } }, /title must be one line/],
  ];
  for (const [what, raw, error] of refusedToWebview) {
    it(`parseToWebview refuses ${what}`, () => {
      const r = parseToWebview(raw);
      assert.strictEqual(r.ok, false, `accepted: ${JSON.stringify(r)}`);
      if (!r.ok) assert.match(r.error, error);
    });
  }

  it('an array item inherited from a polluted Array.prototype is still a hole', () => {
    const proto = Array.prototype as unknown as Record<number, unknown>;
    proto[1] = 'c9';
    try {
      const r = parseToHost({ type: 'answer/ask', requestId: 'r', text: 'x', chipIds: sparse(2, { 0: 'c1' }) });
      assert.strictEqual(r.ok, false);
    } finally {
      delete proto[1];
    }
  });

  it('still accepts what is valid: pairs (emoji), non-ASCII titles and links, prompts with inner whitespace', () => {
    for (const raw of [
      { type: 'answer/ask', requestId: 'r', text: ' \u{1F600} hi\n', chipIds: ['c1', 'file:a.ts-3'] },
      { type: 'answer/editLast', requestId: 'r', text: 'x\u0000y' },
      { type: 'editor/openLink', requestId: 'r', href: 'https://example.com/\u{1F600}/é' },
      { type: 'conversation/rename', requestId: 'r', conversationId: 'c', title: 'Résumé \u{1F600}' },
    ]) {
      const r = parseToHost(raw);
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.deepStrictEqual(r.message, raw);
    }
    const r = parseToWebview({ type: 'history/list', items: [{ id: 'c', title: 'Ünïcode \u{1F600}', updatedAt: 1 }] });
    assert.ok(r.ok, r.ok ? '' : r.error);
  });

  it('gives -0 back as 0, so an accepted message survives a JSON round trip unchanged', () => {
    const r = parseToWebview({ type: 'answer/retryWait', requestId: 'r', attempt: -0, maxRetries: 4, delayMs: -0, until: 0, reason: 'x' });
    assert.ok(r.ok && r.message.type === 'answer/retryWait');
    assert.deepStrictEqual(JSON.parse(JSON.stringify(r.message)), r.message);
  });
});
