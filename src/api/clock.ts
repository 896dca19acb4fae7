import type { AbortLike } from './transport/lightSignal';

/** Injected time source: every wait and timeout goes through it so tests run exactly, without sleeping. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Waits `ms` on `clock`; rejects with `onAbort()` as soon as `signal` aborts. `wake` lets a caller
 * cut the wait short (stream.retryNow()).
 */
export function sleep(
  clock: Clock,
  ms: number,
  signal: AbortLike | undefined,
  onAbort: () => Error,
  wake?: { current?: () => void },
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(onAbort());
      return;
    }
    const done = (): void => {
      clock.clearTimeout(handle);
      signal?.removeEventListener('abort', aborted);
      if (wake) wake.current = undefined;
      resolve();
    };
    const aborted = (): void => {
      clock.clearTimeout(handle);
      if (wake) wake.current = undefined;
      reject(onAbort());
    };
    const handle = clock.setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', aborted, { once: true });
    if (wake) wake.current = done;
  });
}
