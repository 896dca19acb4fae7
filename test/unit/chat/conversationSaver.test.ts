import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConversationSaver } from '../../../src/chat/conversationSaver';
import { historyStoreAdapter } from '../../../src/chat/historyAdapter';
import type { ChatConversation } from '../../../src/chat/types';
import { HistoryStore } from '../../../src/history/historyStore';
import { FakeClock } from '../../support/fakeClock';

function conv(text: string): ChatConversation {
  return { id: 'conv1', title: 'T', createdAt: 1, updatedAt: 2, turns: [{ id: 'u', role: 'user', text: 'Q', status: 'complete' }, { id: 'a', role: 'assistant', text, status: 'streaming' }] };
}

describe('chat: ConversationSaver (a streaming answer reaches the disk at least once a second)', () => {
  let dir: string;
  let store: HistoryStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-saver-'));
    store = new HistoryStore(dir);
  });
  afterEach(async () => {
    await store.flush();
    store.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('saves the newest state once per interval, never more often, and a streaming turn reloads as partial', async () => {
    const clock = new FakeClock(1_000_000);
    const saves: string[] = [];
    const adapter = historyStoreAdapter(store);
    const recording = { ...adapter, save: async (c: ChatConversation) => { saves.push(c.turns[1].text); await adapter.save(c); } };
    const saver = new ConversationSaver(recording, clock, { info: () => undefined, warn: () => undefined, error: (m) => assert.fail(m) });
    let current = conv('');
    saver.save(current);
    for (let i = 1; i <= 25; i++) {
      current = conv('x'.repeat(i));
      saver.schedule(() => current);
      clock.advance(100);
    }
    await saver.idle();
    // t=0 direct save, then one save per full second while text keeps arriving: 1.0 s and 2.0 s.
    assert.deepStrictEqual(saves, ['', 'x'.repeat(10), 'x'.repeat(20)]);
    const loaded = await adapter.load('conv1');
    assert.strictEqual(loaded?.turns[1].text, 'x'.repeat(20));
    assert.strictEqual(loaded?.turns[1].status, 'partial', 'a turn saved mid-stream reopens as partial');
    await saver.flush();
  });

  for (const close of ['flush', 'dispose'] as const) {
    it(`${close}() writes a scheduled save at once instead of dropping it (a window closing mid-answer keeps what the panel shows)`, async () => {
      const clock = new FakeClock(1_000_000);
      const adapter = historyStoreAdapter(store);
      const saver = new ConversationSaver(adapter, clock, { info: () => undefined, warn: () => undefined, error: (m) => assert.fail(m) });
      saver.save(conv('shown'));
      clock.advance(100);
      const current = conv('shown, and shown since');
      saver.schedule(() => current);
      assert.strictEqual(clock.pending, 1, 'the save waits for its interval');
      if (close === 'flush') await saver.flush();
      else saver.dispose();
      await saver.idle();
      assert.strictEqual(clock.pending, 0, 'no timer left behind');
      const loaded = await adapter.load('conv1');
      assert.strictEqual(loaded?.turns[1].text, 'shown, and shown since');
      assert.strictEqual(loaded?.turns[1].status, 'partial');
    });
  }

  it('logs a failed save instead of rejecting, and the next save writes the newest state', async () => {
    const clock = new FakeClock(1_000_000);
    const errors: string[] = [];
    const adapter = historyStoreAdapter(store);
    let fail = true;
    const flaky = { ...adapter, save: async (c: ChatConversation) => { if (fail) { fail = false; throw new Error('disk full'); } await adapter.save(c); } };
    const saver = new ConversationSaver(flaky, clock, { info: () => undefined, warn: () => undefined, error: (m) => errors.push(m) });
    saver.save(conv('first'));
    saver.save(conv('second'));
    await saver.idle();
    assert.deepStrictEqual(errors, ['Could not save the conversation: disk full']);
    assert.strictEqual((await adapter.load('conv1'))?.turns[1].text, 'second');
  });
});
