/** Interceptors: order, what they may change, the credential guard, and failures naming the interceptor. */
import * as assert from 'node:assert/strict';
import { BODY, rejection, TRANSPORTS, useEmulator } from './harness';
import { InterceptorError } from '../../../src/api/gatewayErrors';
import { APIConnectionError } from '../../../src/api/errors';
import type { Interceptor, RequestContext, ResponseContext } from '../../../src/api/interceptors/types';

const KEY = 'test-key-interceptors-1';

for (const transport of TRANSPORTS) {
  describe(`api: interceptors (${transport})`, () => {
    const { emu, client } = useEmulator({}, { apiKey: KEY, transport, maxRetries: 2 });

    it('run in the order they were added, onRequest and onResponse alike, and their headers arrive', async () => {
      const calls: string[] = [];
      const c = client();
      for (const name of ['first', 'second', 'third']) {
        c.use({
          name,
          onRequest: (ctx) => {
            calls.push(`${name}:request`);
            ctx.headers.set('x-trail', `${ctx.headers.get('x-trail') ?? ''}${name};`);
          },
          onResponse: (ctx) => {
            calls.push(`${name}:response:${ctx.status}`);
          },
        });
      }
      await c.messages.create(BODY);
      assert.deepEqual(calls, ['first:request', 'second:request', 'third:request', 'first:response:200', 'second:response:200', 'third:response:200']);
      assert.equal(emu().requests[0].headers['x-trail'], 'first;second;third;');
    });

    it('async hooks are awaited in order; the request context carries method, path, body, attempt and label', async () => {
      const seen: RequestContext[] = [];
      const c = client();
      c.use({
        name: 'slow',
        onRequest: async (ctx) => {
          await new Promise((r) => setImmediate(r));
          ctx.headers.set('x-org', 'acme');
          seen.push(ctx);
        },
      });
      c.use({ name: 'reader', onRequest: (ctx) => assert.equal(ctx.headers.get('X-Org'), 'acme', 'sees the earlier change') });
      emu().script({ status: 529, retryAfterMs: 1 }, {});
      await c.messages.create(BODY);
      assert.equal(seen.length, 2, 'once per attempt');
      assert.deepEqual(seen.map((s) => s.attempt), [1, 2]);
      assert.equal(seen[0].method, 'POST');
      assert.equal(seen[0].path, '/v1/messages');
      assert.equal(seen[0].url, `${emu().url}/v1/messages`);
      assert.equal(JSON.parse(seen[0].body ?? '{}').model, BODY.model);
      assert.equal(seen[0].keyLabel, 'default');
      assert.equal(emu().requests[1].headers['x-org'], 'acme');
    });

    it('never see the key or the auth header, and cannot set or remove it', async () => {
      const c = client();
      const snapshots: string[] = [];
      c.use({
        name: 'spy',
        onRequest: (ctx) => {
          snapshots.push(JSON.stringify({ ...ctx, headers: ctx.headers.entries() }));
          assert.equal(ctx.headers.get('authorization'), undefined);
          assert.equal(ctx.headers.has('x-api-key'), false);
        },
        onResponse: (ctx) => {
          snapshots.push(JSON.stringify({ ...ctx, headers: ctx.headers.entries() }));
        },
      });
      emu().script({ echoKey: true, status: 400 }, {});
      await rejection(c.messages.create(BODY));
      await c.messages.create(BODY);
      assert.ok(snapshots.length >= 4);
      for (const s of snapshots) assert.ok(!s.includes(KEY), `no key in what an interceptor saw: ${s.slice(0, 300)}`);
      assert.equal(emu().requests[1].headers.authorization, `Bearer ${KEY}`, 'the key was still sent');

      for (const [name, attempt] of [
        ['authorization', (ctx: RequestContext) => ctx.headers.set('Authorization', 'Bearer other')],
        ['x-api-key', (ctx: RequestContext) => ctx.headers.set('x-api-key', 'other')],
        ['proxy-authorization', (ctx: RequestContext) => ctx.headers.set('proxy-authorization', 'Basic eA==')],
        ['authorization', (ctx: RequestContext) => ctx.headers.delete('authorization')],
      ] as const) {
        const guarded = client();
        guarded.use({ name: 'thief', onRequest: attempt });
        const before = emu().requests.length;
        const error = await rejection(guarded.messages.create(BODY));
        assert.ok(error instanceof InterceptorError, String(error));
        assert.equal(error.interceptor, 'thief');
        assert.match(error.message, new RegExp(`Interceptor "thief" failed in onRequest: .*credential header "${name}"`));
        assert.equal(emu().requests.length, before, 'nothing was sent');
      }
    });

    it('may read the body but not replace it', async () => {
      const c = client();
      c.use({
        name: 'rewriter',
        onRequest: (ctx) => {
          (ctx as { body?: string }).body = '{"model":"other"}';
        },
      });
      const error = await rejection(c.messages.create(BODY));
      assert.ok(error instanceof InterceptorError);
      assert.match(error.message, /Interceptor "rewriter" failed in onRequest: .*(read only|read-only)/i);
      assert.equal(emu().requests.length, 0);
    });

    it('the transport headers and invalid values are refused', async () => {
      for (const [header, value, pattern] of [
        ['host', 'evil.example', /written by the transport/],
        ['content-length', '1', /written by the transport/],
        ['x-ok', 'a\r\nx-injected: 1', /line break/],
        ['bad name', 'x', /not a valid header name/],
      ] as const) {
        const c = client();
        c.use({ name: 'bad', onRequest: (ctx) => ctx.headers.set(header, value) });
        const error = await rejection(c.messages.create(BODY));
        assert.ok(error instanceof InterceptorError, String(error));
        assert.match(error.message, pattern);
      }
    });

    it('a throwing onRequest fails that call with an InterceptorError naming it, sends nothing and is not retried; the next call works', async () => {
      const c = client();
      let fail = true;
      const hook = c.use({
        name: 'org-id',
        onRequest: () => {
          if (fail) throw new Error('org lookup failed');
        },
      });
      const error = await rejection(c.messages.create(BODY));
      assert.ok(error instanceof InterceptorError);
      assert.equal(error.interceptor, 'org-id');
      assert.equal(error.hook, 'onRequest');
      assert.equal(error.type, 'interceptor_error');
      assert.equal(error.message, 'Interceptor "org-id" failed in onRequest: org lookup failed');
      assert.equal(emu().requests.length, 0);
      fail = false;
      await c.messages.create(BODY);
      assert.equal(emu().requests.length, 1);
      hook.dispose();
      await c.messages.create(BODY);
      assert.equal(emu().requests.length, 2);
      const metrics = c.metrics.snapshot();
      assert.equal(metrics.failuresByType.interceptor_error, 1);
    });

    it('a rejecting onResponse fails the call once (the body is dropped, no retry), streams too', async () => {
      const c = client();
      const responses: ResponseContext[] = [];
      c.use({
        name: 'audit',
        onResponse: async (ctx) => {
          responses.push(ctx);
          throw new Error('audit log unavailable');
        },
      });
      const error = await rejection(c.messages.create(BODY));
      assert.ok(error instanceof InterceptorError);
      assert.equal(error.hook, 'onResponse');
      assert.match(error.message, /^Interceptor "audit" failed in onResponse: audit log unavailable$/);
      assert.ok(error.requestId?.startsWith('req_'), 'keeps the request id of the response');
      const streamError = await rejection(c.messages.stream(BODY).finalMessage());
      assert.ok(streamError instanceof InterceptorError, String(streamError));
      assert.equal(emu().requests.length, 2, 'one request per call: not retried');
      assert.equal(responses[0].request.attempt, 1);
      assert.ok(responses[0].elapsedMs >= 0);
      if (transport === 'node') assert.equal(c.metrics.snapshot().pool.inUse, 0, 'no connection left checked out');
    });

    it('an interceptor needs a name', () => {
      const c = client();
      assert.throws(() => c.use({ name: '' } as Interceptor), /non-empty name/);
      assert.throws(() => c.use({ onRequest: () => undefined } as unknown as Interceptor), /non-empty name/);
    });

    it('signing runs last: it signs the headers other interceptors set, which they cannot see', async () => {
      const seenSignature: Array<string | undefined> = [];
      const c = client({ signingSecret: 'test-signing-secret' });
      c.use({
        name: 'before-signing',
        onRequest: (ctx) => {
          seenSignature.push(ctx.headers.get('x-signature'));
          ctx.headers.set('x-org', 'acme');
        },
      });
      await c.messages.create(BODY);
      assert.deepEqual(seenSignature, [undefined]);
      const sent = emu().requests[0].headers;
      assert.match(sent['x-signature'] ?? '', /^[0-9a-f]{64}$/);
      assert.equal(sent['x-org'], 'acme');
    });

    it('an error thrown inside a hook is masked like every error (a key in its text never shows)', async () => {
      const c = client();
      c.use({ name: 'leaky', onRequest: () => { throw new Error(`bad key ${KEY}`); } });
      // The key is registered once it was sent: send one call first.
      const ok = client();
      await ok.messages.create(BODY);
      const error = await rejection(c.messages.create(BODY));
      assert.ok(!String(error).includes(KEY));
      assert.ok(!(error instanceof APIConnectionError));
    });
  });
}
