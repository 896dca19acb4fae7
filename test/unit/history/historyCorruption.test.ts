// Seeded corruption fuzz of the history folder: for each way a conversation file goes bad, list()
// never throws and lists every healthy file, the bad one is reported exactly once and kept (moved
// aside or left where it was, as README "Conversation history" says), and load() gives a typed error.
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { encodeConversation } from '../../../src/history/codec';
import { HistoryProblems } from '../../../src/history/problems';
import { SummaryIndex } from '../../../src/history/summaryIndex';
import { KeyedWriteQueue } from '../../../src/history/writeQueue';
import { HistoryFileError, HistoryStore, HistoryTooLargeError, HistoryUnreadableError, MAX_CONVERSATION_BYTES } from '../../../src/history/historyStore';
import type { Conversation, HistoryProblem } from '../../../src/history/historyTypes';
import { FakeClock } from '../../support/fakeClock';
import type { CaseContext, CorruptionCase } from './corruptionCases';
import { BAD_ID, GOOD, SAMPLE, corruptionCases, toleratedCases } from './corruptionCases';
import { tempDir, userMessage } from './historyTestUtil';

const SEED = 9009;
const HEALTHY: Conversation[] = ['h1', 'h2'].map((id, i) => ({
  schemaVersion: 1,
  id,
  title: `Healthy ${i + 1}`,
  createdAt: 1764000000000 + i,
  updatedAt: 1764000000000 + i,
  messages: [userMessage('m1', `hello ${i}`, 1764000000000)],
}));

interface Folder {
  readonly root: string;
  readonly dir: string;
  readonly ctx: CaseContext;
  readonly store: HistoryStore;
  readonly problems: HistoryProblem[];
  readonly cleanup: () => Promise<void>;
}

async function folderWithHealthyFiles(): Promise<Folder> {
  const { dir: root, cleanup } = await tempDir();
  const dir = path.join(root, 'conversations');
  const outside = path.join(root, 'outside');
  await fs.mkdir(dir);
  await fs.mkdir(outside);
  for (const conv of HEALTHY) await fs.writeFile(path.join(dir, `${conv.id}.json`), encodeConversation(conv));
  const store = new HistoryStore(dir, { clock: new FakeClock(Date.now()) });
  const problems: HistoryProblem[] = [];
  store.onDidFindCorrupt((p) => problems.push(p));
  const ctx = { file: path.join(dir, `${BAD_ID}.json`), outside, healthyFile: path.join(dir, 'h1.json') };
  return {
    root,
    dir,
    ctx,
    store,
    problems,
    cleanup: async () => {
      store.dispose();
      // A chmod 000 file inside would not stop rm as root; elsewhere give the rights back first.
      await fs.chmod(ctx.file, 0o600).catch(() => undefined);
      await cleanup();
    },
  };
}

/** What is at `file` now, to compare before and after: type, size, bytes (small files) or link target. */
async function snapshot(file: string): Promise<string> {
  const s = await fs.lstat(file);
  if (s.isSymbolicLink()) return `link -> ${await fs.readlink(file)}`;
  if (s.isFile()) return s.size > 1_000_000 || (s.mode & 0o444) === 0 ? `file of ${s.size} bytes` : `file ${(await fs.readFile(file)).toString('base64')}`;
  return s.isDirectory() ? 'folder' : s.isFIFO() ? 'fifo' : `other ${s.mode}`;
}

async function expectTypedError(store: HistoryStore, kind: string): Promise<void> {
  await assert.rejects(store.load(BAD_ID), (err: unknown) => {
    assert.ok(err instanceof HistoryFileError, `load() threw ${String(err)}, not a HistoryFileError`);
    assert.strictEqual(err.kind, kind, err.message);
    return true;
  });
}

/**
 * One case, in a fresh folder, in one of two orders: `list` first (the list meets the bad file
 * before anything loads it) or `load` first (load() meets it). Either way: the list goes on, the
 * bad file is reported once and kept as documented, and load() gives the typed error while the
 * file is where it was.
 */
