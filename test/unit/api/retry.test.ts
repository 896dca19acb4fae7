/**
 * Retries against scripted faults, timed on a fake clock: every wait is exact and announced,
 * nothing sleeps for real.
 */
import * as assert from 'node:assert/strict';
import { useEmulator, BODY, rejection } from './harness';
import { FakeClock, tick } from '../../support/fakeClock';
import * as E from '../../../src/api/errors';
import type { AnthropicClient } from '../../../src/api/client';
import type { RetryInfo } from '../../../src/api/types';

/** Lets every announced wait elapse on the fake clock; returns the announcements. */
function autoAdvance(client: AnthropicClient, clock: FakeClock): RetryInfo[] {
  const seen: RetryInfo[] = [];
  client.onRetry((info) => {
    seen.push(info);
    setImmediate(() => clock.advance(info.delayMs));
  });
  return seen;
}

describe('api: retries', () => {
  const { emu, client } = useEmulator();
  let clock: FakeClock;
  beforeEach(() => {
    clock = new FakeClock();
  });
  const make = (opts: Parameters<typeof client>[0] = {}): { c: AnthropicClient; waits: RetryInfo[] } => {
    const c = client({ clock, random: () => 0, ...opts });
    return { c, waits: autoAdvance(c, clock) };
  };

  it('529 then success: one retry after 0.5 s backoff, announced with attempt, max, reason', async () => {
    emu().script({ status: 529 });
    const { c, waits } = make();
    const message = await c.messages.create(BODY);
    assert.equal(message.type, 'message');
    assert.equal(emu().requests.length, 2);
    assert.equal(waits.length, 1);
    assert.deepEqual(
      { attempt: waits[0].attempt, maxRetries: waits[0].maxRetries, delayMs: waits[0].delayMs, status: waits[0].status, errorType: waits[0].errorType, model: waits[0].model },
      { attempt: 1, maxRetries: 2, delayMs: 500, status: 529, errorType: 'overloaded_error', model: BODY.model },
    );
    assert.equal(waits[0].until - waits[0].delayMs, clock.now() - 500);
    assert.equal(c.metrics.snapshot().retries, 1);
  });

  it('exponential backoff 0.5 s, 1 s, 2 s (jitter takes up to 25 %), then the last error', async () => {
    emu().script({ status: 500 }, { status: 502 }, { status: 503 }, { status: 529 });
    const { c, waits } = make({ maxRetries: 3, random: () => 0.5 });
    const err = await rejection(c.messages.create(BODY));
    assert.ok(err instanceof E.OverloadedError, err.constructor.name);
    assert.deepEqual(waits.map((w) => w.delayMs), [500 * 0.875, 1000 * 0.875, 2000 * 0.875]);
    assert.equal(emu().requests.length, 4);
  });

  it('default maxRetries is 2 (three attempts in all)', async () => {
    emu().script({ status: 529 }, { status: 529 }, { status: 529 }, { status: 529 });
    const { c } = make();
    await rejection(c.messages.create(BODY));
    assert.equal(emu().requests.length, 3);
  });

  it('retry-after-ms wins over retry-after', async () => {
    emu().script({ status: 429, retryAfterMs: 1234, retryAfter: 9 });
    const { c, waits } = make();
    await c.messages.create(BODY);
    assert.equal(waits[0].delayMs, 1234);
    assert.equal(waits[0].status, 429);
  });

  it('retry-after in seconds and as an HTTP date', async () => {
    const { c, waits } = make();
    emu().script({ status: 429, retryAfter: 3 });
    await c.messages.create(BODY);
    emu().script({ status: 503, retryAfter: new Date(clock.now() + 7000).toUTCString() });
    await c.messages.create(BODY);
    assert.deepEqual(waits.map((w) => w.delayMs), [3000, 7000]);
  });

  it('a server hint is capped at maxRetryDelayMs; the total wait budget stops retrying', async () => {
    emu().script({ status: 429, retryAfter: 3600 });
    const capped = make({ maxRetryDelayMs: 5000 });
    await capped.c.messages.create(BODY);
    assert.equal(capped.waits[0].delayMs, 5000);

    emu().reset();
    emu().script({ status: 429, retryAfter: 10 });
    const budget = make({ retryBudgetMs: 5000 });
    const err = await rejection(budget.c.messages.create(BODY));
    assert.ok(err instanceof E.RateLimitError);
    assert.equal(budget.waits.length, 0);
    assert.equal(emu().requests.length, 1);
  });

  for (const status of [408, 409, 429, 500, 503, 504, 529]) {
    it(`retries ${status}`, async () => {
      emu().script({ status });
      const { c } = make();
      await c.messages.create(BODY);
      assert.equal(emu().requests.length, 2);
    });
  }

  for (const status of [400, 401, 403, 404, 413, 422]) {
    it(`never retries ${status}`, async () => {
      emu().script({ status }, { status });
      const { c, waits } = make();
      await rejection(c.messages.create(BODY));
      assert.equal(emu().requests.length, 1);
      assert.equal(waits.length, 0);
    });
  }

  it('x-should-retry: false stops a 529 retry; x-should-retry: true retries a 400', async () => {
    emu().script({ status: 529, shouldRetry: 'false' });
    const { c } = make();
    assert.ok((await rejection(c.messages.create(BODY))) instanceof E.OverloadedError);
    assert.equal(emu().requests.length, 1);
    emu().reset();
    emu().script({ status: 400, shouldRetry: 'true' });
    await c.messages.create(BODY);
    assert.equal(emu().requests.length, 2);
  });

  it('a socket destroyed before any response byte is retried', async () => {
    emu().script({ destroyBeforeHeaders: true });
    const { c, waits } = make();
    const message = await c.messages.create(BODY);
    assert.equal(message.type, 'message');
    assert.equal(waits[0].errorType, 'connection_error');
    assert.equal(emu().requests.length, 2);
  });

  it('abort during a retry wait rejects at once with UserAbortError and sends nothing more', async () => {
    emu().script({ status: 529, retryAfter: 30 });
    const c = client({ clock, random: () => 0 });
    const controller = new AbortController();
    c.onRetry(() => setImmediate(() => controller.abort()));
    const err = await rejection(c.messages.create(BODY, { signal: controller.signal }));
    assert.ok(err instanceof E.UserAbortError, err.constructor.name);
    assert.equal((err as E.AnthropicError).type, 'abort_error');
    assert.equal(clock.pending, 0, 'the wait timer was cleared');
    assert.equal(emu().requests.length, 1);
  });

  it('stream: retries before the first event, announced on stream.on("retry") too', async () => {
    emu().script({ status: 529 }, { status: 429, retryAfterMs: 200 });
    const { c, waits } = make();
    const stream = c.messages.stream(BODY);
    const streamWaits: RetryInfo[] = [];
    stream.on('retry', (info) => streamWaits.push(info));
    const message = await stream.finalMessage();
    assert.ok(message.content.length > 0);
    assert.equal(emu().requests.length, 3);
    assert.deepEqual(streamWaits.map((w) => w.delayMs), [500, 200]);
    assert.equal(waits.length, 2);
  });

  it('stream.retryNow() cuts a long wait short', async () => {
    emu().script({ status: 529, retryAfter: 60 });
    const c = client({ clock, random: () => 0 });
    const stream = c.messages.stream(BODY);
    stream.on('retry', () => setImmediate(() => stream.retryNow()));
    const message = await stream.finalMessage();
    assert.equal(message.type, 'message');
    assert.equal(emu().requests.length, 2);
  });

  it('stream: a connection lost after content was delivered is surfaced with partialMessage, not retried', async () => {
    emu().script({ destroyAfterEvents: 5 });
    const { c, waits } = make();
    const stream = c.messages.stream(BODY);
    const err = (await rejection(stream.finalMessage())) as E.AnthropicError;
    assert.ok(err instanceof E.APIConnectionError, err.constructor.name);
    assert.ok(err.partialMessage, 'partial message kept');
    assert.equal(err.partialMessage?.role, 'assistant');
    assert.equal(emu().requests.length, 1);
    assert.equal(waits.length, 0);
  });

  it('header timeout on the injected clock -> TimeoutError (retried like the SDK, then surfaced)', async () => {
    emu().script({ delayMs: 300 }, { delayMs: 300 });
    const c = client({ clock, timeoutMs: 1000, maxRetries: 1, random: () => 0 });
    c.onRetry((info) => setImmediate(() => clock.advance(info.delayMs)));
    const pending = rejection(c.messages.create(BODY));
    for (let sent = 1; sent <= 2; sent++) {
      while (emu().requests.length < sent) await tick();
      clock.advance(1000);
    }
    const err = (await pending) as E.AnthropicError;
    assert.ok(err instanceof E.TimeoutError, err.constructor.name);
    assert.equal(err.type, 'timeout_error');
    assert.equal(emu().requests.length, 2);
  });
});

describe('api: retries with a fake clock that fires every timer at once', () => {
  const { emu, client } = useEmulator();

  it('waits are recorded exactly; timeouts are not mistaken for waits', async () => {
    let t = Date.parse('2026-11-25T12:00:00Z');
    const delays: number[] = [];
    const clock = {
      now: () => t,
      setTimeout: (fn: () => void, ms: number): unknown => {
        delays.push(ms);
        t += ms;
        return setImmediate(fn);
      },
      clearTimeout: (h: unknown) => clearImmediate(h as NodeJS.Immediate),
    };
    emu().script({ status: 529 }, { status: 429, retryAfter: 2 });
    const c = client({ clock, random: () => 0, timeoutMs: 1000, idleTimeoutMs: 1000 });
    const message = await c.messages.create(BODY);
    assert.equal(message.type, 'message');
    assert.deepEqual(delays, [500, 2000]);
    const streamed = await c.messages.stream(BODY).finalMessage();
    assert.equal(streamed.type, 'message');
    assert.deepEqual(delays, [500, 2000]);
  });
});
