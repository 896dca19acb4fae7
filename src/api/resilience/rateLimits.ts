/** Parses `anthropic-ratelimit-*` headers and decides whether to wait before sending. */
import type { RateLimitBucket, RateLimitSnapshot } from '../types';
import type { HeaderGetter } from '../retry/backoff';
import { parseRetryAfter } from '../retry/backoff';

const BUCKETS = [
  ['requests', 'requests'],
  ['tokens', 'tokens'],
  ['inputTokens', 'input-tokens'],
  ['outputTokens', 'output-tokens'],
] as const;

/** Header names of one bucket, built once: this runs on every response. */
interface BucketNames {
  limit: string;
  remaining: string;
  reset: string;
}
const NAMES: readonly BucketNames[] = BUCKETS.map(([, name]) => ({
  limit: `anthropic-ratelimit-${name}-limit`,
  remaining: `anthropic-ratelimit-${name}-remaining`,
  reset: `anthropic-ratelimit-${name}-reset`,
}));

function parseBucket(get: HeaderGetter, names: BucketNames): RateLimitBucket | undefined {
  const limit = toNumber(get(names.limit));
  const remaining = toNumber(get(names.remaining));
  const reset = get(names.reset) ?? undefined;
  if (limit === undefined && remaining === undefined && reset === undefined) return undefined;
  const resetAt = reset === undefined ? undefined : Date.parse(reset);
  return { limit, remaining, reset, resetAt: resetAt === undefined || Number.isNaN(resetAt) ? undefined : resetAt };
}

function toNumber(value: string | null | undefined): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Snapshot of the rate-limit headers of one response, or undefined when it has none. */
export function parseRateLimits(get: HeaderGetter, now: number): RateLimitSnapshot | undefined {
  const snapshot: RateLimitSnapshot = { receivedAt: now };
  let found = false;
  for (let i = 0; i < BUCKETS.length; i++) {
    const field = BUCKETS[i][0];
    const bucket = parseBucket(get, NAMES[i]);
    if (bucket) {
      snapshot[field] = bucket;
      found = true;
    }
  }
  const retryAfterMs = parseRetryAfter(get, now);
  if (retryAfterMs !== undefined) {
    snapshot.retryAfterMs = retryAfterMs;
    found = true;
  }
  if (!found) return undefined;
  const requestId = get('request-id');
  if (requestId) snapshot.requestId = requestId;
  return snapshot;
}

/**
 * Epoch ms until which sending would only earn a 429: the latest reset among buckets at 0 remaining
 * whose reset is still ahead. Undefined when there is room.
 */
export function exhaustedUntil(snapshot: RateLimitSnapshot | undefined, now: number): number | undefined {
  if (!snapshot) return undefined;
  let until: number | undefined;
  for (const [field] of BUCKETS) {
    const b = snapshot[field];
    if (b && b.remaining === 0 && b.resetAt !== undefined && b.resetAt > now) {
      until = Math.max(until ?? 0, b.resetAt);
    }
  }
  return until;
}