async function runCase(c: CorruptionCase, order: 'list' | 'load'): Promise<void> {
  const f = await folderWithHealthyFiles();
  try {
    await c.make(f.ctx);
    const before = await snapshot(f.ctx.file);
    const healthyIds = HEALTHY.map((h) => h.id);

    if (order === 'list') {
      const first = (await f.store.list()).map((s) => s.id);
      for (const id of healthyIds) assert.ok(first.includes(id), `healthy ${id} listed: ${first.join(', ')}`);
      // A damaged body behind a valid summary line is listed until it is loaded.
      if (first.includes(BAD_ID)) await expectTypedError(f.store, c.kind);
    } else {
      await expectTypedError(f.store, c.kind);
    }
    assert.deepStrictEqual((await f.store.list()).map((s) => s.id).sort(), healthyIds, 'the bad file is out of the list');
    if (c.kept === 'left') await expectTypedError(f.store, c.kind);
    else assert.strictEqual(await f.store.load(BAD_ID), undefined, 'moved aside: nothing is left under its name');
    await f.store.list();

    const reports = f.problems.filter((p) => p.file === f.ctx.file);
    assert.strictEqual(reports.length, 1, `reported once: ${JSON.stringify(f.problems)}`);
    assert.strictEqual(reports[0].kind, c.kind);
    const aside = (await fs.readdir(f.dir)).filter((n) => n.startsWith(`${BAD_ID}.corrupt-`));
    if (c.kept === 'moved') {
      assert.strictEqual(aside.length, 1, `kept aside: ${aside.join(', ')}`);
      assert.strictEqual(reports[0].movedTo, path.join(f.dir, aside[0]));
      await assert.rejects(fs.lstat(f.ctx.file), 'the name is free again');
      assert.strictEqual(await snapshot(path.join(f.dir, aside[0])), before, 'moved unchanged');
    } else {
      assert.deepStrictEqual(aside, [], 'nothing moved');
      assert.strictEqual(reports[0].movedTo, undefined);
      assert.strictEqual(await snapshot(f.ctx.file), before, 'left exactly as it was');
    }
    for (const conv of HEALTHY) assert.deepStrictEqual(await f.store.load(conv.id), conv);
    for (const name of await fs.readdir(f.ctx.outside)) {
      assert.deepStrictEqual(await fs.readFile(path.join(f.ctx.outside, name)), GOOD, 'a file a link pointed to is untouched');
    }
  } finally {
    await f.cleanup();
  }
}

describe(`HistoryStore: seeded corruption fuzz (seed ${SEED})`, () => {
  const cases = corruptionCases(SEED);

  it('covers well over 20 ways, each kind of problem at least once', () => {
    assert.ok(cases.length >= 60, `${cases.length} cases`);
    assert.deepStrictEqual([...new Set(cases.map((c) => c.kind))].sort(), ['corrupt', 'newerVersion', 'notAFile', 'tooLarge', 'unreadable']);
    assert.strictEqual(new Set(cases.map((c) => c.name)).size, cases.length, 'names are unique');
  });

  for (const c of cases) {
    (c.skip ? it.skip : it)(`${c.name}: ${c.kind}, ${c.kept === 'moved' ? 'moved aside' : 'left in place'}, reported once, listing goes on`, async () => {
      await runCase(c, 'list');
      await runCase(c, 'load');
    });
  }

  for (const [name, bytes] of toleratedCases()) {
    it(`tolerates ${name}: listed and loaded, nothing reported`, async () => {
      const f = await folderWithHealthyFiles();
      try {
        await fs.writeFile(f.ctx.file, bytes);
        assert.deepStrictEqual((await f.store.list()).map((s) => s.id).sort(), [BAD_ID, 'h1', 'h2']);
        assert.deepStrictEqual(await f.store.load(BAD_ID), SAMPLE);
        assert.deepStrictEqual(f.problems, []);
      } finally {
        await f.cleanup();
      }
    });
  }
});

