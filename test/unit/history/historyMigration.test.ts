import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { HistoryCorruptError, HistoryStore } from '../../../src/history/historyStore';
import type { HistoryProblem } from '../../../src/history/historyTypes';
import { FakeClock } from '../../support/fakeClock';
import { tempDir } from './historyTestUtil';

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

describe('HistoryStore: schema migration', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let store: HistoryStore;
  let problems: HistoryProblem[];

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    store = new HistoryStore(dir, { clock: new FakeClock(T0) });
    problems = [];
    store.onDidFindCorrupt((p) => problems.push(p));
  });
  afterEach(async () => {
    store.dispose();
    await cleanup();
  });

  // The prototype's format: no schemaVersion, `name`, ISO dates, `turns` of speaker/text.
  const v0 = {
    id: 'legacy1',
    name: 'Old chat',
    created: '2026-01-02T03:04:05.000Z',
    turns: [
      { speaker: 'human', text: 'hello', at: '2026-01-02T03:04:06.000Z' },
      { speaker: 'assistant', text: 'hi there', at: '2026-01-02T03:04:09.000Z' },
    ],
  };

  it('migrates a v0 file to v1 on read and rewrites it once in v1', async () => {
    const file = path.join(dir, 'legacy1.json');
    await fs.writeFile(file, JSON.stringify(v0));
    const list = await store.list();
    const created = Date.parse(v0.created);
    assert.deepStrictEqual(list, [{ id: 'legacy1', title: 'Old chat', createdAt: created, updatedAt: created + 4000, messageCount: 2 }]);
    const conv = await store.load('legacy1');
    assert.deepStrictEqual(
      conv?.messages.map((m) => [m.id, m.role, m.content, m.status, m.createdAt]),
      [
        ['m1', 'user', 'hello', 'complete', created + 1000],
        ['m2', 'assistant', 'hi there', 'complete', created + 4000],
      ],
    );
    await store.flush();
    const rewritten = JSON.parse(await fs.readFile(file, 'utf8')) as { schemaVersion: number; title: string };
    assert.strictEqual(rewritten.schemaVersion, 1);
    assert.strictEqual(rewritten.title, 'Old chat');
    assert.deepStrictEqual(problems, []);
  });

  it('moves aside a v0 file that cannot be migrated (no id) instead of dropping it', async () => {
    await fs.writeFile(path.join(dir, 'legacy2.json'), JSON.stringify({ name: 'no id', turns: [] }));
    assert.deepStrictEqual(await store.list(), []);
    assert.strictEqual(problems.length, 1);
    assert.strictEqual(problems[0].kind, 'corrupt');
    assert.ok(problems[0].movedTo?.includes('legacy2.corrupt-'));
  });

  it('rejects a schemaVersion that is not a version number as corrupt', async () => {
    await fs.writeFile(path.join(dir, 'weird.json'), JSON.stringify({ schemaVersion: 'one', id: 'weird' }));
    await assert.rejects(store.load('weird'), HistoryCorruptError);
    assert.match(problems[0]?.reason ?? '', /not a version number/);
  });
});
