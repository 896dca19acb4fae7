/** Request signing: empty secrets refused, replays refused by a bounded nonce store. */
import * as assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { NonceStore, signRequest, verifySignature } from '../../../src/api/signing';
import { FakeClock } from '../../support/fakeClock';

const SECRET = 'test-signing-secret';
const BODY = '{"model":"m"}';

function signed(nowMs: number, nonce = 'a'.repeat(32)): Record<string, string> {
  return { ...signRequest(SECRET, 'POST', '/v1/messages', BODY, String(Math.floor(nowMs / 1000)), nonce) };
}

describe('api: signing', () => {
  it('refuses an empty secret on both sides with a clear error', () => {
    const headers = signed(Date.now());
    assert.throws(() => signRequest('', 'POST', '/v1/messages', BODY, '1', 'n'), /signing secret must be a non-empty string/);
    assert.throws(() => verifySignature('', 'POST', '/v1/messages', BODY, headers), /signing secret must be a non-empty string/);
    // A forged signature made with the empty key must not pass either (it throws before comparing).
    const forged = { ...headers, 'x-signature': signRequestUnsafeEmpty(headers['x-timestamp'], headers['x-nonce']) };
    assert.throws(() => verifySignature('', 'POST', '/v1/messages', BODY, forged), TypeError);
    assert.throws(() => verifySignature(undefined as unknown as string, 'POST', '/v1/messages', BODY, headers), TypeError);
  });

  it('without a nonce store a replay within the tolerance passes (documented: no replay protection)', () => {
    const clock = new FakeClock();
    const headers = signed(clock.now());
    assert.equal(verifySignature(SECRET, 'POST', '/v1/messages', BODY, headers, { nowMs: clock.now() }), true);
    assert.equal(verifySignature(SECRET, 'POST', '/v1/messages', BODY, headers, { nowMs: clock.now() }), true);
  });

  it('with a nonce store a replayed nonce is refused; forged requests never fill the store', () => {
    const clock = new FakeClock();
    const nonces = new NonceStore({ clock });
    const headers = signed(clock.now());
    const opts = { nowMs: clock.now(), nonces };
    assert.equal(verifySignature(SECRET, 'POST', '/v1/messages', BODY, headers, opts), true);
    assert.equal(verifySignature(SECRET, 'POST', '/v1/messages', BODY, headers, opts), false, 'replay refused');
    const other = signed(clock.now(), 'b'.repeat(32));
    assert.equal(verifySignature('wrong-secret', 'POST', '/v1/messages', BODY, other, opts), false);
    assert.equal(nonces.size, 1, 'a bad signature does not consume its nonce');
    assert.equal(verifySignature(SECRET, 'POST', '/v1/messages', BODY, other, opts), true);
  });

  it('a nonce is remembered exactly as long as its timestamp is acceptable, then forgotten', () => {
    const clock = new FakeClock();
    const nonces = new NonceStore({ clock, toleranceSeconds: 300 });
    const headers = signed(clock.now());
    assert.equal(verifySignature(SECRET, 'POST', '/v1/messages', BODY, headers, { nowMs: clock.now(), nonces }), true);
    clock.advance(299_000);
    assert.equal(verifySignature(SECRET, 'POST', '/v1/messages', BODY, headers, { nowMs: clock.now(), nonces }), false, 'replayed');
    clock.advance(2_000);
    // Past the tolerance the timestamp alone refuses it, so the store may forget the nonce.
    assert.equal(verifySignature(SECRET, 'POST', '/v1/messages', BODY, headers, { nowMs: clock.now(), nonces }), false, 'stale');
    nonces.prune();
    assert.equal(nonces.size, 0);
  });

  it('the store is bounded: when full of live nonces it refuses new ones instead of forgetting a live one', () => {
    const clock = new FakeClock();
    const nonces = new NonceStore({ clock, maxEntries: 3 });
    const nowS = Math.floor(clock.now() / 1000);
    for (const n of ['n1', 'n2', 'n3']) assert.equal(nonces.remember(n, nowS), true);
    assert.equal(nonces.remember('n4', nowS), false, 'full: refused');
    assert.equal(nonces.size, 3);
    assert.equal(nonces.remember('n1', nowS), false, 'still a replay');
    clock.advance(301_000);
    assert.equal(nonces.remember('n4', Math.floor(clock.now() / 1000)), true, 'expired entries make room');
    assert.equal(nonces.size, 1);
  });
});

/** What an attacker could compute if an empty key were accepted (HMAC with a zero-length key). */
function signRequestUnsafeEmpty(timestamp: string, nonce: string): string {
  const bodyHash = createHash('sha256').update(BODY).digest('hex');
  return createHmac('sha256', '').update(`POST\n/v1/messages\n${timestamp}\n${nonce}\n${bodyHash}`).digest('hex');
}
