import * as assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { signRequest } from '../../../src/api/signing';
import { startEmulator } from '../../emulator/server';
import type { Emulator } from '../../emulator/types';
import { messagesBody, okHeaders, rawRequest } from './rawHttp';

const secret = 'test-signing-secret';
const nowMs = Date.parse('2026-11-25T12:00:00Z');
const ts = String(nowMs / 1000);

function sign(method: string, path: string, body: string, timestamp: string, nonce: string): Record<string, string> {
  const canonical = `${method}\n${path}\n${timestamp}\n${nonce}\n${createHash('sha256').update(body).digest('hex')}`;
  return { 'x-timestamp': timestamp, 'x-nonce': nonce, 'x-signature': createHmac('sha256', secret).update(canonical).digest('hex') };
}

describe('emulator gateway signatures', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator({ signingSecret: secret, now: () => nowMs });
  });
  afterEach(async () => {
    await emu.close();
  });
  const body = JSON.stringify(messagesBody('signed'));
  const post = (headers: Record<string, string>, path = '/v1/messages') => rawRequest(`${emu.url}${path}`, { headers: { ...okHeaders, ...headers }, body });

  it('accepts a valid signature and refuses the same nonce twice (replay)', async () => {
    const headers = sign('POST', '/v1/messages', body, ts, 'nonce-1');
    assert.equal((await post(headers)).status, 200);
    const replay = await post(headers);
    assert.equal(replay.status, 401);
    assert.equal(emu.requests[1].signatureProblem, 'replayed');
  });

  it('refuses missing, stale and tampered signatures with 401', async () => {
    assert.equal((await post({})).status, 401);
    assert.equal((await post(sign('POST', '/v1/messages', body, String(nowMs / 1000 - 301), 'n2'))).status, 401);
    assert.equal((await post(sign('POST', '/v1/messages', `${body} `, ts, 'n3'))).status, 401);
    assert.equal((await post(sign('POST', '/v1/messages?x=1', body, ts, 'n4'))).status, 401);
    assert.deepEqual(emu.requests.map((r) => r.signatureProblem), ['missing', 'stale', 'mismatch', 'mismatch']);
  });

  it('signs the path with its query string', async () => {
    const res = await post(sign('POST', '/v1/messages?beta=true', body, ts, 'n5'), '/v1/messages?beta=true');
    assert.equal(res.status, 200);
  });

  it('agrees with src/api signRequest (the client signs what the emulator checks)', async () => {
    const headers = signRequest(secret, 'POST', '/v1/messages', body, ts, 'client-nonce');
    assert.equal((await post({ ...headers })).status, 200);
  });

  it('words each refusal like a gateway: the reason, a code in the error body, its clock in Date', async () => {
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{}, 'missing', /^Missing request signature: this gateway requires the x-timestamp, x-nonce and x-signature headers$/],
      [sign('POST', '/v1/messages', body, String(nowMs / 1000 - 400), 'w2'), 'stale', /^Request signature expired: x-timestamp is 400 s behind the gateway's clock \(allowed: 300 s\)$/],
      [sign('POST', '/v1/messages', `${body} `, ts, 'w3'), 'mismatch', /^Request signature mismatch/],
    ];
    for (const [headers, problem, message] of cases) {
      const res = await post(headers);
      assert.equal(res.status, 401);
      const parsed = JSON.parse(res.text) as { error: { type: string; message: string; signature_problem: string } };
      assert.equal(parsed.error.type, 'authentication_error');
      assert.match(parsed.error.message, message);
      assert.equal(parsed.error.signature_problem, problem);
      assert.equal(res.headers.date, new Date(nowMs).toUTCString());
    }
  });

  it('reads the header names it was started with', async () => {
    await emu.close();
    emu = await startEmulator({ signingSecret: secret, now: () => nowMs, signingHeaders: { signature: 'X-Gw-Signature' } });
    const headers = sign('POST', '/v1/messages', body, ts, 'c1');
    assert.equal((await post(headers)).status, 401, 'the default name is not read');
    const renamed = { 'x-timestamp': headers['x-timestamp'], 'x-nonce': 'c2', 'x-gw-signature': sign('POST', '/v1/messages', body, ts, 'c2')['x-signature'] };
    assert.equal((await post(renamed)).status, 200);
  });
});

