/** Rotation strategies: the picking rule alone, then both strategies against the emulator's per-key limits. */
import * as assert from 'node:assert/strict';
import { BODY, useEmulator } from './harness';
import type { KeyCandidate } from '../../../src/api/keyRotation';
import { chooseKey } from '../../../src/api/keyRotation';
import { RotatingKeyProvider } from '../../../src/api/keys';
import { FakeClock } from '../../support/fakeClock';

const NOW = 1_000_000;
const k = (id: string, extra: Partial<KeyCandidate> = {}): KeyCandidate => ({ id, bad: false, limitedUntil: undefined, ...extra });

describe('api: key rotation', () => {
  describe('chooseKey', () => {
    const keys = [k('a'), k('b'), k('c')];

    it('failover: the first key with room, skipping bad and rate-limited ones', () => {
      assert.equal(chooseKey(keys, { strategy: 'failover', now: NOW })?.id, 'a');
      assert.equal(chooseKey([k('a', { bad: true }), k('b'), k('c')], { strategy: 'failover', now: NOW })?.id, 'b');
      assert.equal(chooseKey([k('a', { limitedUntil: NOW + 1 }), k('b'), k('c')], { strategy: 'failover', now: NOW })?.id, 'b');
      assert.equal(chooseKey([k('a', { limitedUntil: NOW }), k('b')], { strategy: 'failover', now: NOW })?.id, 'a', 'a reset that has come is room');
    });

    it('roundRobin: the next key with room after the previous pick, wrapping around', () => {
      const picks: string[] = [];
      let after: string | undefined;
      for (let i = 0; i < 5; i++) {
        after = chooseKey(keys, { strategy: 'roundRobin', now: NOW, after })?.id;
        picks.push(after ?? '-');
      }
      assert.deepEqual(picks, ['a', 'b', 'c', 'a', 'b']);
      const limitedB = [k('a'), k('b', { limitedUntil: NOW + 5 }), k('c', { bad: true })];
      assert.equal(chooseKey(limitedB, { strategy: 'roundRobin', now: NOW, after: 'a' })?.id, 'a', 'the only key with room, even the same one');
      assert.equal(chooseKey(keys, { strategy: 'roundRobin', now: NOW, after: 'gone' })?.id, 'a', 'an unknown cursor starts over');
    });

    it('both: when rotating away only a key with room; a fresh call with every key limited takes the one that frees first', () => {
      const limited = [k('a', { limitedUntil: NOW + 30 }), k('b', { limitedUntil: NOW + 10 }), k('c', { limitedUntil: NOW + 20 })];
      for (const strategy of ['failover', 'roundRobin'] as const) {
        assert.equal(chooseKey(limited, { strategy, now: NOW })?.id, 'b');
        assert.equal(chooseKey(limited, { strategy, now: NOW, exclude: new Set(['a']) }), undefined);
        assert.equal(chooseKey(keys, { strategy, now: NOW, exclude: new Set(['a', 'b']), after: 'a' })?.id, 'c');
        assert.equal(chooseKey([k('a', { bad: true })], { strategy, now: NOW }), undefined);
      }
    });
  });

  describe('against per-key limits (3 keys, 2 requests a minute each)', () => {
    const { emu, client } = useEmulator();
    const ids = ['test-key-rot-a', 'test-key-rot-b', 'test-key-rot-c'];
    const labelOf = (key: string | undefined): string => `key ${ids.indexOf(key ?? '') + 1}`;

    beforeEach(() => {
      for (const id of ids) emu().setRateLimits({ requests: { limit: 2 } }, id);
    });

    it('failover uses the first key until its limit is at 0, then the next: no 429 at all', async () => {
      const keys = new RotatingKeyProvider(ids);
      const c = client({ keys, apiKey: undefined });
      for (let i = 0; i < 6; i++) await c.messages.create(BODY);
      assert.deepEqual(emu().requests.map((r) => labelOf(r.apiKey)), ['key 1', 'key 1', 'key 2', 'key 2', 'key 3', 'key 3']);
      assert.deepEqual(emu().requests.map((r) => r.status), [200, 200, 200, 200, 200, 200]);
    });

    it('roundRobin spreads the calls over every key with room', async () => {
      const keys = new RotatingKeyProvider(ids, { strategy: 'roundRobin' });
      const c = client({ keys, apiKey: undefined });
      for (let i = 0; i < 6; i++) await c.messages.create(BODY);
      assert.deepEqual(emu().requests.map((r) => labelOf(r.apiKey)), ['key 1', 'key 2', 'key 3', 'key 1', 'key 2', 'key 3']);
      assert.deepEqual(c.keyUsage.snapshot().map((u) => [u.label, u.requests]), [['key 1', 2], ['key 2', 2], ['key 3', 2]]);
    });

    it('roundRobin skips a key that got a 429 until its reset, and a retry within a call does not move the turn', async () => {
      emu().setRateLimits({ requests: { limit: 2, remaining: 0 } }, ids[1]);
      const clock = new FakeClock(Date.now()).autoRun();
      const keys = new RotatingKeyProvider(ids, { strategy: 'roundRobin', clock });
      const c = client({ keys, apiKey: undefined, clock });
      for (let i = 0; i < 4; i++) await c.messages.create(BODY);
      // Call 2 met a 429 on key 2 and moved to key 3 within the call (the turn stays at key 2), so call
      // 3 takes the next key with room after key 2: key 3 again; call 4 wraps to key 1.
      assert.deepEqual(emu().requests.map((r) => `${labelOf(r.apiKey)}:${r.status}`), ['key 1:200', 'key 2:429', 'key 3:200', 'key 3:200', 'key 1:200']);
      const usage = Object.fromEntries(c.keyUsage.snapshot().map((u) => [u.label, u]));
      assert.equal(usage['key 2'].rateLimited, 1);
      assert.equal(keys.status()[1].limitedUntil !== undefined, true);
    });

    it('the strategy can change at any time', async () => {
      const keys = new RotatingKeyProvider(ids);
      const c = client({ keys, apiKey: undefined });
      await c.messages.create(BODY);
      keys.strategy = 'roundRobin';
      await c.messages.create(BODY);
      await c.messages.create(BODY);
      assert.deepEqual(emu().requests.map((r) => labelOf(r.apiKey)), ['key 1', 'key 2', 'key 3']);
    });
  });
});
