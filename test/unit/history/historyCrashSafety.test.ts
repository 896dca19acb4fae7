import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { atomicWriteFile, isTempFileName, tempPathFor } from '../../../src/history/atomicWrite';
import { HistoryCorruptError, HistoryNewerVersionError, HistoryStore } from '../../../src/history/historyStore';
import type { HistoryProblem } from '../../../src/history/historyTypes';
import { FakeClock } from '../../support/fakeClock';
import { namesIn, tempDir, userMessage, withMessages } from './historyTestUtil';

describe('HistoryStore: atomic writes and crash safety', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let clock: FakeClock;
  let store: HistoryStore;
  let problems: HistoryProblem[];

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    // Real file mtimes are compared with this clock when cleaning temp files, so start at real time.
    clock = new FakeClock(Date.now());
    store = new HistoryStore(dir, { clock, newId: () => 'conv1' });
    problems = [];
    store.onDidFindCorrupt((p) => problems.push(p));
  });
  afterEach(async () => {
    store.dispose();
    await cleanup();
  });

  it('atomicWriteFile replaces the target and leaves no temp file behind', async () => {
    const target = path.join(dir, 'x.json');
    await atomicWriteFile(target, 'old');
    await atomicWriteFile(target, 'new');
    assert.strictEqual(await fs.readFile(target, 'utf8'), 'new');
    assert.deepStrictEqual(await namesIn(dir), ['x.json']);
    assert.ok(isTempFileName(path.basename(tempPathFor(target))));
    assert.ok(!isTempFileName('x.json'));
  });

  it('a write that fails at the rename keeps the old state and removes its temp file', async () => {
    // A directory where the file should go makes rename fail after the temp file was written.
    const target = path.join(dir, 'blocked.json');
    await fs.mkdir(target);
    await fs.writeFile(path.join(target, 'keep'), 'k');
    await assert.rejects(atomicWriteFile(target, 'data'));
    assert.deepStrictEqual(await namesIn(dir), ['blocked.json']);
    assert.deepStrictEqual(await fs.readdir(target), ['keep']);
  });

  it('ignores a temp file left by a crash, and removes it only once it is stale', async () => {
    const conv = store.create({ title: 'Survivor' });
    await store.save(conv);
    // A crash between write and rename leaves a half-written temp file next to the good one.
    const leftover = tempPathFor(path.join(dir, 'conv1.json'), 'crash');
    await fs.writeFile(leftover, '{"schemaVersion":1,"id":"conv1","title":"Half');
    assert.deepStrictEqual((await store.list()).map((s) => s.title), ['Survivor']);
    assert.ok((await namesIn(dir)).includes(path.basename(leftover)), 'a fresh temp file may belong to another window');
    clock.advance(61_000);
    assert.deepStrictEqual((await store.list()).map((s) => s.title), ['Survivor']);
    assert.deepStrictEqual(await namesIn(dir), ['conv1.json']);
    assert.deepStrictEqual(problems, []);
  });

  it('moves a corrupt file aside as <name>.corrupt-<ts>.json, reports it and keeps its bytes', async () => {
    const bad = '{"schemaVersion":1,"id":"conv1","title":"x","messages":[{"role":';
    await fs.writeFile(path.join(dir, 'conv1.json'), bad);
    const now = clock.now();
    assert.deepStrictEqual(await store.list(), []);
    assert.strictEqual(problems.length, 1);
    const [p] = problems;
    assert.strictEqual(p.kind, 'corrupt');
    assert.strictEqual(p.file, path.join(dir, 'conv1.json'));
    assert.strictEqual(p.movedTo, path.join(dir, `conv1.corrupt-${now}.json`));
    assert.match(p.reason, /JSON/);
    assert.strictEqual(await fs.readFile(p.movedTo ?? '', 'utf8'), bad);
    assert.deepStrictEqual(await namesIn(dir), [`conv1.corrupt-${now}.json`]);
    // Listing again does not report it twice, and the id can be used again.
    await store.list();
    assert.strictEqual(problems.length, 1);
    await store.save(store.create({ title: 'Fresh' }));
    assert.deepStrictEqual((await store.list()).map((s) => s.title), ['Fresh']);
  });

  it('treats valid JSON with a wrong shape as corrupt, and never overwrites an earlier corrupt copy', async () => {
    const wrongShape = JSON.stringify({ schemaVersion: 1, id: 'conv1', title: 't', createdAt: 1, updatedAt: 1, messages: [{ id: 'm', role: 'system', content: '', status: 'complete', createdAt: 1 }] });
    await fs.writeFile(path.join(dir, 'conv1.json'), wrongShape);
    await assert.rejects(store.load('conv1'), HistoryCorruptError);
    await fs.writeFile(path.join(dir, 'conv1.json'), 'second bad file');
    await assert.rejects(store.load('conv1'), HistoryCorruptError);
    assert.deepStrictEqual(problems.map((p) => p.reason.includes('role')), [true, false]);
    const aside = (await namesIn(dir)).filter((n) => n.includes('.corrupt-'));
    assert.strictEqual(aside.length, 2, `both bad files kept: ${aside.join(', ')}`);
    const contents = await Promise.all(aside.map((n) => fs.readFile(path.join(dir, n), 'utf8')));
    assert.deepStrictEqual(contents.sort(), ['second bad file', wrongShape].sort());
  });

  it('rejects a file whose id does not match its name', async () => {
    const other = store.create();
    await store.save(other);
    await fs.rename(path.join(dir, 'conv1.json'), path.join(dir, 'renamed.json'));
    assert.deepStrictEqual(await store.list(), []);
    assert.match(problems[0]?.reason ?? '', /does not match/);
  });

  it('leaves a file from a newer schema untouched and reports it once', async () => {
    const newer = JSON.stringify({ schemaVersion: 2, id: 'conv1', title: 'From the future', createdAt: 1, updatedAt: 1, messages: [], extra: { x: 1 } });
    await fs.writeFile(path.join(dir, 'conv1.json'), newer);
    assert.deepStrictEqual(await store.list(), []);
    assert.deepStrictEqual(await store.list(), []);
    await assert.rejects(store.load('conv1'), HistoryNewerVersionError);
    assert.deepStrictEqual(problems.map((p) => [p.kind, p.movedTo]), [['newerVersion', undefined]]);
    assert.strictEqual(await fs.readFile(path.join(dir, 'conv1.json'), 'utf8'), newer);
  });

  it('serializes concurrent saves of one conversation: every call resolves, the last one wins, stale ones are skipped', async () => {
    const base = store.create({ title: 'v0' });
    let writes = 0;
    store.onDidChange(() => writes++);
    const saves = Array.from({ length: 25 }, (_, i) => store.save({ ...base, title: `v${i + 1}`, updatedAt: base.updatedAt + i }));
    await Promise.all(saves);
    assert.strictEqual((await store.load(base.id))?.title, 'v25');
    assert.ok(writes >= 1 && writes < 25, `coalesced into fewer writes, got ${writes}`);
    assert.deepStrictEqual(await namesIn(dir), ['conv1.json']);
  });

  it('two stores (two windows) saving one conversation never leave a torn file or a temp file', async () => {
    const other = new HistoryStore(dir, { clock, newId: () => 'conv1' });
    try {
      const base = store.create({ title: 'shared' });
      const writes: Promise<void>[] = [];
      for (let i = 0; i < 20; i++) {
        writes.push(store.save({ ...base, title: `a${i}` }), other.save({ ...base, title: `b${i}` }));
      }
      await Promise.all(writes);
      const title = (await store.load('conv1'))?.title;
      assert.ok(title === 'a19' || title === 'b19', `the last write of one of the windows wins, got ${title}`);
      assert.deepStrictEqual(await namesIn(dir), ['conv1.json']);
      assert.deepStrictEqual(problems, []);
    } finally {
      other.dispose();
    }
  });

  it('never moves aside a good file that a save put in place of a corrupt one', async () => {
    await fs.writeFile(path.join(dir, 'conv1.json'), '{"torn');
    const good = store.create({ title: 'repaired' });
    // Found corrupt (and rejected) or already replaced by the save, depending on who runs first.
    const loaded = store.load('conv1').catch((err: unknown) => assert.ok(err instanceof HistoryCorruptError, String(err)));
    const saved = store.save(good);
    await Promise.all([loaded, saved]);
    assert.strictEqual((await store.load('conv1'))?.title, 'repaired');
    const aside = (await namesIn(dir)).filter((n) => n.includes('.corrupt-'));
    for (const name of aside) {
      assert.strictEqual(await fs.readFile(path.join(dir, name), 'utf8'), '{"torn', 'only the torn bytes are ever kept aside');
    }
  });

  it('snapshots the conversation when save() is called, not when the write runs', async () => {
    const conv = withMessages(store.create({ title: 'snap' }), clock.now(), userMessage('m1', 'first', clock.now()));
    const messages = conv.messages as unknown as { content: string }[];
    const pending = store.save(conv);
    messages[0].content = 'mutated after save()';
    await pending;
    assert.strictEqual((await store.load(conv.id))?.messages[0].content, 'first');
  });
});
