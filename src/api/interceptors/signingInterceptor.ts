/**
 * Request signing as an interceptor: the last one to run, so it signs the request exactly as it
 * leaves (after every other interceptor changed headers; the body is read-only to all of them).
 */
import { randomBytes } from 'crypto';
import type { Interceptor } from './types';
import type { SigningHeaderNames } from '../signing';
import { signRequest } from '../signing';

/** Name the signing interceptor goes by in errors. */
export const SIGNING_INTERCEPTOR_NAME = 'request-signing';

/**
 * Adds the timestamp (epoch seconds of `now()`), a fresh nonce and the signature under `names`.
 * The nonce comes from the CSPRNG even when tests inject `random`: it must never repeat.
 */
export function signingInterceptor(secret: string, names: SigningHeaderNames, now: () => number): Interceptor {
  return {
    name: SIGNING_INTERCEPTOR_NAME,
    onRequest(ctx) {
      const timestamp = String(Math.floor(now() / 1000));
      const nonce = randomBytes(16).toString('hex');
      const signed = signRequest(secret, ctx.method, ctx.path, ctx.body ?? '', timestamp, nonce, names);
      for (const name of Object.keys(signed)) ctx.headers.set(name, signed[name]);
    },
  };
}
