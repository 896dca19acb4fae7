// Seeded fuzz of both protocol parsers: valid messages of every type, mutated at any depth with
// hostile values (holes, markup and paths in ids, blank prompts, NUL and lone surrogates, prototype
// keys, throwing getters, huge and odd numbers), plus raw garbage. Reproducible: a failure names
// the seed and the message index.
import * as assert from 'assert';
import { seededRandom } from '../../support/seededRandom';
import { parseToHost } from '../../../src/shared/parseToHost';
import { parseToWebview } from '../../../src/shared/parseToWebview';
import type { ParseResult } from '../../../src/shared/protocol';
import { hasLoneSurrogate, isBlank, isOneLine } from '../../../src/shared/textKinds';
import { LIMITS } from '../../../src/shared/validate';
import { TO_HOST, TO_WEBVIEW, answerTurn, state, usage, userTurn } from './protocolSamples';

const SEED = 20260909;
/** The id rule, restated here as the oracle (not imported from the code under test). */
const ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const MESSAGES = 10_000;

type Random = () => number;
type Obj = Record<string, unknown>;

const int = (random: Random, n: number): number => Math.floor(random() * n);
const pick = <T>(random: Random, xs: readonly T[]): T => xs[int(random, xs.length)];

/** Strings that probe each rule, plus valid enum values and ids so mutations are often accepted. */
const STRINGS = [
  '', ' ', ' \n\t', '\u200b', '\u00a0', 'ok', 'c1', 'r-2', 'conv_1', 'a.b:c', '<img src=x>', '../a b', 'a/b', 'a b',
  '\u0000', 'a\u0000b', '\ud800', 'x\udc00y', '\udbff\udfff', '\u{1F600}', '\u2028', '\u001b[31m', '\u202eexe.png',
  'https://example.com/a', 'javascript:alert(1)', 'file:///etc/passwd', '__proto__', 'constructor', 'prototype',
  'info', 'warn', 'selection', 'file', 'user', 'assistant', 'complete', 'streaming', 'new', 'continue', 'api', 'answer/ask', 'panel/notice',
  'claude-sonnet-4-5', 'typescript', 'x'.repeat(LIMITS.id), 'x'.repeat(LIMITS.id + 1), 'y'.repeat(LIMITS.title + 1),
];
const NUMBERS = [0, -0, 1, -1, 1.5, 100, 101, NaN, Infinity, -Infinity, 2 ** 53 + 1, 1e308, Number.MIN_VALUE];
const KEYS = ['evil', '__proto__', 'constructor', 'prototype', 'type', 'id', 'text', 'html', 'requestId', 'partial', 'chips'];

function randomString(random: Random): string {
  let s = '';
  for (let n = int(random, 12); n > 0; n--) {
    // ASCII controls, surrogate halves, printable ASCII, anything in the BMP.
    s += String.fromCharCode(pick(random, [int(random, 0x20), 0xd800 + int(random, 0x800), 0x20 + int(random, 0x5f), int(random, 0x10000)]));
  }
  return s;
}

function sparseOf(random: Random, items: unknown[]): unknown[] {
  const a = [...items, ...items];
  for (let i = 0; i < a.length; i++) if (random() < 0.4) delete a[i];
  return a;
}

function throwingGetter(): Obj {
  const o: Obj = { type: 'editor/copy', requestId: 'r1' };
  Object.defineProperty(o, 'text', { enumerable: true, configurable: true, get: () => { throw new Error('getter'); } });
  return o;
}

/** A hostile (or valid, sometimes) value to put anywhere in a message. */
function hostile(random: Random, depth = 0): unknown {
  switch (int(random, 13)) {
    case 0:
    case 1:
      return pick(random, STRINGS);
    case 2:
      return randomString(random);
    case 3:
      return pick(random, NUMBERS);
    case 4:
      return pick(random, [true, false, null, undefined]);
    case 5:
      return sparseOf(random, ['c1', 'c2', structuredClone(userTurn)]);
    case 6:
      return depth > 2 ? [] : Array.from({ length: int(random, 4) }, () => hostile(random, depth + 1));
    case 7:
      return JSON.parse('{"__proto__":{"polluted":true},"type":"panel/ready","requestId":"r1"}');
    case 8:
      return { constructor: { prototype: { polluted: true } } };
    case 9:
      return Object.assign(Object.create(null) as Obj, { type: 'conversation/new', requestId: 'r1' });
    case 10:
      return throwingGetter();
    case 11:
      return random() < 0.2 ? new Array(LIMITS.list + 1).fill('c') : [];
    default:
      return structuredClone(pick(random, [userTurn, answerTurn, usage, state.history[0], state.conversation, { id: 'c3', kind: 'file', label: 'b.ts' }]));
  }
}

