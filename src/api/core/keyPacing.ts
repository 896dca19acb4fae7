/** Pacing per key: waiting out an exhausted rate limit (or moving to a key with room) before an attempt, and reporting what a response said about the key. */
import type { ApiKey, KeyProvider } from '../keys';
import type { RateLimitSnapshot } from '../types';
import type { ResolvedConfig } from './config';
import type { ExecutorDeps } from './pipeline';
import type { HeaderGetter } from '../retry/backoff';
import { parseRetryAfter } from '../retry/backoff';
import { exhaustedUntil } from '../resilience/rateLimits';
import { AuthenticationError, PermissionDeniedError, RateLimitError } from '../errors';
import type { AnthropicError } from '../errors';

/**
 * Returns the key to send with once there is room: another key with room when the current one is
 * at 0, else the same key after `wait(delayMs, until)` for its reset.
 */
export async function waitForRoom(
  deps: ExecutorDeps,
  config: ResolvedConfig,
  key: ApiKey,
  tried: ReadonlySet<string>,
  wait: (delayMs: number, until: number) => Promise<void>,
): Promise<ApiKey> {
  const { clock } = deps;
  const until = exhaustedUntil(deps.rateLimitsFor(key.id), clock.now());
  if (until === undefined) return key;
  if (config.keys) {
    config.keys.report(key.id, { kind: 'rateLimited', resetAt: until });
    const other = await config.keys.current(new Set([...tried, key.id]));
    if (other && other.id !== key.id && exhaustedUntil(deps.rateLimitsFor(other.id), clock.now()) === undefined) return other;
  }
  // A skewed server clock must not park the call for long: the wait is capped like any retry wait.
  const delayMs = Math.min(until - clock.now(), config.maxRetryDelayMs);
  deps.metrics.countRateLimitWait();
  config.logger?.info(`rate limit at 0: waiting ${Math.round(delayMs)} ms for its reset before sending`);
  await wait(delayMs, clock.now() + delayMs);
  return key;
}

/** Tells the key provider what an error response means for the key. */
export function reportKeyOutcome(
  keys: KeyProvider,
  key: ApiKey,
  error: AnthropicError,
  snapshot: RateLimitSnapshot | undefined,
  get: HeaderGetter,
  now: number,
): void {
  if (error instanceof RateLimitError) {
    const hint = parseRetryAfter(get, now);
    const reset = exhaustedUntil(snapshot, now);
    keys.report(key.id, { kind: 'rateLimited', resetAt: reset ?? (hint !== undefined ? now + hint : undefined) });
  } else if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    const reason = (error.error as { error?: { message?: string } } | undefined)?.error?.message ?? error.message;
    keys.report(key.id, { kind: 'invalid', status: error instanceof AuthenticationError ? 401 : 403, reason });
  }
}
