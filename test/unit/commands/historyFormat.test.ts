import * as assert from 'assert';
import { exportFileName, relativeTime } from '../../../src/commands/historyFormat';

describe('history formatting', () => {
  const now = Date.UTC(2026, 10, 25, 12, 0, 0);

  it('says how long ago a conversation changed', () => {
    assert.strictEqual(relativeTime(now - 30_000, now), 'just now');
    assert.strictEqual(relativeTime(now - 5 * 60_000, now), '5 min ago');
    assert.strictEqual(relativeTime(now - 3 * 3600_000, now), '3 h ago');
    assert.strictEqual(relativeTime(now - 30 * 3600_000, now), 'yesterday');
    assert.strictEqual(relativeTime(Date.UTC(2026, 0, 2), now), '2026-01-02');
    assert.strictEqual(relativeTime(now + 60_000, now), 'just now', 'a clock skew into the future is not negative');
  });

  it('turns a title into a safe Markdown file name', () => {
    assert.strictEqual(exportFileName('How do I debounce? (TS)'), 'How-do-I-debounce-TS.md');
    assert.strictEqual(exportFileName('../../etc/passwd'), 'etc-passwd.md');
    assert.strictEqual(exportFileName('Ünïcödé 日本語'), 'Ünïcödé-日本語.md');
    assert.strictEqual(exportFileName('???'), 'conversation.md');
    assert.strictEqual(exportFileName('x'.repeat(100)).length, 63);
  });
});
