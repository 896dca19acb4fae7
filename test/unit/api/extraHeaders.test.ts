/** Extra headers: ${env:NAME} references, refused names with their reasons, and what arrives. */
import * as assert from 'node:assert/strict';
import { BODY, useEmulator } from './harness';
import { AnthropicClient } from '../../../src/api/client';
import { describeHeaderProblems, resolveExtraHeaders } from '../../../src/api/extraHeaders';
import { resolveSigningHeaderNames } from '../../../src/api/signing';

describe('api: extra headers', () => {
  it('resolves ${env:NAME} references, several per value, and keeps other entries as written', () => {
    const env = { ORG: 'acme', PROJECT: 'chat' };
    const r = resolveExtraHeaders({ 'X-Org-Id': '${env:ORG}', 'x-route': '${env:ORG}/${ env:PROJECT }', 'x-plain': ' team ' }, env);
    assert.deepEqual(r.headers, { 'x-org-id': 'acme', 'x-route': 'acme/chat', 'x-plain': 'team' });
    assert.deepEqual(r.accepted, { 'X-Org-Id': '${env:ORG}', 'x-route': '${env:ORG}/${ env:PROJECT }', 'x-plain': ' team ' });
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.fromEnv, ['acme', 'acme', 'chat']);
  });

  it('refuses the headers the client owns, each with the reason, and keeps the rest', () => {
    const r = resolveExtraHeaders({
      Authorization: 'Bearer x', 'x-api-key': 'k', 'Proxy-Authorization': 'Basic x', 'anthropic-version': '2023-06-01',
      'Content-Type': 'text/plain', 'x-signature': 'abc', 'X-Timestamp': '1', 'x-nonce': 'n', host: 'h', 'content-length': '1',
      'x-ok': 'fine',
    }, {});
    assert.deepEqual(r.headers, { 'x-ok': 'fine' });
    const reasons = Object.fromEntries(r.problems.map((p) => [p.name, p.reason]));
    assert.match(reasons.Authorization, /^refused: it carries the API key/);
    assert.match(reasons['x-api-key'], /^refused: it carries the API key/);
    assert.match(reasons['Proxy-Authorization'], /proxy credentials belong in the proxy URL/);
    assert.match(reasons['anthropic-version'], /API version setting/);
    assert.match(reasons['Content-Type'], /always JSON/);
    for (const name of ['x-signature', 'X-Timestamp', 'x-nonce']) assert.match(reasons[name], /request-signing header \(x-timestamp, x-nonce, x-signature\)/);
    assert.match(reasons.host, /transport writes it/);
    assert.equal(r.problems.length, 10);
    assert.match(describeHeaderProblems(r.problems), /^"Authorization" refused: /);
  });

  it('refuses the configured signing header names, not only the defaults', () => {
    const names = resolveSigningHeaderNames({ signature: 'X-Gateway-Signature' });
    const r = resolveExtraHeaders({ 'x-gateway-signature': 's', 'x-signature': 'fine here' }, {}, names);
    assert.deepEqual(Object.keys(r.headers), ['x-signature']);
    assert.match(r.problems[0].reason, /x-gateway-signature/);
  });

  it('reports unset variables, other ${...} forms, bad names and bad values', () => {
    const r = resolveExtraHeaders({ 'x-a': '${env:UNSET_1}', 'x-b': '${workspaceFolder}', 'bad name': 'x', 'x-c': 'a\nb', 'x-d': 42 as unknown as string }, {});
    assert.deepEqual(r.headers, {});
    const reasons = r.problems.map((p) => `${p.name}: ${p.reason}`);
    assert.deepEqual(reasons, [
      'x-a: references the environment variable UNSET_1, which is not set',
      'x-b: uses ${workspaceFolder}: only ${env:NAME} references are supported',
      'bad name: is not a valid header name',
      'x-c: has a line break or NUL in its value',
      'x-d: needs a string value',
    ]);
  });

  describe('on the wire', () => {
    const { emu, client } = useEmulator();

    it('arrive on every request, retries included; env values are masked like keys', async () => {
      process.env.CLAUDE_CHAT_TEST_GATEWAY_TOKEN = 'gw-token-4f1c2a9b';
      try {
        const c = client({ extraHeaders: { 'X-Org-Id': 'acme', 'cf-aig-authorization': 'Bearer ${env:CLAUDE_CHAT_TEST_GATEWAY_TOKEN}' }, maxRetries: 1 });
        emu().script({ status: 529, retryAfterMs: 1, message: 'echo gw-token-4f1c2a9b' }, {});
        await c.messages.create(BODY);
        for (const r of emu().requests) {
          assert.equal(r.headers['x-org-id'], 'acme');
          assert.equal(r.headers['cf-aig-authorization'], 'Bearer gw-token-4f1c2a9b');
        }
        assert.equal(emu().requests.length, 2);
        emu().script({ status: 400, message: 'bad token gw-token-4f1c2a9b' });
        const error = await c.messages.create(BODY).catch((e: Error) => e);
        assert.ok(!String((error as Error).message).includes('gw-token-4f1c2a9b'), String(error));
      } finally {
        delete process.env.CLAUDE_CHAT_TEST_GATEWAY_TOKEN;
      }
    });

    it('the client refuses a map with a refused or unusable entry, naming each', () => {
      assert.throws(
        () => new AnthropicClient({ apiKey: 'test-key-1', extraHeaders: { authorization: 'Bearer x', 'x-a': '${env:CLAUDE_CHAT_UNSET}' } }),
        /^TypeError: extraHeaders: "authorization" refused: it carries the API key.*; "x-a" references the environment variable CLAUDE_CHAT_UNSET, which is not set\.$/,
      );
      const c = client({ extraHeaders: { 'x-team': 'a' } });
      assert.throws(() => c.configure({ extraHeaders: { 'anthropic-version': 'x' }, maxRetries: 0 }), /"anthropic-version" refused/);
      // A refused configuration changes nothing: the next valid one applies as usual.
      c.configure({ maxRetries: 1 });
    });

    it('configure() applies new extra headers live', async () => {
      const c = client({ extraHeaders: { 'x-project': 'one' } });
      await c.messages.create(BODY);
      c.configure({ extraHeaders: { 'x-project': 'two' } });
      await c.messages.create(BODY);
      c.configure({ extraHeaders: {} });
      await c.messages.create(BODY);
      assert.deepEqual(emu().requests.map((r) => r.headers['x-project']), ['one', 'two', undefined]);
    });
  });
});
