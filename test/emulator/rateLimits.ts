import type { RateLimitBucketConfig, RateLimitConfig } from './types';

/** Bucket names as they appear in `anthropic-ratelimit-<name>-*` headers. */
export const bucketHeaderNames = {
  requests: 'requests',
  tokens: 'tokens',
  inputTokens: 'input-tokens',
  outputTokens: 'output-tokens',
} as const;

type BucketName = keyof typeof bucketHeaderNames;
const bucketNames = Object.keys(bucketHeaderNames) as BucketName[];

interface BucketState {
  limit: number;
  remaining: number;
  windowMs: number;
  resetAt: number;
}

/** Generous defaults: tests and benchmarks never hit them unless they ask to. */
const defaults: Record<BucketName, RateLimitBucketConfig> = {
  requests: { limit: 1_000_000, windowMs: 60_000 },
  tokens: { limit: 100_000_000, windowMs: 60_000 },
  inputTokens: { limit: 80_000_000, windowMs: 60_000 },
  outputTokens: { limit: 20_000_000, windowMs: 60_000 },
};

/** Token cost of one served request. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

/**
 * Rate-limit accounting that counts down as requests are served and refills when the
 * window ends, so `anthropic-ratelimit-*` headers move like the real ones.
 */
export class RateLimiter {
  private buckets = new Map<BucketName, BucketState>();
  private enforce = true;

  constructor(private readonly now: () => number, config: RateLimitConfig = {}) {
    this.configure(config);
  }

  /** Replace the configuration; missing buckets get the defaults. */
  configure(config: RateLimitConfig): void {
    this.enforce = config.enforce ?? true;
    const now = this.now();
    for (const name of bucketNames) {
      const c = { ...defaults[name], ...(config[name] ?? {}) };
      const windowMs = c.windowMs ?? 60_000;
      this.buckets.set(name, { limit: c.limit, remaining: c.remaining ?? c.limit, windowMs, resetAt: now + windowMs });
    }
  }

  private refill(): void {
    const now = this.now();
    for (const b of this.buckets.values()) {
      if (now >= b.resetAt) {
        b.remaining = b.limit;
        b.resetAt = now + b.windowMs;
      }
    }
  }

  /**
   * Whether a request may be served now; when not, the ms until the exhausted bucket
   * resets (for `retry-after`).
   */
  check(inputTokens: number): { ok: true } | { ok: false; retryAfterMs: number; bucket: string } {
    this.refill();
    if (!this.enforce) return { ok: true };
    const now = this.now();
    const need: Record<BucketName, number> = { requests: 1, tokens: inputTokens, inputTokens, outputTokens: 0 };
    for (const name of bucketNames) {
      const b = this.get(name);
      if (b.remaining <= 0 || b.remaining < need[name]) {
        return { ok: false, retryAfterMs: Math.max(0, b.resetAt - now), bucket: bucketHeaderNames[name] };
      }
    }
    return { ok: true };
  }

  /** Count a served request. */
  consume(usage: Usage): void {
    this.refill();
    const take = (name: BucketName, n: number): void => {
      const b = this.get(name);
      b.remaining = Math.max(0, b.remaining - n);
    };
    take('requests', 1);
    take('tokens', usage.inputTokens + usage.outputTokens);
    take('inputTokens', usage.inputTokens);
    take('outputTokens', usage.outputTokens);
  }

  /** Current `anthropic-ratelimit-*` headers (reset as RFC 3339). */
  headers(): Record<string, string> {
    this.refill();
    const out: Record<string, string> = {};
    for (const name of bucketNames) {
      const b = this.get(name);
      const h = `anthropic-ratelimit-${bucketHeaderNames[name]}`;
      out[`${h}-limit`] = String(b.limit);
      out[`${h}-remaining`] = String(b.remaining);
      out[`${h}-reset`] = rfc3339(b.resetAt);
    }
    return out;
  }

  private get(name: BucketName): BucketState {
    const b = this.buckets.get(name);
    if (!b) throw new Error(`unknown bucket ${name}`);
    return b;
  }
}

/** RFC 3339 without milliseconds, as the API sends it (e.g. 2026-11-25T16:00:00Z). */
export function rfc3339(ms: number): string {
  return new Date(Math.ceil(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
