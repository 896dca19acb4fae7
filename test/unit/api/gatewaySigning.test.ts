/**
 * Gateway signing end to end against the emulator acting as a signing gateway: accepted requests,
 * configurable header names, and each refusal turned into a message that names the likely cause.
 */
import * as assert from 'node:assert/strict';
import { BODY, rejection, TRANSPORTS } from './harness';
import { startEmulator } from '../../emulator/server';
import type { Emulator, EmulatorOptions } from '../../emulator/types';
import { AnthropicClient } from '../../../src/api/client';
import type { ClientOptions } from '../../../src/api/types';
import { RotatingKeyProvider } from '../../../src/api/keys';
import { GatewaySignatureError } from '../../../src/api/gatewayErrors';
import { AuthenticationError } from '../../../src/api/errors';
import { resolveSigningHeaderNames, verifySignature } from '../../../src/api/signing';
import { signatureError } from '../../../src/api/signatureProblems';
import { errorFromResponse, toErrorHeaders } from '../../../src/api/errors';

const SECRET = 'test-gateway-secret';

describe('api: gateway signing', () => {
  let emu: Emulator | undefined;
  const clients: AnthropicClient[] = [];
  const gateway = async (options: EmulatorOptions = {}): Promise<Emulator> => {
    emu = await startEmulator({ signingSecret: SECRET, ...options });
    return emu;
  };
  const client = (opts: ClientOptions): AnthropicClient => {
    const c = new AnthropicClient({ apiKey: 'test-key-1', baseURL: emu?.url, maxRetries: 0, ...opts });
    clients.push(c);
    return c;
  };
  afterEach(async () => {
    for (const c of clients.splice(0)) c.dispose();
    await emu?.close();
    emu = undefined;
  });

  for (const transport of TRANSPORTS) {
    it(`${transport}: a signed client is accepted on every endpoint, streams and retries included`, async () => {
      const g = await gateway();
      const c = client({ signingSecret: SECRET, transport, maxRetries: 1 });
      g.script({ status: 529, retryAfterMs: 1 }, {});
      await c.messages.create(BODY);
      await c.messages.stream(BODY).finalMessage();
      await c.messages.countTokens({ model: BODY.model, messages: BODY.messages });
      await c.models.list();
      assert.deepEqual(g.requests.map((r) => r.signatureProblem), [undefined, undefined, undefined, undefined, undefined]);
      assert.equal(new Set(g.requests.map((r) => r.headers['x-nonce'])).size, 5, 'a fresh nonce per attempt');
    });
  }

  it('custom header names on both sides are accepted; the gateway sees no default-named headers', async () => {
    const names = { timestamp: 'X-Gw-Time', nonce: 'X-Gw-Nonce', signature: 'X-Gw-Signature' };
    const g = await gateway({ signingHeaders: names });
    await client({ signingSecret: SECRET, signingHeaders: names }).messages.create(BODY);
    const sent = g.requests[0].headers;
    assert.match(sent['x-gw-signature'] ?? '', /^[0-9a-f]{64}$/);
    assert.equal(sent['x-signature'], undefined);
    assert.ok(verifySignature(SECRET, 'POST', '/v1/messages', JSON.stringify(BODY), sent, { headerNames: resolveSigningHeaderNames(names) }));
  });

  it('no secret: names the missing secret, and the key is neither marked bad nor rotated away from', async () => {
    const g = await gateway();
    const keys = new RotatingKeyProvider(['test-key-a', 'test-key-b']);
    const c = client({ keys, apiKey: undefined, maxRetries: 2 });
    const error = await rejection(c.messages.create(BODY));
    assert.ok(error instanceof GatewaySignatureError, String(error));
    assert.ok(error instanceof AuthenticationError, 'still a 401 AuthenticationError for callers');
    assert.equal(error.signatureCause, 'missingSecret');
    assert.match(error.message, new RegExp(`^The gateway at ${g.url} requires signed requests and no signing secret is set: set the gateway's signing secret\\. \\(gateway said: "Missing request signature`));
    assert.equal(g.requests.length, 1, 'no rotation, no retry');
    assert.deepEqual(keys.status().map((k) => k.invalid), [undefined, undefined]);
    const usage = c.keyUsage.snapshot();
    assert.equal(usage[0].requests, 1);
    assert.equal(usage[0].unauthorized, 0, "a signature refusal is not the key's 401");
  });

  it('a wrong secret: names the secret (or the signed string)', async () => {
    await gateway();
    const error = await rejection(client({ signingSecret: 'test-other-secret' }).messages.create(BODY));
    assert.ok(error instanceof GatewaySignatureError);
    assert.equal(error.signatureCause, 'wrongSecret');
    assert.match(error.message, /refused the request signature: the signing secret is probably wrong .*\(gateway said: "Request signature mismatch/);
  });

  it("clock skew: names this computer's clock and how far the gateway's clock (Date header) is off", async () => {
    // The gateway's clock runs 10 minutes ahead: the client's timestamps look stale to it.
    await gateway({ now: () => Date.now() + 600_000 });
    const error = await rejection(client({ signingSecret: SECRET }).messages.create(BODY));
    assert.ok(error instanceof GatewaySignatureError);
    assert.equal(error.signatureCause, 'clockSkew');
    assert.match(error.message, /expired or not yet valid: this computer's clock is probably off\. The gateway's clock \(Date: .+ GMT\) is 10 min ahead of this computer's/);
  });

  it('signed with other header names than the gateway reads: says so', async () => {
    await gateway({ signingHeaders: { signature: 'x-gw-signature' } });
    const error = await rejection(client({ signingSecret: SECRET }).messages.create(BODY));
    assert.ok(error instanceof GatewaySignatureError);
    assert.match(error.message, /found no signature although the request was signed \(headers x-timestamp, x-nonce, x-signature\): it probably expects other signing header names/);
  });

  it('a replay: names something in between that sent it twice', () => {
    const refusal = errorFromResponse(401, { type: 'error', error: { type: 'authentication_error', message: 'Request signature replayed: x-nonce already used' } }, toErrorHeaders());
    const named = signatureError(refusal, { signed: true, names: resolveSigningHeaderNames(undefined), signedAt: Date.now(), baseURL: 'https://gw.example' });
    assert.equal(named?.signatureCause, 'replayed');
    assert.match(named?.message ?? '', /^The gateway at https:\/\/gw\.example refused the request as a replay/);
  });

  it('a plain key 401 stays a key problem', () => {
    const refusal = errorFromResponse(401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }, toErrorHeaders());
    assert.equal(signatureError(refusal, { signed: true, names: resolveSigningHeaderNames(undefined), signedAt: Date.now(), baseURL: 'https://gw.example' }), undefined);
  });

  it('signing header names are checked: valid tokens, none reserved, all distinct', () => {
    assert.throws(() => resolveSigningHeaderNames({ signature: 'authorization' }), /cannot be "authorization"/);
    assert.throws(() => resolveSigningHeaderNames({ nonce: 'bad name' }), /not a valid header name/);
    assert.throws(() => resolveSigningHeaderNames({ nonce: 'x-signature' }), /distinct names/);
    assert.throws(() => new AnthropicClient({ apiKey: 'test-key-1', signingHeaders: { timestamp: 'content-type' } }), /cannot be "content-type"/);
    assert.deepEqual(resolveSigningHeaderNames({ timestamp: ' X-Time ' }), { timestamp: 'x-time', nonce: 'x-nonce', signature: 'x-signature' });
  });

  it('the secret set later (configure) signs from the next request on, and clearing it stops signing', async () => {
    const g = await gateway();
    const c = client({});
    await rejection(c.messages.create(BODY));
    c.configure({ signingSecret: SECRET });
    await c.messages.create(BODY);
    c.configure({ signingSecret: undefined });
    const error = await rejection(c.messages.create(BODY));
    assert.ok(error instanceof GatewaySignatureError && error.signatureCause === 'missingSecret');
    assert.deepEqual(g.requests.map((r) => r.status), [401, 200, 401]);
  });

  it("signs the path the gateway receives: a base URL's path is part of it", async () => {
    const g = await gateway();
    // The emulator has no /gw routes (404), but it checks the signature first, against the path it received.
    const error = await rejection(client({ signingSecret: SECRET, baseURL: `${g.url}/gw` }).messages.create(BODY));
    assert.equal((error as { status?: number }).status, 404);
    assert.equal(g.requests[0].path, '/gw/v1/messages');
    assert.equal(g.requests[0].signatureProblem, undefined);
  });
});
