// KeyStats over a real KeyUsageTracker, a Map-backed memento and a fake clock: figures restored at
// start, saved in batches and at dispose, pruned with their key, and never a key's value.
import * as assert from 'assert';
import type * as vscode from 'vscode';
import { KeyUsageTracker } from '../../../src/api/keyUsage';
import type { KeyUsage } from '../../../src/api/keyUsage';
import { KEY_USAGE_STATE, KeyStats, SAVE_DELAY_MS } from '../../../src/network/keyStats';
import type { KeyUsageSource } from '../../../src/network/keyStats';
import { FakeClock } from '../../support/fakeClock';

class MapMemento implements Pick<vscode.Memento, 'get' | 'update'> {
  readonly values = new Map<string, unknown>();
  writes = 0;
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.writes++;
    this.values.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

/** A client's usage side: the real tracker and its change listeners. */
function source(): KeyUsageSource & { tracker: KeyUsageTracker } {
  const listeners: Array<(u: KeyUsage) => void> = [];
  const tracker = new KeyUsageTracker(() => (_model, u) => ({ usd: (u.output_tokens ?? 0) / 1000, cacheSavingsUsd: 0 }), (u) => listeners.forEach((l) => l(u)));
  return {
    tracker,
    keyUsage: tracker,
    onKeyUsage: (l) => {
      listeners.push(l);
      return { dispose: () => listeners.splice(listeners.indexOf(l), 1) };
    },
  };
}

describe('network (host): per-key usage kept across restarts', () => {
  it('saves in one batch per delay and at dispose; a new owner restores exactly that; no key value stored', async () => {
    const clock = new FakeClock();
    const memento = new MapMemento();
    const first = source();
    const stats = new KeyStats(first, memento as unknown as vscode.Memento, clock);
    let changes = 0;
    stats.onDidChange(() => changes++);
    first.tracker.attempt('k1', 'Work', clock.now());
    first.tracker.usage('k1', 'Work', 'claude-sonnet-5-5', { input_tokens: 10, output_tokens: 500 });
    first.tracker.refused('k1', 'Work', 429);
    assert.strictEqual(memento.writes, 0, 'nothing written before the delay');
    clock.advance(SAVE_DELAY_MS);
    assert.strictEqual(memento.writes, 1, 'one write for the batch');
    assert.strictEqual(changes, 1);
    first.tracker.attempt('k2', 'Spare', clock.now());
    stats.dispose();
    await Promise.resolve();
    const saved = memento.get<KeyUsage[]>(KEY_USAGE_STATE) ?? [];
    assert.deepStrictEqual(saved.map((u) => [u.keyId, u.requests, u.rateLimited, u.outputTokens, u.costUsd]), [['k1', 1, 1, 500, 0.5], ['k2', 1, 0, 0, 0]]);
    assert.ok(!JSON.stringify(saved).includes('value'), 'only ids, labels and counts');

    const second = source();
    const restored = new KeyStats(second, memento as unknown as vscode.Memento, clock);
    assert.deepStrictEqual(restored.of('k1'), saved[0]);
    restored.prune(new Set(['k2']));
    assert.strictEqual(restored.of('k1'), undefined, 'a removed key loses its figures');
    await restored.flush();
    assert.deepStrictEqual((memento.get<KeyUsage[]>(KEY_USAGE_STATE) ?? []).map((u) => u.keyId), ['k2']);
    restored.dispose();
  });

  it('ignores saved data that is not a list', () => {
    const memento = new MapMemento();
    memento.values.set(KEY_USAGE_STATE, { keyId: 'x' });
    const s = source();
    const stats = new KeyStats(s, memento as unknown as vscode.Memento, new FakeClock());
    assert.deepStrictEqual(stats.snapshot(), []);
    stats.dispose();
  });
});
