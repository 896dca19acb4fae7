/** Pure parts: circuit breaker on a fake clock, partial JSON, SSE decoding, validation, configure(). */
import * as assert from 'node:assert/strict';
import { CircuitBreaker, resolveCircuitSettings } from '../../../src/api/resilience/circuitBreaker';
import { parsePartialJson } from '../../../src/api/stream/partialJson';
import { SseDecoder } from '../../../src/api/stream/sseDecoder';
import { validateBody } from '../../../src/api/validate';
import { InvalidRequestError } from '../../../src/api/errors';
import { RotatingKeyProvider } from '../../../src/api/keys';
import { FakeClock } from '../../support/fakeClock';
import { useEmulator, BODY } from './harness';
import type { CircuitChange } from '../../../src/api/types';

describe('api: units', () => {
  it('circuit breaker: failure rate over a window with a minimum of calls, half-open trials decide', () => {
    const clock = new FakeClock();
    const changes: CircuitChange[] = [];
    const settings = resolveCircuitSettings({ minimumCalls: 4, failureRateThreshold: 0.5, windowMs: 10_000, openMs: 1000, halfOpenCalls: 3 });
    const cb = new CircuitBreaker(clock, settings, (c) => changes.push(c));
    const call = (failed: boolean): void => {
      const d = cb.acquire('k');
      assert.ok(d.allowed);
      cb.record(d.permit, failed);
    };
    call(true);
    call(true);
    call(true);
    assert.equal(cb.state('k'), 'closed', 'three failures are fewer than minimumCalls');
    clock.advance(10_000);
    call(true);
    assert.equal(cb.state('k'), 'closed', 'the first three left the window');
    call(false);
    call(false);
    call(false);
    assert.equal(cb.state('k'), 'closed', '1 of 4 failed');
    call(true);
    assert.equal(cb.state('k'), 'closed', '2 of 5 failed');
    call(true);
    assert.equal(cb.state('k'), 'open', '3 of 6 failed: 50 %');
    assert.deepEqual(cb.acquire('k'), { allowed: false, retryAt: clock.now() + 1000 });
    clock.advance(1000);
    const trials = [cb.acquire('k'), cb.acquire('k'), cb.acquire('k')];
    assert.ok(trials.every((t) => t.allowed), 'three trials');
    assert.deepEqual(cb.acquire('k'), { allowed: false, retryAt: clock.now() }, 'a fourth is refused');
    const permits = trials.map((t) => (t.allowed ? t.permit : assert.fail()));
    cb.record(permits[0], false);
    assert.equal(cb.state('k'), 'half-open', 'one success of three decides nothing');
    cb.release(permits[1]);
    assert.ok(cb.acquire('k').allowed, 'an aborted trial frees its slot');
    cb.record(permits[2], false);
    assert.equal(cb.state('k'), 'closed', 'two successes close');
    assert.deepEqual(changes.map((c) => c.state), ['open', 'half-open', 'closed']);
    // A call admitted before a transition does not count after it.
    const stale = cb.acquire('k');
    for (let i = 0; i < 4; i++) call(true);
    assert.equal(cb.state('k'), 'open');
    clock.advance(1000);
    assert.ok(stale.allowed);
    cb.record(stale.permit, true);
    assert.equal(cb.state('k'), 'half-open', 'the stale outcome was ignored');
  });

  it('circuit breaker settings: defaults, the old option names, and off', () => {
    assert.deepEqual(resolveCircuitSettings(undefined), { enabled: true, failureRateThreshold: 0.5, minimumCalls: 20, windowMs: 60_000, openMs: 30_000, halfOpenCalls: 3 });
    const legacy = resolveCircuitSettings({ failureThreshold: 5, resetTimeoutMs: 10_000 });
    assert.deepEqual([legacy.minimumCalls, legacy.openMs, legacy.halfOpenCalls], [5, 10_000, 1]);
    assert.equal(resolveCircuitSettings(false).enabled, false);
    assert.equal(resolveCircuitSettings({ enabled: false }).enabled, false);
    assert.equal(resolveCircuitSettings({ failureRateThreshold: 50 }).failureRateThreshold, 0.5, 'a percentage is not a ratio');
    const off = new CircuitBreaker(new FakeClock(), resolveCircuitSettings(false), () => assert.fail('no events while off'));
    for (let i = 0; i < 50; i++) {
      const d = off.acquire('k');
      assert.ok(d.allowed);
      off.record(d.permit, true);
    }
    assert.equal(off.state('k'), 'closed');
  });

  it('partial JSON follows the SDK: drops cut tokens and dangling keys, closes brackets', () => {
    assert.deepEqual(parsePartialJson('{"a": 1, "b": [1, 2'), { a: 1, b: [1] });
    assert.deepEqual(parsePartialJson('{"a": "x", "b'), { a: 'x' });
    assert.deepEqual(parsePartialJson('{"a": "x", "b": '), { a: 'x' });
    assert.deepEqual(parsePartialJson('{"a": tr'), {});
    assert.deepEqual(parsePartialJson('{"a": true, "s": "he said \\"hi'), { a: true });
    assert.deepEqual(parsePartialJson('["x", "y'), ['x']);
    assert.deepEqual(parsePartialJson(''), {});
    assert.deepEqual(parsePartialJson('{"n": 12}'), { n: 12 });
  });

  it('SSE decoder: one byte at a time, split UTF-8, CRLF, comments and a final event without blank line', () => {
    const text = ': hello\r\nevent: a\r\ndata: {"t":"h\u00e9llo \u{1F600}"}\r\n\r\nevent: b\ndata: {"t":2}';
    const bytes = Buffer.from(text, 'utf8');
    const decoder = new SseDecoder();
    const events = [];
    for (const b of bytes) events.push(...decoder.push(Uint8Array.of(b)));
    events.push(...decoder.end());
    assert.deepEqual(events, [
      { event: 'a', data: '{"t":"h\u00e9llo \u{1F600}"}' },
      { event: 'b', data: '{"t":2}' },
    ]);
  });

  it('validation: sampling fields refused only under 2026-10-21, structure under both', () => {
    const body = { ...BODY, temperature: 0.5 };
    assert.throws(() => validateBody(body, '2026-10-21', { requireMaxTokens: true }), InvalidRequestError);
    assert.doesNotThrow(() => validateBody(body, '2023-06-01', { requireMaxTokens: true }));
    assert.throws(() => validateBody({ ...BODY, max_tokens: 0 }, '2023-06-01', { requireMaxTokens: true }), InvalidRequestError);
    assert.throws(() => validateBody({ ...BODY, model: '' }, '2023-06-01', { requireMaxTokens: true }), InvalidRequestError);
    assert.throws(() => validateBody({ model: 'm', max_tokens: 1 }, '2023-06-01', { requireMaxTokens: true }), InvalidRequestError);
    assert.doesNotThrow(() => validateBody({ model: 'm', messages: [] }, '2026-10-21', { requireMaxTokens: false }));
    const citedInToolResult = {
      ...BODY,
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'x', citations: [] }] }] }],
    };
    assert.throws(() => validateBody(citedInToolResult, '2026-10-21', { requireMaxTokens: true }), InvalidRequestError);
    assert.doesNotThrow(() => validateBody(citedInToolResult, '2023-06-01', { requireMaxTokens: true }));
  });

  it('rotating keys: skips limited keys until reset, invalid ones for good', async () => {
    const clock = new FakeClock();
    const keys = new RotatingKeyProvider(['test-key-1', 'test-key-2'], clock);
    assert.equal((await keys.current())?.id, 'key-1');
    keys.report('key-1', { kind: 'rateLimited', resetAt: clock.now() + 1000 });
    assert.equal((await keys.current())?.id, 'key-2');
    keys.report('key-2', { kind: 'invalid', status: 401, reason: 'invalid x-api-key' });
    assert.equal((await keys.current())?.id, 'key-1', 'the limited key beats none');
    assert.equal(await keys.current(new Set(['key-1'])), undefined);
    clock.advance(1000);
    assert.equal((await keys.current())?.id, 'key-1');
    assert.ok(!JSON.stringify(keys.status()).includes('test-key'));
  });

  describe('configure()', () => {
    const { emu, client } = useEmulator();
    it('applies settings live and keeps the key, metrics and pool', async () => {
      const c = client();
      await c.messages.create(BODY);
      c.configure({ apiVersion: '2023-06-01', authHeader: 'auto', maxRetries: 0, fallbackModel: undefined });
      await c.messages.create({ ...BODY, temperature: 0 });
      const [a, b] = emu().requests;
      assert.equal(a.authHeader, 'authorization');
      assert.equal(b.authHeader, 'x-api-key');
      assert.equal(b.apiKey, 'test-key-1');
      assert.equal(b.socketId, a.socketId, 'pool kept');
      assert.equal(c.metrics.snapshot().requests, 2, 'metrics kept');
    });
  });
});
