/** Keys, circuit breaker, de-duplication, metrics, pool reuse, signing, logging hygiene. */
import * as assert from 'node:assert/strict';
import { useEmulator, BODY, rejection } from './harness';
import { FakeClock } from '../../support/fakeClock';
import * as E from '../../../src/api/errors';
import { RotatingKeyProvider } from '../../../src/api/keys';
import { verifySignature } from '../../../src/api/signing';
import type { CircuitChange, RequestRecord } from '../../../src/api/types';

describe('api: resilience', () => {
  const { emu, client } = useEmulator();

  describe('keys', () => {
    it('401 marks the key bad and the same call goes on with the next key', async () => {
      const keys = new RotatingKeyProvider(['bad-key-1', 'test-key-2']);
      const records: RequestRecord[] = [];
      const c = client({ apiKey: undefined, keys });
      c.onRequest((r) => records.push(r));
      const message = await c.messages.create(BODY);
      assert.equal(message.type, 'message');
      assert.deepEqual(emu().requests.map((r) => r.apiKey), ['bad-key-1', 'test-key-2']);
      assert.match(keys.status()[0].invalid ?? '', /invalid/);
      assert.equal(records[0].keyLabel, 'key 2');
      await c.messages.create(BODY);
      assert.equal(emu().requests[2].apiKey, 'test-key-2', 'the bad key is not tried again');
    });

    it('429 rotates to another key with room at once (no wait)', async () => {
      const keys = new RotatingKeyProvider(['test-key-1', 'test-key-2']);
      emu().script({ status: 429, retryAfter: 30 });
      const c = client({ apiKey: undefined, keys });
      const waits: number[] = [];
      c.onRetry((i) => waits.push(i.delayMs));
      await c.messages.create(BODY);
      assert.deepEqual(emu().requests.map((r) => r.apiKey), ['test-key-1', 'test-key-2']);
      assert.deepEqual(waits, []);
      assert.ok((keys.status()[0].limitedUntil ?? 0) > Date.now());
    });

    it('a single key that gets 401 surfaces AuthenticationError without a retry', async () => {
      const err = await rejection(client({ apiKey: 'bad-key-9' }).messages.create(BODY));
      assert.ok(err instanceof E.AuthenticationError);
      assert.equal(emu().requests.length, 1);
    });
  });

  describe('circuit breaker', () => {
    it('opens after failureThreshold counted failures, fails fast, half-opens after the timeout', async () => {
      const clock = new FakeClock();
      const c = client({ clock, maxRetries: 0, circuitBreaker: { failureThreshold: 3, resetTimeoutMs: 10_000 } });
      const changes: CircuitChange[] = [];
      c.onCircuitChange((ch) => changes.push(ch));
      emu().script({ status: 529 }, { status: 500 }, { destroyBeforeHeaders: true });
      for (let i = 0; i < 3; i++) await rejection(c.messages.create(BODY));
      assert.equal(c.circuitState(BODY.model), 'open');
      const err = (await rejection(c.messages.create(BODY))) as E.CircuitOpenError;
      assert.ok(err instanceof E.CircuitOpenError);
      assert.equal(err.type, 'circuit_open_error');
      assert.equal(err.retryAt, clock.now() + 10_000);
      assert.equal(emu().requests.length, 3, 'no request left while open');
      assert.equal(c.metrics.snapshot().circuitRejections, 1);
      clock.advance(10_000);
      assert.equal(c.circuitState(BODY.model), 'half-open');
      await c.messages.create(BODY);
      assert.equal(c.circuitState(BODY.model), 'closed');
      assert.deepEqual(changes.map((ch) => ch.state), ['open', 'half-open', 'closed']);
      assert.equal(changes[0].key, `POST /v1/messages ${BODY.model}`);
    });

    it('a failed half-open probe opens the circuit again', async () => {
      const clock = new FakeClock();
      const c = client({ clock, maxRetries: 0, circuitBreaker: { failureThreshold: 1, resetTimeoutMs: 1000 } });
      emu().script({ status: 529 }, { status: 529 });
      await rejection(c.messages.create(BODY));
      clock.advance(1000);
      await rejection(c.messages.create(BODY));
      assert.equal(c.circuitState(BODY.model), 'open');
      assert.ok((await rejection(c.messages.create(BODY))) instanceof E.CircuitOpenError);
      assert.equal(emu().requests.length, 2);
    });

    it('4xx answers do not count', async () => {
      const c = client({ maxRetries: 0, circuitBreaker: { failureThreshold: 2 } });
      emu().script({ status: 400 }, { status: 404 }, { status: 429 }, { status: 400 });
      for (let i = 0; i < 4; i++) await rejection(c.messages.create(BODY));
      assert.equal(c.circuitState(BODY.model), 'closed');
    });

    it('uses the fallback model while the circuit of the requested one is open', async () => {
      const c = client({ maxRetries: 0, fallbackModel: 'claude-haiku-5-5', circuitBreaker: { failureThreshold: 2 } });
      emu().script({ status: 529 }, { status: 529 });
      await rejection(c.messages.create(BODY));
      await rejection(c.messages.create(BODY));
      const message = await c.messages.create(BODY);
      assert.equal(message.model, 'claude-haiku-5-5');
      assert.equal((emu().requests[2].body as { model: string }).model, 'claude-haiku-5-5');
    });

    it('the circuit is per model: another model still goes through', async () => {
      const c = client({ maxRetries: 0, circuitBreaker: { failureThreshold: 1 } });
      emu().script({ status: 529 });
      await rejection(c.messages.create(BODY));
      const other = await c.messages.create({ ...BODY, model: 'claude-opus-5-5' });
      assert.equal(other.type, 'message');
    });
  });

  describe('de-duplication', () => {
    it('identical countTokens in flight share one request; creates are never shared', async () => {
      const c = client();
      const body = { model: BODY.model, messages: BODY.messages };
      const [a, b] = await Promise.all([c.messages.countTokens(body), c.messages.countTokens(body)]);
      assert.deepEqual(a, b);
      assert.equal(emu().requests.filter((r) => r.path === '/v1/messages/count_tokens').length, 1);
      await Promise.all([c.messages.create(BODY), c.messages.create(BODY)]);
      assert.equal(emu().requests.filter((r) => r.path === '/v1/messages').length, 2);
      assert.equal(c.metrics.snapshot().deduplicated, 1);
    });

    it('models.list and batches.retrieve in flight are shared; one caller aborting does not fail the other', async () => {
      const c = client();
      const controller = new AbortController();
      const first = c.models.list({ signal: controller.signal });
      const second = c.models.list();
      controller.abort();
      assert.ok((await rejection(first)) instanceof E.UserAbortError);
      const models = await second;
      assert.ok(models.length > 0);
      const pages = emu().requests.filter((r) => r.path === '/v1/models').length;
      assert.ok(pages >= 1);
      const batch = await c.batches.create({ requests: [{ custom_id: 'x', params: { ...BODY } }] });
      emu().reset();
      await Promise.all([c.batches.retrieve(batch.id).catch(() => undefined), c.batches.retrieve(batch.id).catch(() => undefined)]);
      assert.equal(emu().requests.length, 1);
    });
  });

  describe('metrics and pool', () => {
    it('counts requests, outcomes by type and status, latency, TTFT, tokens, bytes and socket reuse', async () => {
      const c = client({ maxRetries: 0 });
      await c.messages.create(BODY);
      await c.messages.create(BODY);
      await c.messages.stream(BODY).finalMessage();
      emu().script({ status: 529 });
      await rejection(c.messages.create(BODY));
      const m = c.metrics.snapshot();
      assert.equal(m.requests, 4);
      assert.equal(m.successes, 3);
      assert.equal(m.failures, 1);
      assert.deepEqual(m.failuresByType, { overloaded_error: 1 });
      assert.deepEqual(m.failuresByStatus, { '529': 1 });
      assert.equal(m.latencyMs.count, 4);
      assert.ok(m.latencyMs.p50 <= m.latencyMs.p95 && m.latencyMs.p95 <= m.latencyMs.p99);
      assert.equal(m.ttftMs.count, 1);
      assert.ok(m.tokens.input > 0 && m.tokens.output > 0);
      assert.ok(m.bytes.in > 0 && m.bytes.out > 0);
      assert.equal(m.pool.created, 1, 'one keep-alive socket for sequential calls');
      assert.equal(m.pool.reused, 3);
      assert.equal(new Set(emu().requests.map((r) => r.socketId)).size, 1);
      assert.ok(!JSON.stringify(m).includes('test-key-1'));
    });

    it('dispose() closes pooled sockets', async () => {
      const c = client();
      await c.messages.create(BODY);
      c.dispose();
      const again = client();
      await again.messages.create(BODY);
      assert.notEqual(emu().requests[0].socketId, emu().requests[1].socketId);
    });
  });

  describe('signing and logging', () => {
    it('signs with HMAC-SHA256 over method, path, timestamp, nonce and the body hash', async () => {
      await client({ signingSecret: 'test-signing-secret' }).messages.create(BODY);
      const req = emu().requests[0];
      assert.match(req.headers['x-signature'], /^[0-9a-f]{64}$/);
      assert.match(req.headers['x-nonce'], /^[0-9a-f]{32}$/);
      const raw = JSON.stringify(req.body);
      assert.equal(verifySignature('test-signing-secret', 'POST', '/v1/messages', raw, req.headers), true);
      assert.equal(verifySignature('wrong-secret', 'POST', '/v1/messages', raw, req.headers), false);
      assert.equal(verifySignature('test-signing-secret', 'POST', '/v1/messages', raw + ' ', req.headers), false);
      const stale = { ...req.headers, 'x-timestamp': String(Number(req.headers['x-timestamp']) - 3600) };
      assert.equal(verifySignature('test-signing-secret', 'POST', '/v1/messages', raw, stale), false);
    });

    it('the logger never sees the key or the auth header value', async () => {
      const lines: string[] = [];
      const log = (...a: unknown[]): void => void lines.push(a.map(String).join(' '));
      const c = client({ apiKey: 'test-key-secret-777', logger: { debug: log, info: log, warn: log, error: log } });
      emu().script({ status: 529 }, { status: 401, message: 'bad key test-key-secret-777' });
      await rejection(c.messages.create(BODY));
      assert.ok(lines.length >= 2);
      for (const line of lines) assert.ok(!line.includes('test-key-secret-777'), line);
    });
  });
});