interface Slot {
  readonly parent: Obj;
  readonly key: string;
  /** The data value (undefined for an accessor: a throwing getter must not fire in the generator). */
  readonly value: unknown;
}

/** Every property slot of `root` at any depth. */
function slots(root: unknown): Slot[] {
  const out: Slot[] = [];
  const visit = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return;
    for (const key of Object.keys(v)) {
      const value: unknown = Object.getOwnPropertyDescriptor(v, key)?.value;
      out.push({ parent: v as Obj, key, value });
      visit(value);
    }
  };
  visit(root);
  return out;
}

/** Sets an own data property, even over a getter or on a key named "__proto__" (as JSON.parse would). */
function put(target: Obj, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function mutate(random: Random, message: Obj): void {
  const all = slots(message);
  if (all.length === 0) {
    put(message, 'type', hostile(random));
    return;
  }
  const slot = pick(random, all);
  const target = slot.parent;
  switch (int(random, 6)) {
    case 0:
    case 1:
      put(target, slot.key, hostile(random));
      return;
    case 2:
      delete target[slot.key];
      return;
    case 3: {
      const objects = all.map((s) => s.parent).filter((p) => !Array.isArray(p));
      put(pick(random, [message, ...objects]), pick(random, KEYS), hostile(random));
      return;
    }
    case 4: {
      const arrays = all.map((s) => s.value).filter((v): v is unknown[] => Array.isArray(v) && v.length > 0);
      if (arrays.length > 0) delete pick(random, arrays)[0];
      return;
    }
    default:
      put(target, slot.key, pick(random, STRINGS));
  }
}

/** One fuzzed message: a mutated valid sample, mostly; raw garbage or a hostile wrapper sometimes. */
function fuzzed(random: Random, samples: readonly Obj[]): unknown {
  const r = random();
  if (r < 0.05) return hostile(random);
  if (r < 0.06) return new Proxy({}, { get: () => { throw new Error('proxy'); }, ownKeys: () => { throw new Error('proxy'); } });
  const message = structuredClone(pick(random, samples));
  // About a fifth stay valid, so the accepted path is exercised as hard as the refusals.
  const mutations = r < 0.25 ? 0 : 1 + int(random, 3);
  for (let i = 0; i < mutations; i++) mutate(random, message);
  return message;
}

/** The invariants of an accepted message, checked at every depth. */
function assertInvariants(value: unknown, path: string, type: unknown): void {
  if (typeof value === 'number') {
    assert.ok(Number.isFinite(value) && !Object.is(value, -0), `${path} is ${value}`);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    assert.strictEqual(Object.getPrototypeOf(value), Array.prototype, `${path}: array prototype`);
    for (let i = 0; i < value.length; i++) {
      assert.ok(Object.prototype.hasOwnProperty.call(value, i), `${path}[${i}] is a hole`);
      assertInvariants(value[i], `${path}[${i}]`, type);
    }
    return;
  }
  assert.strictEqual(Object.getPrototypeOf(value), Object.prototype, `${path}: object prototype`);
  const o = value as Obj;
  for (const key of Object.keys(o)) {
    const v = o[key];
    const at = `${path}.${key}`;
    assert.ok(!['__proto__', 'constructor', 'prototype'].includes(key), `${at}: prototype key`);
    if ((key === 'id' || key.endsWith('Id')) && v !== undefined) {
      assert.ok(typeof v === 'string' && ID.test(v), `${at} is not an id: ${JSON.stringify(v)}`);
    }
    if (key === 'chipIds') {
      for (const c of v as unknown[]) assert.ok(typeof c === 'string' && ID.test(c), `${at} holds a bad id ${JSON.stringify(c)}`);
    }
    if (key === 'title' || key === 'href') {
      assert.ok(typeof v === 'string' && isOneLine(v), `${at} is not one line: ${JSON.stringify(v)}`);
    }
    if (key === 'text' && path === 'message' && (type === 'answer/ask' || type === 'answer/editLast')) {
      assert.ok(typeof v === 'string' && !isBlank(v) && !hasLoneSurrogate(v), `${at} is blank or holds a lone surrogate: ${JSON.stringify(v)}`);
    }
    assertInvariants(v, at, type);
  }
}

function prototypeSnapshot(): string {
  return JSON.stringify([Object.getOwnPropertyNames(Object.prototype), Object.getOwnPropertyNames(Array.prototype), Object.getOwnPropertyNames(Function.prototype)]);
}

interface FuzzCounts {
  accepted: number;
  refused: number;
  acceptedTypes: Set<string>;
}

function fuzzDirection(samples: readonly Obj[], parse: (raw: unknown) => ParseResult<{ type: string }>, seed: number): FuzzCounts {
  const random = seededRandom(seed);
  const before = prototypeSnapshot();
  const counts: FuzzCounts = { accepted: 0, refused: 0, acceptedTypes: new Set() };
  for (let i = 0; i < MESSAGES; i++) {
    const raw = fuzzed(random, samples);
    let result: ParseResult<{ type: string }>;
    try {
      result = parse(raw);
    } catch (e) {
      assert.fail(`seed ${seed}, message ${i}: the parser threw ${String(e)}`);
    }
    assert.strictEqual(({} as Obj).polluted, undefined, `seed ${seed}, message ${i}: Object.prototype polluted`);
    if (!result.ok) {
      assert.strictEqual(typeof result.error, 'string');
      counts.refused++;
      continue;
    }
    counts.accepted++;
    counts.acceptedTypes.add(result.message.type);
    const m = result.message;
    try {
      assertInvariants(m, 'message', m.type);
      const wire: unknown = JSON.parse(JSON.stringify(m));
      assert.deepStrictEqual(wire, m, 'a JSON round trip changes the accepted message');
      const again = parse(wire);
      assert.ok(again.ok, 'the round-tripped message is refused');
      assert.deepStrictEqual(again.message, m, 'parsing the round-tripped message gives something else');
    } catch (e) {
      assert.fail(`seed ${seed}, message ${i}: ${e instanceof Error ? e.message : String(e)}\n${JSON.stringify(m).slice(0, 500)}`);
    }
  }
  assert.strictEqual(prototypeSnapshot(), before, 'a prototype gained or lost a property');
  return counts;
}

describe('protocol: seeded fuzz, 10,000 messages each way', () => {
  it(`parseToHost (seed ${SEED}): never throws, never pollutes, accepted messages keep every invariant and survive JSON`, () => {
    const counts = fuzzDirection(Object.values(TO_HOST) as Obj[], parseToHost, SEED);
    console.log(`      toHost: ${MESSAGES} messages, ${counts.accepted} accepted (${counts.acceptedTypes.size} types), ${counts.refused} refused`);
    assert.ok(counts.accepted >= 1000 && counts.refused >= 1000, `both paths exercised: ${counts.accepted}/${counts.refused}`);
    assert.strictEqual(counts.acceptedTypes.size, Object.keys(TO_HOST).length, 'every type accepted at least once');
  });

  it(`parseToWebview (seed ${SEED + 1}): never throws, never pollutes, accepted messages keep every invariant and survive JSON`, () => {
    const counts = fuzzDirection(Object.values(TO_WEBVIEW) as Obj[], parseToWebview, SEED + 1);
    console.log(`      toWebview: ${MESSAGES} messages, ${counts.accepted} accepted (${counts.acceptedTypes.size} types), ${counts.refused} refused`);
    assert.ok(counts.accepted >= 1000 && counts.refused >= 1000, `both paths exercised: ${counts.accepted}/${counts.refused}`);
    assert.strictEqual(counts.acceptedTypes.size, Object.keys(TO_WEBVIEW).length, 'every type accepted at least once');
  });
});
