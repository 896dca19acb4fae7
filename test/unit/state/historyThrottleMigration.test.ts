import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { HistoryCorruptError, HistoryStore } from '../../../src/state/historyStore';
import type { Conversation, HistoryProblem } from '../../../src/state/historyTypes';
import { FakeClock } from '../../support/fakeClock';
import { assistantMessage, tempDir, userMessage, withMessages } from './historyTestUtil';

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);

/** Content of the last assistant message on disk, read behind the store's back. */
async function onDisk(dir: string, id: string): Promise<string | undefined> {
  try {
    const conv = JSON.parse(await fs.readFile(path.join(dir, `${id}.json`), 'utf8')) as Conversation;
    return conv.messages[conv.messages.length - 1]?.content;
  } catch {
    return undefined;
  }
}

describe('HistoryStore: throttled saves of a streaming answer', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let clock: FakeClock;
  let store: HistoryStore;
  let base: Conversation;

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir());
    clock = new FakeClock(T0);
    store = new HistoryStore(dir, { clock, newId: () => 'stream1' });
    base = withMessages(store.create({ title: 'Streaming' }), T0, userMessage('u1', 'Tell me a story', T0));
  });
  afterEach(async () => {
    store.dispose();
    await cleanup();
  });

  const answer = (text: string, status: 'partial' | 'complete' = 'partial'): Conversation =>
    withMessages(base, clock.now(), assistantMessage('a1', text, T0, { status }));

  it('writes the first state at once, then at most once per second, never more than a second behind', async () => {
    const writeTimes: number[] = [];
    store.onDidChange(() => writeTimes.push(clock.now()));
    let text = '';
    // 5 s of deltas every 50 ms, as a stream delivers them.
    for (let i = 0; i < 100; i++) {
      text += `w${i} `;
      store.saveThrottled(answer(text));
      await store.idle();
      if (writeTimes.length > 0) {
        const lag = clock.now() - writeTimes[writeTimes.length - 1];
        assert.ok(lag <= 1000, `file ${lag} ms behind at ${i}`);
      }
      clock.advance(50);
    }
    clock.advance(1000);
    await store.idle();
    assert.strictEqual(writeTimes[0], T0, 'first delta written immediately');
    const gaps = writeTimes.slice(1).map((t, i) => t - writeTimes[i]);
    assert.ok(gaps.every((g) => g >= 1000), `writes closer than 1 s: ${gaps.join(',')}`);
    assert.ok(writeTimes.length >= 5 && writeTimes.length <= 7, `${writeTimes.length} writes for 5 s of streaming`);
    assert.strictEqual(await onDisk(dir, base.id), text, 'the trailing write holds the newest text');
    assert.strictEqual(clock.pending, 0);
  });

  it('flush() writes the pending state immediately', async () => {
    store.saveThrottled(answer('a'));
    store.saveThrottled(answer('ab'));
    await store.idle();
    assert.strictEqual(await onDisk(dir, base.id), 'a');
    await store.flush();
    assert.strictEqual(await onDisk(dir, base.id), 'ab');
    assert.strictEqual(clock.pending, 0, 'the timer is cleared');
  });

  it('a direct save() supersedes a pending throttled state (the final answer is never overwritten by an older partial)', async () => {
    store.saveThrottled(answer('par'));
    store.saveThrottled(answer('partial'));
    await store.save(answer('partial and final', 'complete'));
    clock.advance(5000);
    await store.idle();
    const conv = await store.load(base.id);
    assert.strictEqual(conv?.messages[1].content, 'partial and final');
    assert.strictEqual(conv?.messages[1].status, 'complete');
  });

  it('delete() cancels a pending throttled state so the file does not come back', async () => {
    store.saveThrottled(answer('x'));
    store.saveThrottled(answer('xy'));
    await store.idle();
    assert.strictEqual(await store.delete(base.id), true);
    clock.advance(5000);
    await store.idle();
    assert.deepStrictEqual(await store.list(), []);
  });

  it('dispose() writes what is pending', async () => {
    store.saveThrottled(answer('1'));
    store.saveThrottled(answer('12'));
    store.dispose();
    await store.idle();
    assert.strictEqual(await onDisk(dir, base.id), '12');
  });

  it('reports a failed throttled save through onDidFailSave instead of an unhandled rejection', async () => {
    const failures: string[] = [];
    store.onDidFailSave((f) => failures.push(f.id));
    // The target path is a folder: the rename fails.
    await fs.mkdir(path.join(dir, `${base.id}.json`));
    store.saveThrottled(answer('doomed'));
    await store.idle();
    assert.deepStrictEqual(failures, [base.id]);
  });
});

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
    await store.idle();
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
