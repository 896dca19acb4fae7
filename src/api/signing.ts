/**
 * Optional HMAC-SHA256 request signing for company gateways:
 * signature = hex(HMAC(secret, method \n path \n timestamp \n nonce \n hex(sha256(body)))).
 * The README ("Company networks") spells out the signed string for gateway teams.
 *
 * A signature alone proves who sent a request and that it was not altered, and the timestamp
 * bounds how long it stays acceptable; it does NOT stop a replay within that window. A verifier
 * that needs replay protection passes a {@link NonceStore} to {@link verifySignature}.
 */
import { createHash, createHmac, timingSafeEqual } from 'crypto';
import type { Clock } from '../base/clock';
import { systemClock } from '../base/clock';

/** Headers added to a signed request (with the default names). */
export interface SignatureHeaders {
  'x-timestamp': string;
  'x-nonce': string;
  'x-signature': string;
}

/** Names of the three signing headers, for gateways that expect others. */
export interface SigningHeaderNames {
  timestamp: string;
  nonce: string;
  signature: string;
}

/** The default names: `x-timestamp`, `x-nonce`, `x-signature`. */
export const DEFAULT_SIGNING_HEADERS: Readonly<SigningHeaderNames> = Object.freeze({
  timestamp: 'x-timestamp',
  nonce: 'x-nonce',
  signature: 'x-signature',
});

/** Names a signing header may never take: they carry the key, the wire format or transport framing. */
const RESERVED = new Set([
  'authorization', 'x-api-key', 'proxy-authorization', 'anthropic-version', 'anthropic-beta', 'content-type', 'accept',
  'host', 'content-length', 'transfer-encoding', 'connection', 'user-agent',
]);
const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/**
 * The names lower-cased and checked: each a valid header name, none reserved, all three distinct.
 * Throws a `TypeError` that says which name is wrong and why. Missing names take the defaults.
 */
export function resolveSigningHeaderNames(names: Partial<SigningHeaderNames> | undefined): SigningHeaderNames {
  const out = { ...DEFAULT_SIGNING_HEADERS };
  for (const role of ['timestamp', 'nonce', 'signature'] as const) {
    const given = names?.[role];
    if (given === undefined || given === '') continue;
    const lower = String(given).trim().toLowerCase();
    if (!TOKEN.test(lower)) throw new TypeError(`The signing ${role} header "${given}" is not a valid header name.`);
    if (RESERVED.has(lower)) throw new TypeError(`The signing ${role} header cannot be "${lower}": that header carries the key, the API version or the request framing.`);
    out[role] = lower;
  }
  if (new Set([out.timestamp, out.nonce, out.signature]).size !== 3) {
    throw new TypeError(`The three signing headers need distinct names (got ${out.timestamp}, ${out.nonce}, ${out.signature}).`);
  }
  return out;
}

/** Default seconds a timestamp may be away from the verifier's clock. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * An HMAC with an empty key is computable by anyone, so an empty secret would make every
 * signature forgeable: refuse it loudly instead of signing or verifying with it.
 */
function assertSecret(secret: unknown): asserts secret is string {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new TypeError('The signing secret must be a non-empty string (an empty secret makes every signature forgeable).');
  }
}

/** The exact string that is signed. */
export function canonicalString(method: string, path: string, timestamp: string, nonce: string, body: string | Buffer): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return `${method.toUpperCase()}\n${path}\n${timestamp}\n${nonce}\n${bodyHash}`;
}

/** Hex HMAC-SHA256 of the canonical string. Throws `TypeError` on an empty secret. */
export function computeSignature(secret: string, method: string, path: string, body: string | Buffer, timestamp: string, nonce: string): string {
  assertSecret(secret);
  return createHmac('sha256', secret).update(canonicalString(method, path, timestamp, nonce, body)).digest('hex');
}

/**
 * Signs one request; `timestamp` is epoch seconds, `nonce` random hex. Returns the three headers
 * under the default names, or under `names`. Throws `TypeError` on an empty secret.
 */
