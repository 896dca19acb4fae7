import * as assert from 'assert';
import { parseToHost, parseToWebview } from '../../../src/shared/protocol';
import type { PanelState, ToHost, ToHostType, ToWebview, ToWebviewType, TurnView } from '../../../src/shared/protocol';
import { LIMITS } from '../../../src/shared/validate';

// One valid sample per message type. Typed as Record<Type, ...> so adding a type to the union
// without a sample here is a compile error: the tests cover every message.
const TO_HOST: Record<ToHostType, ToHost> = {
  ready: { type: 'ready', conversationId: 'conv-1', loadedMs: 420 },
  dismissBanner: { type: 'dismissBanner' },
  send: { type: 'send', requestId: 'r1', text: 'Hello', chipIds: ['c1', 'c2'] },
  stop: { type: 'stop', requestId: 'r1' },
  retryNow: { type: 'retryNow', requestId: 'r1' },
  regenerate: { type: 'regenerate', requestId: 'r-2' },
  editLast: { type: 'editLast', requestId: 'r3', text: 'Again' },
  continue: { type: 'continue', requestId: 'r4' },
  copy: { type: 'copy', text: 'const a = 1;' },
  insertCode: { type: 'insertCode', code: 'x()', language: 'typescript' },
  newFile: { type: 'newFile', code: 'print(1)', language: 'python' },
  openLink: { type: 'openLink', href: 'https://example.com/a?b=c' },
  newChat: { type: 'newChat' },
  switchConversation: { type: 'switchConversation', conversationId: 'conv_1' },
  renameConversation: { type: 'renameConversation', conversationId: 'conv_1', title: 'Renamed' },
  deleteConversation: { type: 'deleteConversation', conversationId: 'conv_1' },
  pickModel: { type: 'pickModel', model: 'claude-sonnet-4-5' },
  attachSelection: { type: 'attachSelection' },
  attachFile: { type: 'attachFile' },
  removeChip: { type: 'removeChip', chipId: 'c1' },
  log: { type: 'log', level: 'warn', message: 'something odd' },
};

const usage = { inputTokens: 10, outputTokens: 20, cacheCreationInputTokens: 0, cacheReadInputTokens: 5 };
const userTurn: TurnView = { id: 't1', role: 'user', text: 'Hi', status: 'complete', chips: [{ id: 'c1', kind: 'selection', label: 'a.ts:1-3' }] };
const answerTurn: TurnView = { id: 't2', role: 'assistant', text: '**Hello**', status: 'complete', model: 'claude-sonnet-4-5', usage, cost: 0.0012 };
const state: PanelState = {
  conversation: { id: 'conv_1', title: 'Greeting', turns: [userTurn, answerTurn] },
  history: [{ id: 'conv_1', title: 'Greeting', updatedAt: 1764000000000 }],
  models: ['claude-sonnet-4-5', 'claude-opus-4-5'],
  model: 'claude-sonnet-4-5',
  chips: [],
  busyRequestId: 'r1',
  banner: 'Using the local Anthropic emulator — no API key set',
};

const TO_WEBVIEW: Record<ToWebviewType, ToWebview> = {
  init: { type: 'init', state },
  state: { type: 'state', state: { ...state, busyRequestId: undefined, banner: undefined } },
  userMessage: { type: 'userMessage', requestId: 'r1', turn: userTurn },
  answerStart: { type: 'answerStart', requestId: 'r1', turnId: 't2', mode: 'continue', model: 'claude-sonnet-4-5' },
  delta: { type: 'delta', requestId: 'r1', text: 'Hel' },
  retryWait: { type: 'retryWait', requestId: 'r1', attempt: 1, maxRetries: 4, delayMs: 8000, until: 1764000008000, reason: 'overloaded_error' },
  usage: { type: 'usage', requestId: 'r1', usage },
  done: { type: 'done', requestId: 'r1', turn: { ...answerTurn, stopReason: 'max_tokens' }, usage, cost: 0.0012 },
  error: { type: 'error', requestId: 'r1', message: 'Connection reset', kind: 'connection', partial: true, turnId: 't2' },
  history: { type: 'history', items: state.history },
  chips: { type: 'chips', chips: [{ id: 'c9', kind: 'file', label: 'main.ts' }] },
  busy: { type: 'busy', requestId: 'r1' },
  models: { type: 'models', models: ['a', 'b'], model: 'a' },
  notice: { type: 'notice', message: 'Copied to the clipboard.', level: 'info' },
  toggleHistory: { type: 'toggleHistory' },
};

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
    ['send with a non-string chip id', { type: 'send', requestId: 'r', text: 'x', chipIds: [1] }, /chipIds\[0\] must be an id/],
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
