// The indicator's rendering rules, at exact times (the view is pure; the live item is covered in statusBar.test.ts).
import * as assert from 'assert';
import { compact, duration, renderRateLimits } from '../../../src/statusBar/rateLimitView';
import { rateLimitItems } from '../../../src/statusBar/showRateLimits';
import type { RateLimitState } from '../../../src/statusBar/rateLimitView';

const NOW = 1_800_000_000_000;
const state = (patch: Partial<RateLimitState>): RateLimitState => ({ openCircuits: new Map(), ...patch });

describe('rate-limit view', () => {
  it('formats numbers and durations compactly', () => {
    assert.deepStrictEqual([950, 1500, 38000, 40000, 123456, 2_000_000, 2_500_000].map(compact), ['950', '1.5k', '38k', '40k', '123k', '2M', '2.5M']);
    assert.deepStrictEqual([0, 1, 999, 12_000, 12_001, 90_000, 120_000, 3_700_000, 7_200_000].map(duration), ['0s', '1s', '1s', '12s', '13s', '1m 30s', '2m', '1h 1m', '2h']);
  });

  it('ignores resets in the past and falls back to input tokens when there is no tokens bucket', () => {
    const view = renderRateLimits(
      state({
        snapshot: {
          receivedAt: NOW,
          requests: { limit: 50, remaining: 50, resetAt: NOW - 1000 },
          inputTokens: { limit: 30000, remaining: 20000, resetAt: NOW + 61_000 },
        },
      }),
      NOW,
    );
    assert.strictEqual(view.text, '$(pulse) 50/50 req · 20k/30k tok · 1m 1s');
    assert.strictEqual(view.countdownTo, NOW + 61_000);
    assert.strictEqual(view.severity, 'normal');
    // A reset time that has passed reads as a refilled bucket, not "Resets: now".
    assert.match(view.tooltip, /\| Requests \| 50 \| 50 \| refilled \|/);
    assert.ok(!/\bnow\b/.test(view.tooltip), view.tooltip);
  });

  it('words the detail list in local, relative time with readable numbers', () => {
    const snapshot = {
      receivedAt: NOW,
      requests: { limit: 4000, remaining: 3998, reset: '2027-01-15T08:00:12Z', resetAt: NOW + 12_000 },
      tokens: { limit: 2_000_000, remaining: 1_999_812, reset: '2027-01-15T08:00:00Z', resetAt: NOW - 1000 },
    };
    const items = rateLimitItems(state({ snapshot }), NOW, 'Work', 'claude-x', (t) => `clock(${t - NOW})`);
    assert.deepStrictEqual(items.slice(0, 2).map((i) => [i.label, i.description, i.detail]), [
      ['$(dashboard) Requests: 3,998 of 4,000 left (100%)', 'refills in 12s, at clock(12000)', undefined],
      ['$(dashboard) Tokens: 1,999,812 of 2,000,000 left (100%)', 'refilled', undefined],
    ]);
    assert.ok(!JSON.stringify(items).includes('T08:00'), 'no UTC ISO stamps');
  });

  it('warns when any bucket, even output tokens, is under 20 %', () => {
    const view = renderRateLimits(
      state({ snapshot: { receivedAt: NOW, requests: { limit: 50, remaining: 49 }, outputTokens: { limit: 10000, remaining: 1999 } } }),
      NOW,
    );
    assert.strictEqual(view.severity, 'warning');
    assert.match(view.tooltip, /\| Output tokens ⚠ \| 10k \| 2k \|/);
  });

  it('shows non-429 waits as a warning and 429 waits as an error, until the wait ends', () => {
    const retry = { attempt: 2, maxRetries: 4, delayMs: 3000, until: NOW + 3000, reason: 'overloaded', status: 529 };
    const overloaded = renderRateLimits(state({ retry }), NOW);
    assert.strictEqual(overloaded.text, '$(watch) HTTP 529 · retry 2/4 in 3s');
    assert.strictEqual(overloaded.severity, 'warning');
    // Same count as the chat panel's "attempt 3 of 5" for the second retry of four.
    assert.match(overloaded.tooltip, /retry 2 of 4 \(attempt 3 of 5, as the chat panel counts\)/);
    const limited = renderRateLimits(state({ retry: { ...retry, status: 429 } }), NOW + 500);
    assert.strictEqual(limited.severity, 'error');
    assert.strictEqual(limited.text, '$(watch) 429 rate limited · retry 2/4 in 3s');
    assert.strictEqual(renderRateLimits(state({ retry }), NOW + 3000).text, '$(pulse) Claude');
  });

  it('puts a wait before an open circuit, and an open circuit before a rejected key', () => {
    const openCircuits = new Map([['POST /v1/messages claude-x', NOW + 25_000]]);
    const badKey = { label: 'Work', reason: 'invalid x-api-key' };
    assert.strictEqual(renderRateLimits(state({ openCircuits, badKey }), NOW).text, '$(circle-slash) circuit open · 25s');
    assert.strictEqual(renderRateLimits(state({ badKey }), NOW).text, '$(key) key "Work" rejected');
    const retry = { attempt: 1, maxRetries: 4, delayMs: 5000, until: NOW + 5000, reason: 'rate limited', status: 429 };
    assert.match(renderRateLimits(state({ openCircuits, badKey, retry }), NOW).text, /^\$\(watch\) 429/);
  });

  it('escapes model names and reasons in the tooltip and says when the emulator is used', () => {
    const view = renderRateLimits(
      state({
        lastRequest: { requestId: 'req_`x`', latencyMs: 12.4, status: 200, model: 'model_*bold*' },
        emulatorUrl: 'http://127.0.0.1:9',
        badKey: { label: 'K', reason: '<img src=x>' },
      }),
      NOW,
    );
    assert.ok(view.tooltip.includes('`req_x`'), view.tooltip);
    assert.ok(view.tooltip.includes('model\\_\\*bold\\*'), view.tooltip);
    assert.ok(view.tooltip.includes('\\<img src=x\\>'), view.tooltip);
    assert.match(view.tooltip, /Emulator mode: requests go to http:\/\/127\.0\.0\.1:9/);
    assert.match(view.tooltip, /12 ms · HTTP 200/);
  });
});
