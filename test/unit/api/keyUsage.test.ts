/** Per-key usage: requests, tokens, 429s, 401s, cost and last use, as data that never holds a key. */
import * as assert from 'node:assert/strict';
import { BODY, rejection, useEmulator } from './harness';
import { RotatingKeyProvider } from '../../../src/api/keys';
import type { KeyUsage, UsageCounts } from '../../../src/api/keyUsage';
import type { CallCost } from '../../../src/api/metrics/cost';
import { KeyUsageTracker } from '../../../src/api/keyUsage';
import { FakeClock } from '../../support/fakeClock';

const KEY_A = 'test-key-usage-a';
const KEY_B = 'test-key-usage-b';
/** A price table of the test's own: $1 per million input tokens, $2 per million output, unknown models unpriced. */
const costOf = (model: string, u: UsageCounts): CallCost | undefined =>
  model.startsWith('claude-') ? { usd: ((u.input_tokens ?? 0) * 1 + (u.output_tokens ?? 0) * 2) / 1_000_000, cacheSavingsUsd: 0 } : undefined;

describe('api: per-key usage', () => {
  const { emu, client } = useEmulator();

  it('counts requests, tokens, cost and last use per key, create and stream alike', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T10:00:00Z'));
    const keys = new RotatingKeyProvider([{ id: 'a', label: 'Work', value: KEY_A }], { clock });
    const c = client({ keys, apiKey: undefined, clock, costOf });
    const first = await c.messages.create(BODY);
    clock.advance(5_000);
    const second = await c.messages.stream(BODY).finalMessage();
    const [usage] = c.keyUsage.snapshot();
    assert.equal(usage.keyId, 'a');
    assert.equal(usage.label, 'Work');
    assert.equal(usage.requests, 2);
    assert.equal(usage.lastUsedAt, Date.parse('2026-12-01T10:00:05Z'));
    assert.equal(usage.inputTokens, first.usage.input_tokens + second.usage.input_tokens);
    assert.equal(usage.outputTokens, first.usage.output_tokens + second.usage.output_tokens);
    assert.ok(usage.inputTokens > 0 && usage.outputTokens > 0);
    assert.equal(usage.costUsd, (usage.inputTokens + 2 * usage.outputTokens) / 1_000_000);
    assert.equal(usage.unpricedAnswers, 0);
    assert.equal(usage.rateLimited, 0);
    assert.equal(usage.unauthorized, 0);
  });

  it("counts a key's 429s and 401s, retries as requests, and a model without a price as unpriced", async () => {
    const keys = new RotatingKeyProvider([{ id: 'a', label: 'A', value: KEY_A }, { id: 'b', label: 'B', value: KEY_B }]);
    const c = client({ keys, apiKey: undefined, costOf, maxRetries: 0 });
    emu().setRateLimits({ requests: { limit: 5, remaining: 0 } }, KEY_A);
    await c.messages.create(BODY); // A: 429, then B answers
    await c.messages.create({ ...BODY, model: 'gateway-alias' }).catch(() => undefined);
    const bad = client({ apiKey: 'bad-key-usage', maxRetries: 0 });
    await rejection(bad.messages.create(BODY));
    const byLabel = Object.fromEntries(c.keyUsage.snapshot().map((u) => [u.label, u]));
    assert.equal(byLabel.A.requests, 1);
    assert.equal(byLabel.A.rateLimited, 1);
    assert.equal(byLabel.B.requests, 2);
    assert.equal(byLabel.B.unpricedAnswers, 1, 'gateway-alias has no price');
    assert.equal(bad.keyUsage.snapshot()[0].unauthorized, 1);
  });

  it('the data and its events never hold a key', async () => {
    const c = client({ apiKey: KEY_A, costOf });
    const events: KeyUsage[] = [];
    c.onKeyUsage((u) => events.push(u));
    await c.messages.create(BODY);
    await c.messages.stream(BODY).finalMessage();
    assert.ok(events.length >= 4, `an event per change (${events.length})`);
    const text = JSON.stringify([c.keyUsage.snapshot(), events]);
    assert.ok(!text.includes(KEY_A));
    assert.equal(events[events.length - 1].requests, 2);
  });

  it('restores saved figures (live ones win), skips malformed entries, and forgets a removed key', () => {
    const tracker = new KeyUsageTracker(() => costOf, () => undefined);
    tracker.attempt('live', 'Live', 10);
    tracker.restore([
      { keyId: 'old', label: 'Old', lastUsedAt: 5, requests: 7, inputTokens: 100, outputTokens: 50, cacheCreationInputTokens: 0, cacheReadInputTokens: 3, rateLimited: 1, unauthorized: 2, costUsd: 0.5, unpricedAnswers: 0 },
      { keyId: 'live', label: 'Live', requests: 99 },
      { keyId: 42, label: 'bad' },
      null,
      { keyId: 'neg', label: 'Neg', requests: -3, costUsd: Number.NaN },
    ]);
    const byId = Object.fromEntries(tracker.snapshot().map((u) => [u.keyId, u]));
    assert.equal(byId.live.requests, 1);
    assert.deepEqual(byId.old, {
      keyId: 'old', label: 'Old', lastUsedAt: 5, requests: 7, inputTokens: 100, outputTokens: 50, cacheCreationInputTokens: 0,
      cacheReadInputTokens: 3, rateLimited: 1, unauthorized: 2, costUsd: 0.5, unpricedAnswers: 0,
    });
    assert.equal(byId.neg.requests, 0);
    assert.equal(byId.neg.costUsd, 0);
    assert.equal(Object.keys(byId).length, 3);
    tracker.usage('old', 'Old', 'claude-x', { input_tokens: 1_000_000, output_tokens: 0, cache_read_input_tokens: 10 });
    assert.equal(tracker.snapshot().find((u) => u.keyId === 'old')?.costUsd, 1.5);
    tracker.forget('old');
    assert.deepEqual(tracker.snapshot().map((u) => u.keyId), ['live', 'neg']);
    tracker.forget();
    assert.deepEqual(tracker.snapshot(), []);
  });
});