describe('HistoryStore: size limit', () => {
  it('600 MB files (sparse; one with a valid summary line) are reported once each, left in place, and do not stop the list; load() gives HistoryTooLargeError', async () => {
    const f = await folderWithHealthyFiles();
    const zeros = path.join(f.dir, 'zeros.json');
    try {
      // With a valid first line (it used to be listed, then unloadable) and all NUL (list() threw RangeError).
      await fs.writeFile(f.ctx.file, GOOD);
      await fs.truncate(f.ctx.file, 600 * 1024 * 1024);
      await fs.writeFile(zeros, '');
      await fs.truncate(zeros, 600 * 1024 * 1024);
      assert.deepStrictEqual((await f.store.list()).map((s) => s.id).sort(), ['h1', 'h2']);
      assert.deepStrictEqual((await f.store.list()).map((s) => s.id).sort(), ['h1', 'h2']);
      for (const id of [BAD_ID, 'zeros']) {
        await assert.rejects(f.store.load(id), (err: unknown) => err instanceof HistoryTooLargeError && /600 MB, over the 50 MB limit/.test(err.message));
      }
      assert.deepStrictEqual(f.problems.map((p) => [path.basename(p.file), p.kind, p.movedTo]).sort(), [['bad1.json', 'tooLarge', undefined], ['zeros.json', 'tooLarge', undefined]]);
      assert.strictEqual((await fs.stat(f.ctx.file)).size, 600 * 1024 * 1024, 'kept');
      assert.strictEqual((await fs.stat(zeros)).size, 600 * 1024 * 1024, 'kept');
    } finally {
      await f.cleanup();
    }
  });

  it('reads a file of exactly the limit, refuses one byte more, and never writes past it', async () => {
    const { dir, cleanup } = await tempDir();
    const conv = { ...SAMPLE, id: 'edge' };
    const size = Buffer.byteLength(encodeConversation(conv));
    const atLimit = new HistoryStore(dir, { maxFileBytes: size });
    const below = new HistoryStore(dir, { maxFileBytes: size - 1 });
    try {
      await atLimit.save(conv);
      assert.deepStrictEqual(await atLimit.load('edge'), conv);
      await assert.rejects(below.load('edge'), HistoryTooLargeError);
      // A conversation that grew past the limit is not written: the readable file stays.
      await assert.rejects(below.save({ ...conv, title: `${SAMPLE.title}, grown` }), /the conversation is .* over the .* limit/);
      assert.strictEqual((await atLimit.load('edge'))?.title, SAMPLE.title);
    } finally {
      atLimit.dispose();
      below.dispose();
      await cleanup();
    }
  });
});

describe('HistoryStore: a transient error (out of file handles) is neither reported nor remembered', () => {
  it('skips the file this time, reports nothing, and lists it on the next call', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      // One line, no summary line: listing it needs the full load, which fails once with EMFILE.
      await fs.writeFile(path.join(dir, `${BAD_ID}.json`), JSON.stringify(SAMPLE));
      const store = new HistoryStore(dir);
      const problems: HistoryProblem[] = [];
      store.onDidFindCorrupt((p) => problems.push(p));
      let failures = 1;
      const index = new SummaryIndex(
        (id) => path.join(dir, `${id}.json`),
        (id) => (failures-- > 0 ? Promise.reject(new HistoryUnreadableError('EMFILE')) : store.load(id)),
        MAX_CONVERSATION_BYTES,
      );
      assert.deepStrictEqual(await index.summaries([BAD_ID]), []);
      assert.deepStrictEqual((await index.summaries([BAD_ID])).map((s) => s.id), [BAD_ID], 'not cached as unusable');
      const problemsOf = new HistoryProblems(new KeyedWriteQueue(), () => 0, (p) => problems.push(p), () => undefined);
      await problemsOf.report(BAD_ID, path.join(dir, `${BAD_ID}.json`), new HistoryUnreadableError('EMFILE'));
      await problemsOf.report(BAD_ID, path.join(dir, `${BAD_ID}.json`), new HistoryUnreadableError('EACCES'));
      assert.deepStrictEqual(problems.map((p) => p.reason), ['it could not be opened or read (EACCES)']);
      store.dispose();
    } finally {
      await cleanup();
    }
  });
});
