// Per-conversation totals (from the usage each stored answer keeps), the panel's meter wording and
// levels, and the history list's totals through a real HistoryStore (old files without totals load).
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { historyStoreAdapter } from '../../../src/chat/historyAdapter';
import { HistoryStore } from '../../../src/history/historyStore';
import { callCost } from '../../../src/shared/pricing';
import { billedTokens, usageTotals } from '../../../src/shared/usageTotals';
import { meterLevel, readingText } from '../../../src/webview-ui/budgetMeter';
import { overrunText } from '../../../src/webview-ui/budgetWarning';
import { totalsText, usageText } from '../../../src/webview-ui/format';
import { assistantMessage, tempDir, userMessage, withMessages } from '../history/historyTestUtil';

const T0 = Date.parse('2026-11-30T10:00:00Z');
const u = (input: number, output: number, write = 0, read = 0) => ({ input_tokens: input, output_tokens: output, cache_creation_input_tokens: write, cache_read_input_tokens: read });

describe('token budget: totals and wording', () => {
  it('sums every answer with the one cost formula; turns without usage or price add no cost', () => {
    const turns = [
      { model: 'claude-sonnet-4-5', usage: u(1000, 200, 0, 5000) },
      { model: 'claude-opus-4-5', usage: u(10, 20, 300) },
      {},
      { model: 'gateway-alias', usage: u(7, 3) },
    ];
    const totals = usageTotals(turns);
    assert.deepStrictEqual(totals?.usage, u(1017, 223, 300, 5000));
    const expected = (callCost('claude-sonnet-4-5', u(1000, 200, 0, 5000))?.usd ?? NaN) + (callCost('claude-opus-4-5', u(10, 20, 300))?.usd ?? NaN);
    assert.ok(Math.abs((totals?.costUsd ?? 0) - expected) < 1e-12, `${totals?.costUsd} vs ${expected}`);
    assert.strictEqual(billedTokens(totals?.usage ?? u(0, 0)), 1017 + 223 + 300 + 5000);
    assert.strictEqual(usageTotals([{}, { model: 'x' }]), undefined, 'no usage, no totals');
    assert.strictEqual(usageTotals([{ model: 'gateway-alias', usage: u(1, 1) }])?.costUsd, undefined, 'no price, no cost');
  });

  it('the usage line shows the cache savings when there are any', () => {
    const usage = u(10, 20, 0, 4000);
    const cost = callCost('claude-sonnet-4-5', usage);
    assert.ok(cost && cost.cacheSavingsUsd > 0);
    assert.strictEqual(usageText(usage, cost.usd, true, false, cost.cacheSavingsUsd), '10 in · 20 out · 4,000 cache read · ≈ $0.0015 · cache saved $0.011');
    assert.strictEqual(usageText(u(10, 20), 0.001, true, false, 0), '10 in · 20 out · ≈ $0.0010');
    assert.strictEqual(totalsText(12_345, 0.042), '12.3k tokens · $0.042');
    assert.strictEqual(totalsText(undefined, undefined), '');
  });

  it('the meter: the issue\'s wording, the estimate marked, the level from the window or the cost limit', () => {
    const r = { state: 'counted', tokens: 12_300, contextWindow: 200_000, costUsd: 0.0369 } as const;
    assert.strictEqual(readingText(r), '12.3k / 200k tokens · ≈ $0.037');
    assert.strictEqual(readingText({ ...r, state: 'counting' }), '~12.3k / 200k tokens · ≈ $0.037 (estimate, counting…)');
    assert.match(readingText({ state: 'unavailable', tokens: 900, contextWindow: 200_000, reason: 'x' }), /^Token count unavailable/);
    assert.strictEqual(meterLevel(r), 'ok');
    assert.strictEqual(meterLevel({ ...r, tokens: 180_000 }), 'near');
    assert.strictEqual(meterLevel({ ...r, tokens: 200_001 }), 'over');
    assert.strictEqual(meterLevel({ ...r, costLimitUsd: 0.04 }), 'near');
    assert.strictEqual(meterLevel({ ...r, costLimitUsd: 0.03 }), 'over');
    assert.strictEqual(meterLevel({ state: 'unavailable', tokens: 0, contextWindow: 1 }), 'unavailable');
  });

  it('the warning says by how much', () => {
    const text = overrunText({ tokens: 210_000, contextWindow: 200_000, costUsd: 0.63, costLimitUsd: 0.5, overWindow: true, overCost: true, options: [] });
    assert.strictEqual(text, 'Not sent: 210k tokens is 10k over the 200k context window; ≈ $0.630 is $0.130 over your $0.500 per-message limit.');
  });

  it('history rows carry the totals from the file header; a file written before totals lists without them', async () => {
    const { dir, cleanup } = await tempDir();
    const store = new HistoryStore(dir);
    try {
      const conv = withMessages(store.create({ title: 'Priced' }), T0 + 2, userMessage('m1', 'hi', T0), assistantMessage('m2', 'hello', T0 + 1, { model: 'claude-sonnet-4-5', usage: u(100, 50, 0, 1000) }));
      await store.save(conv);
      // An older build's file: the same header without totals.
      const old = withMessages(store.create({ title: 'Old' }), T0 + 1, userMessage('m1', 'hi', T0), assistantMessage('m2', 'hello', T0 + 1, { usage: u(1, 1) }));
      await store.save(old);
      await store.flush();
      const oldFile = path.join(dir, `${old.id}.json`);
      const text = await fs.readFile(oldFile, 'utf8');
      await fs.writeFile(oldFile, text.replace(/,"usage":\{[^}]*\}(?=,\n"messages")/, ''));
      assert.doesNotMatch((await fs.readFile(oldFile, 'utf8')).split('\n')[0], /usage/);

      const rows = await historyStoreAdapter(store).list();
      const priced = rows.find((r) => r.id === conv.id);
      assert.strictEqual(priced?.tokens, 1150);
      assert.ok(Math.abs((priced?.cost ?? 0) - (callCost('claude-sonnet-4-5', u(100, 50, 0, 1000))?.usd ?? NaN)) < 1e-12);
      const legacy = rows.find((r) => r.id === old.id);
      assert.ok(legacy, 'the old file is listed');
      assert.strictEqual(legacy.tokens, undefined);
      assert.strictEqual((await store.load(old.id))?.messages.length, 2, 'and loads');
    } finally {
      store.dispose();
      await cleanup();
    }
  });
});
