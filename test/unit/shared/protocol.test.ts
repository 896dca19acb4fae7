import * as assert from 'assert';
import { parseToHost } from '../../../src/shared/parseToHost';
import { parseToWebview } from '../../../src/shared/parseToWebview';
import { LIMITS } from '../../../src/shared/validate';
import { TO_HOST, TO_WEBVIEW, answerTurn, state, usage, userTurn } from './protocolSamples';

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
    ['an array', [{ type: 'ready' }], /must be an object/],
    ['a string', 'ready', /must be an object/],
    ['a number', 42, /must be an object/],
    ['no type', { requestId: 'r1' }, /type must be a string/],
    ['an unknown type', { type: 'launchMissiles' }, /unknown message type "launchMissiles"/],
    ['a prototype key as type', { type: '__proto__' }, /unknown message type/],
    ['send without requestId', { type: 'send', text: 'x', chipIds: [] }, /requestId must be a string/],
    ['send with a numeric text', { type: 'send', requestId: 'r', text: 5, chipIds: [] }, /text must be a string/],
    ['send with empty text', { type: 'send', requestId: 'r', text: '', chipIds: [] }, /text is too short/],
    ['send with chipIds not an array', { type: 'send', requestId: 'r', text: 'x', chipIds: 'c1' }, /chipIds must be an array/],
    ['send with a non-string chip id', { type: 'send', requestId: 'r', text: 'x', chipIds: [1] }, /chipIds\[0\] must be a string/],
    ['an id with markup', { type: 'stop', requestId: '<img src=x>' }, /requestId has an invalid format/],
    ['an id with spaces', { type: 'stop', requestId: 'a b' }, /invalid format/],
    ['an empty id', { type: 'stop', requestId: '' }, /requestId is too short/],
    ['an extra field', { type: 'ready', evil: true }, /unknown field "evil"/],
    ['ready with a conversation id that is markup', { type: 'ready', conversationId: '<b>' }, /conversationId has an invalid format/],
    ['ready with a negative load time', { type: 'ready', loadedMs: -1 }, /loadedMs is below 0/],
    ['a bad log level', { type: 'log', level: 'debug', message: 'x' }, /level must be one of info, warn, error/],
    ['a language with spaces', { type: 'insertCode', code: 'x', language: 'java script' }, /language has an invalid format/],
    ['a model with spaces', { type: 'pickModel', model: 'claude sonnet' }, /model has an invalid format/],
    ['openLink without href', { type: 'openLink' }, /href must be a string/],
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
    assert.strictEqual(parseToHost({ type: 'send', requestId: 'r', text: atLimit, chipIds: [] }).ok, true);
    const r = parseToHost({ type: 'send', requestId: 'r', text: `${atLimit}x`, chipIds: [] });
    assert.strictEqual(r.ok, false);
    if (!r.ok) assert.match(r.error, /too long \(200001 > 200000\)/);
    assert.strictEqual(parseToHost({ type: 'stop', requestId: 'r'.repeat(LIMITS.id + 1) }).ok, false);
    assert.strictEqual(parseToHost({ type: 'openLink', href: `https://a.b/${'p'.repeat(LIMITS.href)}` }).ok, false);
    assert.strictEqual(parseToHost({ type: 'send', requestId: 'r', text: 'x', chipIds: new Array(51).fill('c') }).ok, false);
  });

  it('never throws, even on hostile objects', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } });
    const r = parseToHost(hostile);
    assert.strictEqual(r.ok, false);
    const cyclic: Record<string, unknown> = { type: 'copy' };
    cyclic.text = cyclic;
    assert.strictEqual(parseToHost(cyclic).ok, false);
  });

  it('trims a renamed title and keeps a non-empty one', () => {
    const r = parseToHost({ type: 'renameConversation', conversationId: 'c', title: '  Spaced  ' });
    assert.ok(r.ok);
    assert.strictEqual(r.ok && r.message.type === 'renameConversation' && r.message.title, 'Spaced');
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
    ['a delta without text', { type: 'delta', requestId: 'r' }, /text must be a string/],
    ['a turn with a bad role', { type: 'userMessage', requestId: 'r', turn: { ...userTurn, role: 'system' } }, /turn.role must be one of user, assistant/],
    ['a turn with a bad status', { type: 'done', requestId: 'r', turn: { ...answerTurn, status: 'weird' } }, /status must be one of/],
    ['a turn with an unknown field', { type: 'done', requestId: 'r', turn: { ...answerTurn, html: '<b>' } }, /unknown field "html"/],
    ['a stop reason that is not one', { type: 'done', requestId: 'r', turn: { ...answerTurn, stopReason: 'max tokens <b>' } }, /stopReason has an invalid format/],
    ['negative tokens', { type: 'usage', requestId: 'r', usage: { ...usage, outputTokens: -1 } }, /outputTokens is below 0/],
    ['fractional tokens', { type: 'usage', requestId: 'r', usage: { ...usage, inputTokens: 1.5 } }, /inputTokens must be an integer/],
    ['NaN delay', { type: 'retryWait', requestId: 'r', attempt: 1, maxRetries: 4, delayMs: NaN, until: 0, reason: 'x' }, /delayMs must be a finite number/],
    ['an unknown error kind', { type: 'error', message: 'x', kind: 'oops' }, /kind must be one of/],
    ['partial: false', { type: 'error', message: 'x', kind: 'api', partial: false }, /partial must be true/],
    ['a bad chip kind', { type: 'chips', chips: [{ id: 'c', kind: 'folder', label: 'x' }] }, /kind must be one of selection, file/],
    ['state without conversation', { type: 'init', state: { ...state, conversation: undefined } }, /state.conversation must be an object/],
    ['a bad notice level', { type: 'notice', message: 'x', level: 'fatal' }, /level must be one of/],
    ['a huge history', { type: 'history', items: new Array(LIMITS.list + 1).fill(state.history[0]) }, /too many items/],
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
    ['chipIds with holes', { type: 'send', requestId: 'r', text: 'x', chipIds: holes }, /chipIds\[1\] is a hole/],
    ['a chip id with markup', { type: 'send', requestId: 'r', text: 'x', chipIds: ['<img src=x>'] }, /chipIds\[0\] has an invalid format/],
    ['a chip id with a path and a space', { type: 'send', requestId: 'r', text: 'x', chipIds: ['c1', '../a b'] }, /chipIds\[1\] has an invalid format/],
    ['an empty chip id', { type: 'send', requestId: 'r', text: 'x', chipIds: [''] }, /chipIds\[0\] is too short/],
    ['a whitespace-only send', { type: 'send', requestId: 'r', text: ' \n\t\u00a0 ', chipIds: [] }, /text is blank/],
    ['a zero-width-only send', { type: 'send', requestId: 'r', text: '\u200b\u2060', chipIds: [] }, /text is blank/],
    ['a whitespace-only editLast', { type: 'editLast', requestId: 'r', text: '\r\n  ' }, /text is blank/],
    ['a send with a lone surrogate', { type: 'send', requestId: 'r', text: 'half \ud83d', chipIds: [] }, /lone surrogate/],
    ['an href with NUL', { type: 'openLink', href: 'https://example.com/\u0000x' }, /href must be one line/],
    ['an href with a lone surrogate', { type: 'openLink', href: 'https://example.com/\udc00' }, /href must be one line/],
    ['an href with a newline', { type: 'openLink', href: 'https://example.com/\nSet-Cookie: a' }, /href must be one line/],
    ['a title with NUL', { type: 'renameConversation', conversationId: 'c', title: 'a\u0000b' }, /title must be one line/],
    ['a title with a lone surrogate', { type: 'renameConversation', conversationId: 'c', title: 'a\ud800' }, /title must be one line/],
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
    ['history rows with holes', { type: 'history', items: sparse(2, { 1: state.history[0] }) }, /items\[0\] is a hole/],
    ['turns with holes', { type: 'state', state: { ...state, conversation: { ...conv, turns: sparse(3, { 0: userTurn, 2: answerTurn }) } } }, /turns\[1\] is a hole/],
    ['state.history with holes', { type: 'init', state: { ...state, history: sparse(1, {}) } }, /history\[0\] is a hole/],
    ['models with holes', { type: 'models', models: sparse(3, { 0: 'a', 2: 'b' }), model: 'a' }, /models\[1\] is a hole/],
    ['chips with holes', { type: 'chips', chips: sparse(2, { 0: { id: 'c1', kind: 'file', label: 'a' } }) }, /chips\[1\] is a hole/],
    ['turn chips with holes', { type: 'userMessage', requestId: 'r', turn: { ...userTurn, chips: sparse(1, {}) } }, /chips\[0\] is a hole/],
    ['a chip id with markup', { type: 'chips', chips: [{ id: '<img src=x>', kind: 'file', label: 'a' }] }, /id has an invalid format/],
    ['a history title with NUL', { type: 'history', items: [{ ...state.history[0], title: 'x\u0000' }] }, /title must be one line/],
    ['a conversation title with a lone surrogate', { type: 'state', state: { ...state, conversation: { ...conv, title: '\udfff' } } }, /title must be one line/],
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
      const r = parseToHost({ type: 'send', requestId: 'r', text: 'x', chipIds: sparse(2, { 0: 'c1' }) });
      assert.strictEqual(r.ok, false);
    } finally {
      delete proto[1];
    }
  });

  it('still accepts what is valid: pairs (emoji), non-ASCII titles and links, prompts with inner whitespace', () => {
    for (const raw of [
      { type: 'send', requestId: 'r', text: ' \u{1F600} hi\n', chipIds: ['c1', 'file:a.ts-3'] },
      { type: 'editLast', requestId: 'r', text: 'x\u0000y' },
      { type: 'openLink', href: 'https://example.com/\u{1F600}/é' },
      { type: 'renameConversation', conversationId: 'c', title: 'Résumé \u{1F600}' },
    ]) {
      const r = parseToHost(raw);
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.deepStrictEqual(r.message, raw);
    }
    const r = parseToWebview({ type: 'history', items: [{ id: 'c', title: 'Ünïcode \u{1F600}', updatedAt: 1 }] });
    assert.ok(r.ok, r.ok ? '' : r.error);
  });

  it('gives -0 back as 0, so an accepted message survives a JSON round trip unchanged', () => {
    const r = parseToWebview({ type: 'retryWait', requestId: 'r', attempt: -0, maxRetries: 4, delayMs: -0, until: 0, reason: 'x' });
    assert.ok(r.ok && r.message.type === 'retryWait');
    assert.deepStrictEqual(JSON.parse(JSON.stringify(r.message)), r.message);
  });
});
