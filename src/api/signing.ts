/**
 * Optional HMAC-SHA256 request signing for company gateways:
 * signature = hex(HMAC(secret, method \n path \n timestamp \n nonce \n hex(sha256(body)))).
 */
import { createHash, createHmac, timingSafeEqual } from 'crypto';

/** Headers added to a signed request. */
export interface SignatureHeaders {
  'x-timestamp': string;
  'x-nonce': string;
  'x-signature': string;
}

/** The exact string that is signed. */
export function canonicalString(method: string, path: string, timestamp: string, nonce: string, body: string | Buffer): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return `${method.toUpperCase()}\n${path}\n${timestamp}\n${nonce}\n${bodyHash}`;
}

/** Signs one request; `timestamp` is epoch seconds, `nonce` random hex. */
export function signRequest(
  secret: string,
  method: string,
  path: string,
  body: string | Buffer,
  timestamp: string,
  nonce: string,
): SignatureHeaders {
  const signature = createHmac('sha256', secret).update(canonicalString(method, path, timestamp, nonce, body)).digest('hex');
  return { 'x-timestamp': timestamp, 'x-nonce': nonce, 'x-signature': signature };
}

/** Options of {@link verifySignature}. */
export interface VerifyOptions {
  /** Seconds a timestamp may be away from `nowMs` (default 300). */
  toleranceSeconds?: number;
  nowMs?: number;
}

/**
 * Checks a signed request in constant time (for gateways and the emulator). `path` is the request
 * path including the query string, as sent.
 */
export function verifySignature(
  secret: string,
  method: string,
  path: string,
  body: string | Buffer,
  headers: { [name: string]: string | string[] | undefined },
  options: VerifyOptions = {},
): boolean {
  const pick = (name: string): string | undefined => {
    const v = headers[name] ?? headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  };
  const timestamp = pick('x-timestamp');
  const nonce = pick('x-nonce');
  const signature = pick('x-signature');
  if (!timestamp || !nonce || !signature || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const tolerance = options.toleranceSeconds ?? 300;
  const now = (options.nowMs ?? Date.now()) / 1000;
  if (!Number.isFinite(Number(timestamp)) || Math.abs(now - Number(timestamp)) > tolerance) return false;
  const expected = Buffer.from(signRequest(secret, method, path, body, timestamp, nonce)['x-signature'], 'hex');
  const given = Buffer.from(signature, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
