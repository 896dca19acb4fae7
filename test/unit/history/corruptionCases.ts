// The ways a conversation file goes bad, as seeded, reproducible cases for historyCorruption.test.ts.
import { execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { seededRandom } from '../../support/seededRandom';
import { encodeConversation } from '../../../src/history/codec';
import type { Conversation, HistoryProblemKind } from '../../../src/history/historyTypes';
import { MAX_CONVERSATION_BYTES } from '../../../src/history/historyStore';

/** The id of the bad file in every case (`bad1.json`). */
export const BAD_ID = 'bad1';

/** What the store must do with the bad entry: move it aside, or leave it exactly where it is. */
export type Kept = 'moved' | 'left';

/** Where a case builds its bad entry. */
export interface CaseContext {
  /** Absolute path of `bad1.json` in the store's folder. */
  readonly file: string;
  /** A folder next to the store's folder (outside it), for links that point out. */
  readonly outside: string;
  /** Absolute path of a healthy conversation file in the store's folder. */
  readonly healthyFile: string;
}

/** One way to go bad. */
export interface CorruptionCase {
  readonly name: string;
  readonly kind: HistoryProblemKind;
  readonly kept: Kept;
  readonly make: (ctx: CaseContext) => Promise<void>;
  /** Why the case cannot run here (then it is skipped, with the reason in its name). */
  readonly skip?: string;
}

/** A conversation that uses every field, multi-byte text, escapes and context chips. */
export const SAMPLE: Conversation = {
  schemaVersion: 1,
  id: BAD_ID,
  title: 'Débogage ✓ of a "quoted" title',
  createdAt: 1764072000000,
  updatedAt: 1764072060000,
  model: 'claude-test-1',
  messages: [
    {
      id: 'm1',
      role: 'user',
      content: 'Why does this fail?\n\tIt prints \u0001 and 😀 then stops.',
      status: 'complete',
      createdAt: 1764072000000,
      context: [{ kind: 'selection', label: 'src/a.ts:3-9', fileName: 'src/a.ts', uri: 'file:///w/src/a.ts', languageId: 'typescript', startLine: 3, endLine: 9, text: 'let x = 1;\n' }],
    },
    {
      id: 'm2',
      role: 'assistant',
      content: 'Because `x` is reassigned — voilà.',
      status: 'complete',
      createdAt: 1764072060000,
      model: 'claude-test-1',
      usage: { input_tokens: 12, output_tokens: 40, cache_creation_input_tokens: 0, cache_read_input_tokens: 5 },
      stopReason: 'end_turn',
      requestId: 'req_1',
    },
  ],
};

/** The sample as the store writes it. */
export const GOOD = Buffer.from(encodeConversation(SAMPLE));

/** A parsed copy of the sample, to damage one field at a time. */
type Json = Record<string, unknown>;
function sampleJson(): Json {
  return JSON.parse(GOOD.toString('utf8')) as Json;
}

/** The store's layout (summary line, then one message per line) for any object, even a wrong one. */
function layout(o: Json): string {
  const { messages, ...head } = o;
  const body = Array.isArray(messages) ? messages.map((m) => JSON.stringify(m)).join(',\n') : JSON.stringify(messages);
  const list = Array.isArray(messages) ? `[\n${body}\n]` : body;
  return `${JSON.stringify(head).slice(0, -1)},\n"messages":${list}}\n`;
}

const writeBytes = (bytes: Uint8Array | string) => (ctx: CaseContext) => fs.writeFile(ctx.file, bytes);
const corrupt = (name: string, bytes: Uint8Array | string): CorruptionCase => ({ name, kind: 'corrupt', kept: 'moved', make: writeBytes(bytes) });

/** Offsets in GOOD where each kind of structural boundary falls. */
function truncations(random: () => number): Array<[string, number]> {
  const text = GOOD.toString('latin1');
  const at = (needle: string, plus = 0): number => text.indexOf(needle) + plus;
  const headerEnd = text.indexOf('\n');
  const emoji = GOOD.indexOf(Buffer.from('😀'));
  const cuts: Array<[string, number]> = [
    ['inside the summary line (mid-title)', at('"title":"', 5)],
    ['just before the summary line ends', headerEnd - 1],
    ['right after the summary line', headerEnd + 1],
    ['inside "messages":[', at('"messages":[', 6)],
    ['right after "messages":[', at('"messages":[', '"messages":['.length)],
    ['between two messages', at('},\n{', 3)],
    ['inside a message string', at('Why does', 4)],
    ['inside a number', at('"createdAt":', 15)],
    ['inside an escape sequence (\\n)', at('\\n', 1)],
    ['inside a \\u escape', at('\\u0001', 3)],
    ['inside a multi-byte UTF-8 character (emoji)', emoji + 2],
    ['inside a two-byte UTF-8 character (é)', GOOD.indexOf(Buffer.from('é')) + 1],
    ['before the closing ]}', GOOD.length - 3],
    ['before the closing }', GOOD.length - 2],
  ];
  for (let i = 0; i < 6; i++) cuts.push([`at seeded offset #${i}`, 1 + Math.floor(random() * (GOOD.length - 3))]);
  return cuts;
}

/** One wrong-typed value for each field, at every depth (schemaVersion excepted: its own cases). */
function wrongTypes(random: () => number): Array<[string, Json]> {
  const out: Array<[string, Json]> = [];
  const visit = (holder: Json | unknown[], trail: string[]): void => {
    for (const key of Object.keys(holder)) {
      const value = (holder as Json)[key];
      const at = [...trail, key];
      if (at.join('.') !== 'schemaVersion') {
        const wrong: unknown[] = typeof value === 'string' ? [42, null, ['x']] : typeof value === 'number' ? ['1', null, true] : Array.isArray(value) ? [{}, 'x', null] : ['x', [], null];
        const damaged = sampleJson();
        let target: Json = damaged;
        for (const k of at.slice(0, -1)) target = target[k] as Json;
        target[at[at.length - 1]] = wrong[Math.floor(random() * wrong.length)];
        out.push([at.join('.'), damaged]);
      }
      if (typeof value === 'object' && value !== null) visit(value as Json, at);
    }
  };
  visit(sampleJson(), []);
  return out;
}

function withField(edit: (o: Json) => void): string {
  const o = sampleJson();
  edit(o);
  return layout(o);
}

const isRoot = process.getuid?.() === 0;
const isWindows = process.platform === 'win32';

/** Every case, in a fixed order for a given seed. */
export function corruptionCases(seed: number): CorruptionCase[] {
  const random = seededRandom(seed);
  const msg = (o: Json, i: number): Json => (o.messages as Json[])[i];
  const cases: CorruptionCase[] = [
    corrupt('an empty file', ''),
    corrupt('only whitespace', ' \n\t\r\n  '),
    corrupt('4 KB of NUL bytes (what a crash leaves on some file systems)', Buffer.alloc(4096)),
    corrupt('a NUL byte inside a string', Buffer.concat([GOOD.subarray(0, 40), Buffer.from([0]), GOOD.subarray(40)])),
    corrupt('a NUL byte between tokens', Buffer.concat([GOOD.subarray(0, GOOD.indexOf(',') + 1), Buffer.from([0]), GOOD.subarray(GOOD.indexOf(',') + 1)])),
    corrupt('bad UTF-8 in the body (0xFF)', Buffer.from(GOOD).fill(0xff, GOOD.indexOf(Buffer.from('Because')), GOOD.indexOf(Buffer.from('Because')) + 1)),
    corrupt('bad UTF-8 in the summary line (0xC3 0x28)', Buffer.concat([GOOD.subarray(0, 30), Buffer.from([0xc3, 0x28]), GOOD.subarray(30)])),
    corrupt('an overlong UTF-8 encoding (0xC0 0xAF)', Buffer.concat([GOOD.subarray(0, 60), Buffer.from([0xc0, 0xaf]), GOOD.subarray(60)])),
    corrupt('UTF-16 with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD.toString('utf8'), 'utf16le')])),
    corrupt('JSON that is not an object (an array)', '[1,2,3]\n'),
    corrupt('JSON null', 'null'),
    corrupt('nesting 100,000 deep', `{"schemaVersion":1,"id":"bad1","messages":${'['.repeat(100_000)}${']'.repeat(100_000)}}`),
    corrupt('a summary line that disagrees with the body (messageCount 5, 2 messages)', withField((o) => (o.messageCount = 5))),
    corrupt('duplicate message ids', withField((o) => (msg(o, 1).id = 'm1'))),
    corrupt('a duplicate "id" key naming another conversation', GOOD.toString('utf8').replace('"id":"bad1"', '"id":"bad1","id":"other"')),
    corrupt('an id that does not match the file name', withField((o) => (o.id = 'someoneElse'))),
    corrupt('a huge time (createdAt 1e300)', withField((o) => (o.createdAt = 1e300))),
    corrupt('an infinite time (updatedAt 1e400)', withField((o) => (o.updatedAt = 0)).replace('"updatedAt":0', '"updatedAt":1e400')),
    corrupt('a fractional time', withField((o) => (msg(o, 0).createdAt = 1.5))),
    corrupt('a huge count (messageCount 1e20)', withField((o) => (o.messageCount = 1e20))),
    corrupt('a negative count (messageCount -1)', withField((o) => (o.messageCount = -1))),
    corrupt('negative tokens', withField((o) => ((msg(o, 1).usage as Json).output_tokens = -5))),
    corrupt('tokens beyond 2^53', withField((o) => ((msg(o, 1).usage as Json).input_tokens = 2 ** 60))),
    corrupt('line 0 in a chip', withField((o) => (((msg(o, 0).context as Json[])[0]).startLine = 0))),
    corrupt('schemaVersion "1" (a string)', withField((o) => (o.schemaVersion = '1'))),
    corrupt('schemaVersion -1', withField((o) => (o.schemaVersion = -1))),
    corrupt('schemaVersion 1.5', withField((o) => (o.schemaVersion = 1.5))),
    { name: 'schemaVersion 2 (from the future)', kind: 'newerVersion', kept: 'left', make: writeBytes(withField((o) => (o.schemaVersion = 2))) },
    { name: 'schemaVersion 999 with unknown fields', kind: 'newerVersion', kept: 'left', make: writeBytes(withField((o) => Object.assign(o, { schemaVersion: 999, tools: [{}] }))) },
  ];
  for (const [where, cut] of truncations(random)) cases.push(corrupt(`truncated ${where}`, GOOD.subarray(0, cut)));
  for (const [field, damaged] of wrongTypes(random)) cases.push(corrupt(`a wrong type in ${field}`, layout(damaged)));
  cases.push(
    { name: 'a folder', kind: 'notAFile', kept: 'left', make: (ctx) => fs.mkdir(ctx.file) },
    { name: 'a folder holding files', kind: 'notAFile', kept: 'left', make: async (ctx) => { await fs.mkdir(ctx.file); await fs.writeFile(path.join(ctx.file, 'x.json'), GOOD); } },
    { name: 'a dangling symbolic link', kind: 'notAFile', kept: 'moved', make: (ctx) => fs.symlink(path.join(ctx.outside, 'gone.json'), ctx.file), skip: isWindows ? 'needs symlink rights on Windows' : undefined },
    { name: 'a symbolic link loop', kind: 'notAFile', kept: 'moved', make: (ctx) => fs.symlink(ctx.file, ctx.file), skip: isWindows ? 'needs symlink rights on Windows' : undefined },
    {
      name: 'a symbolic link to a valid conversation outside the folder (never followed)',
      kind: 'notAFile',
      kept: 'moved',
      make: async (ctx) => { await fs.writeFile(path.join(ctx.outside, 'bad1.json'), GOOD); await fs.symlink(path.join(ctx.outside, 'bad1.json'), ctx.file); },
      skip: isWindows ? 'needs symlink rights on Windows' : undefined,
    },
    { name: 'a symbolic link to a healthy file in the folder', kind: 'notAFile', kept: 'moved', make: (ctx) => fs.symlink(ctx.healthyFile, ctx.file), skip: isWindows ? 'needs symlink rights on Windows' : undefined },
    { name: 'a named pipe (FIFO: opening it must not block)', kind: 'notAFile', kept: 'left', make: async (ctx) => void execFileSync('mkfifo', [ctx.file]), skip: isWindows ? 'no FIFOs on Windows' : undefined },
    { name: 'an oversize file (sparse, limit + 1 byte)', kind: 'tooLarge', kept: 'left', make: async (ctx) => { await fs.writeFile(ctx.file, ''); await fs.truncate(ctx.file, MAX_CONVERSATION_BYTES + 1); } },
    {
      name: 'an oversize file whose summary line is valid (sparse)',
      kind: 'tooLarge',
      kept: 'left',
      make: async (ctx) => { await fs.writeFile(ctx.file, GOOD); await fs.truncate(ctx.file, MAX_CONVERSATION_BYTES + 1); },
    },
    {
      name: `permission denied (chmod 000)${isRoot ? ' — skipped: running as root, which reads any file' : ''}`,
      kind: 'unreadable',
      kept: 'left',
      make: async (ctx) => { await fs.writeFile(ctx.file, GOOD); await fs.chmod(ctx.file, 0o000); },
      skip: isRoot ? 'root' : isWindows ? 'no POSIX modes on Windows' : undefined,
    },
  );
  return cases;
}

/** Bad-looking but usable: read as the sample, nothing reported. */
export function toleratedCases(): Array<[string, Uint8Array | string]> {
  return [
    ['a UTF-8 BOM (an editor saved it)', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), GOOD])],
    ['unknown extra fields (dropped)', withField((o) => Object.assign(o, { extra: { nested: [1, 2] } }))],
    ['no trailing newline', GOOD.subarray(0, GOOD.length - 1)],
    ['one line, no summary line layout', JSON.stringify(sampleJson())],
  ];
}
