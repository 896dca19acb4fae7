/**
 * Gateway request signing, checked independently of src/api (so the emulator is a real
 * check of the client, not an echo of it): signature = hex(HMAC-SHA256(secret,
 * METHOD \n path-with-query \n timestamp \n nonce \n hex(sha256(body)))), timestamp in
 * epoch seconds within a tolerance, and a nonce never seen before (replays are refused).
 * Refusals are worded the way gateways word them, so the client's reading of them is tested.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Outcome of a check: undefined when valid, otherwise why not. */
export type SignatureProblem = 'missing' | 'stale' | 'mismatch' | 'replayed' | undefined;

/** Header names of the three signing headers (lower-case). */
export interface SignatureHeaderNames {
  timestamp: string;
  nonce: string;
  signature: string;
}

/** The names gateways use by default (and the client sends by default). */
export const DEFAULT_SIGNATURE_HEADERS: SignatureHeaderNames = { timestamp: 'x-timestamp', nonce: 'x-nonce', signature: 'x-signature' };

/** The defaults with `given` names (lower-cased) in their place. */
export function signatureHeaderNames(given: Partial<SignatureHeaderNames> = {}): SignatureHeaderNames {
  const out = { ...DEFAULT_SIGNATURE_HEADERS };
  for (const role of ['timestamp', 'nonce', 'signature'] as const) if (given[role]) out[role] = (given[role] as string).toLowerCase();
  return out;
}

/** A refused signature: the problem and the sentence a gateway answers with. */
export interface SignatureRefusal {
  problem: Exclude<SignatureProblem, undefined>;
  message: string;
}

/** Verifies signatures for one emulator, remembering nonces. */
export class SignatureChecker {
  private readonly seen = new Set<string>();

  constructor(
    private readonly secret: string,
    private readonly now: () => number,
    private readonly toleranceSeconds = 300,
    private readonly names: SignatureHeaderNames = DEFAULT_SIGNATURE_HEADERS,
  ) {}

  check(method: string, pathWithQuery: string, body: Buffer, headers: Record<string, string>): SignatureProblem {
    return this.refusal(method, pathWithQuery, body, headers)?.problem;
  }

  /** Undefined when the signature is valid, else the problem and the gateway's wording of it. */
  refusal(method: string, pathWithQuery: string, body: Buffer, headers: Record<string, string>): SignatureRefusal | undefined {
    const { names } = this;
    const timestamp = headers[names.timestamp];
    const nonce = headers[names.nonce];
    const signature = headers[names.signature];
    if (!timestamp || !nonce || !signature) {
      return { problem: 'missing', message: `Missing request signature: this gateway requires the ${names.timestamp}, ${names.nonce} and ${names.signature} headers` };
    }
    const skew = Math.round(Number(timestamp) - this.now() / 1000);
    if (!/^\d+$/.test(timestamp) || Math.abs(skew) > this.toleranceSeconds) {
      return { problem: 'stale', message: `Request signature expired: ${names.timestamp} is ${Math.abs(skew)} s ${skew < 0 ? 'behind' : 'ahead of'} the gateway's clock (allowed: ${this.toleranceSeconds} s)` };
    }
    const bodyHash = createHash('sha256').update(body).digest('hex');
    const canonical = `${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${bodyHash}`;
    const expected = createHmac('sha256', this.secret).update(canonical).digest();
    const given = /^[0-9a-f]{64}$/i.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { problem: 'mismatch', message: 'Request signature mismatch: the signature does not match the request' };
    }
    if (this.seen.has(nonce)) return { problem: 'replayed', message: `Request signature replayed: ${names.nonce} already used` };
    this.seen.add(nonce);
    return undefined;
  }

  clear(): void {
    this.seen.clear();
  }
}
