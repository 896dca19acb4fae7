/** Wait computations: server hints first, else the SDK's exponential backoff with jitter. */

/** Header lookup that tolerates any header container. */
export type HeaderGetter = (name: string) => string | null | undefined;

/**
 * The server's wait hint in ms: `retry-after-ms`, else `retry-after` in seconds or as an HTTP date.
 * Undefined when absent, unparsable, or not a positive delay.
 */
export function parseRetryAfter(get: HeaderGetter, now: number): number | undefined {
  const msHeader = get('retry-after-ms');
  if (msHeader != null && msHeader.trim() !== '') {
    const ms = Number.parseFloat(msHeader);
    if (Number.isFinite(ms) && ms >= 0) return ms;
  }
  const header = get('retry-after');
  if (header == null || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number.parseFloat(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Exponential backoff constants (the official SDK's). */
export const BACKOFF = { initialMs: 500, maxMs: 8000, jitter: 0.25 } as const;

/**
 * Delay before retry number `retryIndex` (0 for the first retry): 0.5 s * 2^n capped at 8 s, minus
 * up to 25 % jitter so many clients do not retry in lockstep.
 */
export function backoffDelay(retryIndex: number, random: () => number): number {
  const base = Math.min(BACKOFF.initialMs * 2 ** retryIndex, BACKOFF.maxMs);
  return base * (1 - random() * BACKOFF.jitter);
}

/** Picks the wait: a usable server hint (capped at `maxDelayMs`), else backoff. */
export function retryDelay(
  hintMs: number | undefined,
  retryIndex: number,
  random: () => number,
  maxDelayMs: number,
): { delayMs: number; fromServer: boolean } {
  if (hintMs !== undefined && hintMs >= 0) return { delayMs: Math.min(hintMs, maxDelayMs), fromServer: true };
  return { delayMs: Math.min(backoffDelay(retryIndex, random), maxDelayMs), fromServer: false };
}
