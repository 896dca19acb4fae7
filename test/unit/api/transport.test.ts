/**
 * The transports under the same faults: each suite runs once for `node:http` and once for global
 * `fetch`, against the emulator (and a raw server where the emulator has no such fault).
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { useEmulator, BODY, TRANSPORTS, rejection } from './harness';
import { FakeClock, tick } from '../../support/fakeClock';
import { until, within } from './settleWatch';
import { startEmulator } from '../../emulator/server';
import { AnthropicClient } from '../../../src/api/client';
import * as E from '../../../src/api/errors';
import { headersFromRaw } from '../../../src/api/core/headers';

const text = (m: { content: { type: string; text?: string }[] }): string => m.content.map((b) => (b.type === 'text' ? b.text : '')).join('');

describe('api: response header records', () => {
  it('lower-cases names, joins repeats, answers get(), and never joins onto Object.prototype members', () => {
    const h = headersFromRaw(['Request-Id', 'req_1', 'X-Multi', 'a', 'x-multi', 'b', 'constructor', 'c', 'get', 'hidden', 'toString', 't']);
    assert.equal(h['request-id'], 'req_1');
    assert.equal(h.get('X-MULTI'), 'a, b');
    assert.equal(h.constructor as unknown, 'c');
    assert.equal(h.get('tostring'), 't');
    assert.equal(h.get('get'), null, 'a header named get would hide the getter: left out');
    assert.equal(JSON.stringify(h), '{"request-id":"req_1","x-multi":"a, b","constructor":"c","tostring":"t"}');
  });
});

for (const transport of TRANSPORTS) {
  describe(`api (${transport}): transport`, () => {
    const { emu, client } = useEmulator({}, { transport });

    it('counts connections opened and reused, and none in use afterwards', async () => {
      // An emulator of its own: global fetch keeps connections of earlier tests to the shared one.
      const own = await startEmulator();
      const c = new AnthropicClient({ apiKey: 'test-key-1', baseURL: own.url, transport, maxRetries: 0 });
      try {
        for (let i = 0; i < 4; i++) await c.messages.create(BODY);
        await c.messages.stream(BODY).finalMessage();
        const sockets = new Set(own.requests.map((r) => r.socketId)).size;
        await within(until(() => c.metrics.snapshot().pool.inUse === 0), 2000, 'released');
        const pool = c.metrics.snapshot().pool;
        assert.equal(pool.transport, transport);
        assert.equal(pool.counted, true);
        assert.equal(pool.created, sockets, 'created = connections the server saw');
        assert.equal(pool.created + pool.reused, 5, 'every request counted once');
        assert.ok(pool.reused >= 3, `reused ${pool.reused}`);
      } finally {
        c.dispose();
        await own.close();
      }
    });

    for (const compress of ['gzip', 'deflate', 'br'] as const) {
      it(`decodes content-encoding ${compress} for JSON and for streams`, async () => {
        const c = client();
        const plain = text(await c.messages.create(BODY));
        emu().script({ compress }, { compress, chunkSize: 64 });
        assert.equal(text(await c.messages.create(BODY)), plain);
        assert.equal(text(await c.messages.stream(BODY).finalMessage()), plain);
        assert.equal(emu().requests[1].responseHeaders?.['content-encoding'], compress);
      });
    }

    it('retries a socket destroyed before the headers, then answers', async () => {
      emu().script({ destroyBeforeHeaders: true }, {});
      const clock = new FakeClock();
      const c = client({ clock, maxRetries: 2 });
      c.onRetry((info) => setImmediate(() => clock.advance(info.delayMs)));
      const message = await c.messages.stream(BODY).finalMessage();
      assert.equal(message.type, 'message');
      assert.equal(emu().requests.length, 2);
    });

    it('a refused connection is a retried APIConnectionError', async () => {
      const clock = new FakeClock();
      const c = new AnthropicClient({ apiKey: 'test-key-1', baseURL: 'http://127.0.0.1:9', transport, clock, maxRetries: 1 });
      c.onRetry((info) => setImmediate(() => clock.advance(info.delayMs)));
      try {
        const err = await rejection(c.messages.create(BODY));
        assert.ok(err instanceof E.APIConnectionError, err.constructor.name);
        assert.equal(c.metrics.snapshot().attempts, 2);
      } finally {
        c.dispose();
      }
    });

    it('no headers within timeoutMs: APIConnectionTimeoutError (the slow response is torn down)', async () => {
      emu().script({ delayMs: 3000 });
      const clock = new FakeClock();
      const c = client({ clock, timeoutMs: 1000, maxRetries: 0 });
      const pending = rejection(c.messages.create(BODY));
      while (emu().requests.length < 1) await tick();
      clock.advance(1000);
      const err = await within(pending, 2000, 'header timeout');
      assert.ok(err instanceof E.APIConnectionTimeoutError, err.constructor.name);
      assert.match(err.message, /headers/);
    });

    it('a body cut mid-JSON is an APIConnectionError, never a hang', async () => {
      const server = http.createServer((req, res) => {
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '400' });
        res.write('{"type":"message","content":[');
        setImmediate(() => res.socket?.destroy());
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const c = new AnthropicClient({ apiKey: 'test-key-1', baseURL: `http://127.0.0.1:${(server.address() as { port: number }).port}`, transport, maxRetries: 0 });
      try {
        const err = await within(rejection(c.messages.create(BODY)), 3000, 'cut body');
        assert.ok(err instanceof E.APIConnectionError, err.constructor.name);
      } finally {
        c.dispose();
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
      }
    });

    it('does not follow a redirect (the key stays with the configured origin)', async () => {
      emu().script({ status: 307, headers: { location: 'http://127.0.0.1:9/v1/messages' } });
      const err = await rejection(client({ maxRetries: 0 }).messages.create(BODY));
      assert.ok(err instanceof E.AnthropicError);
      assert.equal((err as E.AnthropicError).status, 307);
      assert.equal(emu().requests.length, 1);
    });

    it('streams batch results with backpressure (a slow loop pauses the socket, no idle timeout) and counts the bytes', async () => {
      const rows = 300;
      const server = http.createServer((req, res) => {
        req.resume();
        if (!req.url?.endsWith('/results')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: 'msgbatch_1', type: 'message_batch', processing_status: 'ended', results_url: null }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/binary' });
        let i = 0;
        const next = (): void => {
          if (i === rows) return void res.end();
          res.write(`${JSON.stringify({ custom_id: `r${i++}`, result: { type: 'succeeded' } })}\n`, () => setImmediate(next));
        };
        next();
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const clock = new FakeClock();
      const c = new AnthropicClient({ apiKey: 'test-key-1', baseURL: `http://127.0.0.1:${(server.address() as { port: number }).port}`, transport, clock, idleTimeoutMs: 1000 });
      try {
        const ids: string[] = [];
        for await (const row of c.batches.results('msgbatch_1')) {
          ids.push(row.custom_id);
          // A slow consumer: injected time passes the idle timeout while the loop, not the server, lags.
          if (ids.length % 50 === 0) clock.advance(2000);
          await tick();
        }
        assert.equal(ids.length, rows);
        assert.equal(ids[rows - 1], `r${rows - 1}`);
        assert.ok(c.metrics.snapshot().bytes.in > rows * 40);
      } finally {
        c.dispose();
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
      }
    });

    it('leaving a batch results loop early gives the connection back', async () => {
      const c = client();
      const batch = await c.batches.create({ requests: Array.from({ length: 20 }, (_, i) => ({ custom_id: `r${i}`, params: { ...BODY } })) });
      await c.batches.retrieve(batch.id);
      for await (const row of c.batches.results(batch.id)) if (row.custom_id) break;
      await within(until(() => c.metrics.snapshot().pool.inUse === 0), 2000, 'released');
      assert.equal((await c.messages.create(BODY)).type, 'message');
    });
  });
}
