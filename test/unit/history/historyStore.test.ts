import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { HistoryCorruptError, HistoryStore } from '../../../src/history/historyStore';
import type { Conversation, HistoryProblem } from '../../../src/history/historyTypes';
import { FakeClock } from '../../support/fakeClock';
import { assistantMessage, namesIn, tempDir, userMessage, withMessages } from './historyTestUtil';

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('HistoryStore: save, load, list', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let clock: FakeClock;
  let store: HistoryStore;
  let ids: number;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    clock = new FakeClock(T0);
    ids = 0;
    store = new HistoryStore(dir, { clock, newId: () => `c${++ids}` });
  });
  afterEach(async () => {
    store.dispose();
    await cleanup();
  });

  it('round-trips a conversation with every message field through one JSON file', async () => {
    const conv = withMessages(
      store.create({ title: 'Debounce', model: 'claude-test-1' }),
      T0 + 5,
      userMessage('m1', 'How do I debounce?', T0 + 1, {
        context: [{ kind: 'selection', label: 'a.ts:1-3', fileName: 'src/a.ts', uri: 'file:///w/src/a.ts', languageId: 'typescript', startLine: 1, endLine: 3, text: 'let x = 1;\n' }],
      }),
      assistantMessage('m2', 'Use a timer.\n\n```ts\nsetTimeout(f, 100)\n```', T0 + 2, {
        usage: { input_tokens: 12, output_tokens: 34, cache_read_input_tokens: 5 },
        stopReason: 'end_turn',
        requestId: 'req_1',
      }),
    );
    await store.save(conv);
    assert.deepStrictEqual(await namesIn(dir), ['c1.json']);
    const text = await fs.readFile(path.join(dir, 'c1.json'), 'utf8');
    assert.deepStrictEqual(JSON.parse(text).messages.length, 2, 'the file is plain valid JSON');
    assert.deepStrictEqual(await store.load('c1'), conv);
    // A second store over the same folder (a host restart) sees the same data.
    const reopened = new HistoryStore(dir, { clock });
    assert.deepStrictEqual(await reopened.load('c1'), conv);
    // The header sums the answers' usage for the list's totals (claude-test-1 has no price: no cost).
    const usage = { input_tokens: 12, output_tokens: 34, cache_creation_input_tokens: 0, cache_read_input_tokens: 5 };
    assert.deepStrictEqual(await reopened.list(), [{ id: 'c1', title: 'Debounce', createdAt: T0, updatedAt: T0 + 5, messageCount: 2, model: 'claude-test-1', usage }]);
    reopened.dispose();
  });

  it('lists newest updatedAt first and skips temp, corrupt-aside and foreign files', async () => {
    const a = store.create({ title: 'A' });
    const b = store.create({ title: 'B' });
    const c = store.create({ title: 'C' });
    await store.save({ ...a, updatedAt: T0 + 300 });
    await store.save({ ...b, updatedAt: T0 + 100 });
    await store.save({ ...c, updatedAt: T0 + 200 });
    await fs.writeFile(path.join(dir, '.c1.json.1-abc.tmp'), '{"half');
    await fs.writeFile(path.join(dir, 'c9.corrupt-123.json'), 'junk');
    await fs.writeFile(path.join(dir, 'notes.txt'), 'hello');
    await fs.mkdir(path.join(dir, 'folder.json'));
    assert.deepStrictEqual((await store.list()).map((s) => s.title), ['A', 'C', 'B']);
    // Touching B moves it to the top.
    await store.save(withMessages(b, T0 + 400, userMessage('m1', 'hi', T0 + 400)));
    assert.deepStrictEqual((await store.list()).map((s) => `${s.title}:${s.messageCount}`), ['B:1', 'A:0', 'C:0']);
  });

  it('lists from the header line alone (a torn tail is only found, and moved aside, on load)', async () => {
    const conv = withMessages(store.create({ title: 'Long' }), T0 + 1, userMessage('m1', 'x'.repeat(100_000), T0));
    await store.save(conv);
    const file = path.join(dir, `${conv.id}.json`);
    const full = await fs.readFile(file, 'utf8');
    await fs.writeFile(file, full.slice(0, 50_000));
    const list = await store.list();
    assert.deepStrictEqual(list.map((s) => [s.id, s.messageCount]), [[conv.id, 1]]);
    const problems: HistoryProblem[] = [];
    store.onDidFindCorrupt((p) => problems.push(p));
    await assert.rejects(store.load(conv.id), HistoryCorruptError);
    assert.strictEqual(problems.length, 1);
    assert.deepStrictEqual(await store.list(), []);
  });

  it('returns undefined for a conversation that does not exist, and refuses ids that are not file-safe', async () => {
    assert.strictEqual(await store.load('nope'), undefined);
    await assert.rejects(store.load('../etc/passwd'), /Invalid conversation id/);
    await assert.rejects(store.save({ ...store.create(), id: 'a/b' }), /Invalid conversation id/);
  });

  it('normalizes titles to one trimmed line and caps their length', async () => {
    const conv = store.create();
    await store.save({ ...conv, title: '  line one\n\tline two  ' });
    assert.strictEqual((await store.load(conv.id))?.title, 'line one line two');
    await store.save({ ...conv, title: 'y'.repeat(500) });
    const title = (await store.load(conv.id))?.title ?? '';
    assert.strictEqual(title.length, 200);
    assert.ok(title.endsWith('…'));
  });

  it('renames without reordering, deletes, and reports both through onDidChange', async () => {
    const a = await saved(store, 'A', T0 + 2);
    const b = await saved(store, 'B', T0 + 1);
    let changes = 0;
    store.onDidChange(() => changes++);
    const renamed = await store.rename(b.id, '  Better name ');
    assert.strictEqual(renamed?.title, 'Better name');
    assert.strictEqual(renamed?.updatedAt, T0 + 1, 'renaming does not count as activity');
    assert.deepStrictEqual((await store.list()).map((s) => s.title), ['A', 'Better name']);
    assert.strictEqual(await store.rename('missing', 'x'), undefined);
    assert.strictEqual(await store.delete(a.id), true);
    assert.strictEqual(await store.delete(a.id), false);
    assert.deepStrictEqual((await store.list()).map((s) => s.id), [b.id]);
    assert.deepStrictEqual(await namesIn(dir), [`${b.id}.json`]);
    assert.strictEqual(changes, 2);
  });

  it('exports Markdown of a stored conversation and rejects an unknown id', async () => {
    const conv = withMessages(store.create({ title: 'Export me' }), T0, userMessage('m1', 'What is 2+2?', T0), assistantMessage('m2', '4', T0 + 1000));
    await store.save(conv);
    const md = await store.exportMarkdown(conv.id, { formatTime: (t) => `t${t - T0}` });
    assert.match(md, /^# Export me\n/);
    assert.match(md, /## You · t0\n\nWhat is 2\+2\?/);
    assert.match(md, /## Claude \(claude-test-1\) · t1000\n\n4/);
    await assert.rejects(store.exportMarkdown('missing'), /not found/);
  });

  it('creates its folder on the first save (global storage may not exist yet)', async () => {
    const nested = new HistoryStore(path.join(dir, 'a', 'b'), { clock });
    assert.deepStrictEqual(await nested.list(), []);
    const conv = nested.create();
    await nested.save(conv);
    assert.deepStrictEqual((await nested.list()).map((s) => s.id), [conv.id]);
    nested.dispose();
  });
});

async function saved(store: HistoryStore, title: string, updatedAt: number): Promise<Conversation> {
  const conv = { ...store.create({ title }), updatedAt };
  await store.save(conv);
  return conv;
}