export function signRequest(secret: string, method: string, path: string, body: string | Buffer, timestamp: string, nonce: string): SignatureHeaders;
export function signRequest(
  secret: string, method: string, path: string, body: string | Buffer, timestamp: string, nonce: string, names: SigningHeaderNames,
): Record<string, string>;
export function signRequest(
  secret: string,
  method: string,
  path: string,
  body: string | Buffer,
  timestamp: string,
  nonce: string,
  names: SigningHeaderNames = DEFAULT_SIGNING_HEADERS,
): SignatureHeaders | Record<string, string> {
  const signature = computeSignature(secret, method, path, body, timestamp, nonce);
  return { [names.timestamp]: timestamp, [names.nonce]: nonce, [names.signature]: signature };
}

/** Options of {@link NonceStore}. */
export interface NonceStoreOptions {
  /** Must match the verifier's `toleranceSeconds` (default 300). */
  toleranceSeconds?: number;
  /** Most nonces held at once (default 100 000); when full of live ones, new requests are refused. */
  maxEntries?: number;
  clock?: Clock;
}

/**
 * Nonces of accepted requests, each kept only while its timestamp is still acceptable (until
 * timestamp + tolerance): after that the timestamp check alone refuses a replay, so memory stays
 * bounded by the request rate times the window, and by `maxEntries`. When the store is full of
 * nonces that are all still live it refuses new requests rather than forget one (forgetting
 * would reopen a replay); a gateway that hits this limit needs a larger store or a shorter
 * tolerance.
 */
export class NonceStore {
  private readonly expiries = new Map<string, number>();
  private readonly toleranceMs: number;
  private readonly maxEntries: number;
  private readonly clock: Clock;

  constructor(options: NonceStoreOptions = {}) {
    this.toleranceMs = (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS) * 1000;
    this.maxEntries = Math.max(1, options.maxEntries ?? 100_000);
    this.clock = options.clock ?? systemClock;
  }

  /** Nonces held now (expired ones count until the next prune). */
  get size(): number {
    return this.expiries.size;
  }

  /**
   * Records a nonce seen with `timestampSeconds`; false when it was already seen (a replay) or
   * when the store is full of live nonces.
   */
  remember(nonce: string, timestampSeconds: number): boolean {
    const now = this.clock.now();
    const seenUntil = this.expiries.get(nonce);
    if (seenUntil !== undefined && seenUntil > now) return false;
    if (this.expiries.size >= this.maxEntries) this.prune();
    if (this.expiries.size >= this.maxEntries) return false;
    // Never shorter than the window from now: a timestamp from the future stays acceptable longer.
    this.expiries.set(nonce, Math.max(timestampSeconds * 1000, now) + this.toleranceMs);
    return true;
  }

  /** Drops nonces whose timestamps can no longer pass the tolerance check. */
  prune(): void {
    const now = this.clock.now();
    for (const [nonce, until] of this.expiries) if (until <= now) this.expiries.delete(nonce);
  }
}

/** Options of {@link verifySignature}. */
export interface VerifyOptions {
  /** Seconds a timestamp may be away from `nowMs` (default 300). */
  toleranceSeconds?: number;
  nowMs?: number;
  /** Refuses a nonce seen before (replay protection); without it a replay within the tolerance passes. */
  nonces?: NonceStore;
  /** Header names the signer used (default `x-timestamp`, `x-nonce`, `x-signature`). */
  headerNames?: SigningHeaderNames;
}

/**
 * Checks a signed request in constant time (for gateways and the emulator). `path` is the request
 * path including the query string, as sent. Throws `TypeError` on an empty secret. Only a request
 * whose signature is valid is recorded in `options.nonces`, so forged requests cannot fill it.
 */
export function verifySignature(
  secret: string,
  method: string,
  path: string,
  body: string | Buffer,
  headers: { [name: string]: string | string[] | undefined },
  options: VerifyOptions = {},
): boolean {
  assertSecret(secret);
  const pick = (name: string): string | undefined => {
    const v = headers[name] ?? headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  };
  const names = options.headerNames ?? DEFAULT_SIGNING_HEADERS;
  const timestamp = pick(names.timestamp);
  const nonce = pick(names.nonce);
  const signature = pick(names.signature);
  if (!timestamp || !nonce || !signature || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = (options.nowMs ?? Date.now()) / 1000;
  if (!Number.isFinite(Number(timestamp)) || Math.abs(now - Number(timestamp)) > tolerance) return false;
  const expected = Buffer.from(computeSignature(secret, method, path, body, timestamp, nonce), 'hex');
  const given = Buffer.from(signature, 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  return options.nonces ? options.nonces.remember(nonce, Number(timestamp)) : true;
}
