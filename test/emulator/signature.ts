/**
 * Gateway request signing, checked independently of src/api (so the emulator is a real
 * check of the client, not an echo of it): x-signature = hex(HMAC-SHA256(secret,
 * METHOD \n path-with-query \n x-timestamp \n x-nonce \n hex(sha256(body)))), timestamp in
 * epoch seconds within a tolerance, and a nonce never seen before (replays are refused).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Outcome of a check: undefined when valid, otherwise why not. */
export type SignatureProblem = 'missing' | 'stale' | 'mismatch' | 'replayed' | undefined;

/** Verifies signatures for one emulator, remembering nonces. */
export class SignatureChecker {
  private readonly seen = new Set<string>();

  constructor(
    private readonly secret: string,
    private readonly now: () => number,
    private readonly toleranceSeconds = 300,
  ) {}

  check(method: string, pathWithQuery: string, body: Buffer, headers: Record<string, string>): SignatureProblem {
    const timestamp = headers['x-timestamp'];
    const nonce = headers['x-nonce'];
    const signature = headers['x-signature'];
    if (!timestamp || !nonce || !signature) return 'missing';
    if (!/^\d+$/.test(timestamp) || Math.abs(this.now() / 1000 - Number(timestamp)) > this.toleranceSeconds) return 'stale';
    const bodyHash = createHash('sha256').update(body).digest('hex');
    const canonical = `${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${bodyHash}`;
    const expected = createHmac('sha256', this.secret).update(canonical).digest();
    const given = /^[0-9a-f]{64}$/i.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'mismatch';
    if (this.seen.has(nonce)) return 'replayed';
    this.seen.add(nonce);
    return undefined;
  }

  clear(): void {
    this.seen.clear();
  }
}
