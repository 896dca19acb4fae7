/** Rate-limit headers into snapshots, and waiting for a reset instead of earning a 429. */
import * as assert from 'node:assert/strict';
import { startEmulator } from '../../emulator/server';
import type { Emulator } from '../../emulator/types';
import { AnthropicClient } from '../../../src/api/client';
import { parseRateLimits, exhaustedUntil } from '../../../src/api/resilience/rateLimits';
import { parseRetryAfter, backoffDelay } from '../../../src/api/retry/backoff';
import { FakeClock, tick } from '../../support/fakeClock';
import { BODY, rejection } from './harness';
import * as E from '../../../src/api/errors';
import type { RateLimitSnapshot, RetryInfo } from '../../../src/api/types';

const headerGetter = (h: Record<string, string>) => (name: string): string | undefined => h[name];

describe('api: rate limits', () => {
  describe('parsing', () => {
    it('reads all four buckets, retry-after and request-id', () => {
      const now = Date.parse('2026-11-25T12:00:00Z');
      const snap = parseRateLimits(headerGetter({
        'anthropic-ratelimit-requests-limit': '50', 'anthropic-ratelimit-requests-remaining': '0', 'anthropic-ratelimit-requests-reset': '2026-11-25T12:00:30Z',
        'anthropic-ratelimit-tokens-limit': '1000', 'anthropic-ratelimit-tokens-remaining': '900', 'anthropic-ratelimit-tokens-reset': '2026-11-25T12:01:00Z',
        'anthropic-ratelimit-input-tokens-limit': '800', 'anthropic-ratelimit-input-tokens-remaining': '700', 'anthropic-ratelimit-input-tokens-reset': '2026-11-25T12:01:00Z',
        'anthropic-ratelimit-output-tokens-limit': '200', 'anthropic-ratelimit-output-tokens-remaining': '200', 'anthropic-ratelimit-output-tokens-reset': '2026-11-25T12:01:00Z',
        'retry-after': '30', 'request-id': 'req_1',
      }), now) as RateLimitSnapshot;
      assert.deepEqual(snap.requests, { limit: 50, remaining: 0, reset: '2026-11-25T12:00:30Z', resetAt: now + 30_000 });
      assert.equal(snap.tokens?.remaining, 900);
      assert.equal(snap.inputTokens?.limit, 800);
      assert.equal(snap.outputTokens?.remaining, 200);
      assert.equal(snap.retryAfterMs, 30_000);
      assert.equal(snap.requestId, 'req_1');
      assert.equal(snap.receivedAt, now);
      assert.equal(exhaustedUntil(snap, now), now + 30_000);
      assert.equal(exhaustedUntil(snap, now + 30_000), undefined);
      assert.equal(parseRateLimits(headerGetter({}), now), undefined);
    });

    it('retry-after variants and backoff bounds', () => {
      const now = Date.parse('2026-11-25T12:00:00Z');
      assert.equal(parseRetryAfter(headerGetter({ 'retry-after-ms': '250' }), now), 250);
      assert.equal(parseRetryAfter(headerGetter({ 'retry-after': '2' }), now), 2000);
      assert.equal(parseRetryAfter(headerGetter({ 'retry-after': 'Wed, 25 Nov 2026 12:00:09 GMT' }), now), 9000);
      assert.equal(parseRetryAfter(headerGetter({ 'retry-after': 'soon' }), now), undefined);
      assert.equal(backoffDelay(0, () => 0), 500);
      assert.equal(backoffDelay(1, () => 0), 1000);
      assert.equal(backoffDelay(10, () => 0), 8000);
      assert.equal(backoffDelay(10, () => 1), 6000);
    });
  });

  describe('against the emulator (shared fake clock)', () => {
    let emu: Emulator;
    let clock: FakeClock;
    let client: AnthropicClient;
    before(async () => {
      clock = new FakeClock();
      emu = await startEmulator({ now: () => clock.now(), rateLimits: { requests: { limit: 2, windowMs: 60_000 } } });
    });
    after(async () => emu.close());
    beforeEach(() => {
      emu.reset();
      client = new AnthropicClient({ apiKey: 'test-key-1', baseURL: emu.url, clock, random: () => 0 });
    });
    afterEach(() => client.dispose());

    it('keeps the latest snapshot and fires onRateLimit', async () => {
      const seen: RateLimitSnapshot[] = [];
      client.onRateLimit((s) => seen.push(s));
      const latest = (): RateLimitSnapshot | undefined => client.rateLimits;
      assert.equal(latest(), undefined);
      await client.messages.create(BODY);
      assert.equal(seen.length, 1);
      assert.equal(latest()?.requests?.limit, 2);
      assert.equal(latest()?.requests?.remaining, 1);
      assert.ok(latest()?.tokens?.limit);
      assert.equal(latest()?.requestId, emu.requests[0].requestId);
    });

    it('waits for the reset (announced, on the clock) instead of sending into a 429', async () => {
      const waits: RetryInfo[] = [];
      client.onRetry((info) => {
        waits.push(info);
        setImmediate(() => clock.advance(info.delayMs));
      });
      await client.messages.create(BODY);
      await client.messages.create(BODY);
      assert.equal(client.rateLimits?.requests?.remaining, 0);
      const before = clock.now();
      await client.messages.create(BODY);
      assert.equal(waits.length, 1);
      assert.equal(waits[0].reason, 'rate_limit_reset');
      assert.ok(waits[0].delayMs > 0 && waits[0].delayMs <= 60_000);
      assert.equal(clock.now() - before, waits[0].delayMs);
      assert.deepEqual(emu.requests.map((r) => r.status), [200, 200, 200], 'no 429 earned');
      assert.equal(client.metrics.snapshot().rateLimitWaits, 1);
    });

    it('the rate-limit wait is abortable', async () => {
      await client.messages.create(BODY);
      await client.messages.create(BODY);
      const controller = new AbortController();
      client.onRetry(() => setImmediate(() => controller.abort()));
      const err = await rejection(client.messages.create(BODY, { signal: controller.signal }));
      assert.ok(err instanceof E.UserAbortError);
      assert.equal(emu.requests.length, 2);
      await tick();
    });
  });
});
