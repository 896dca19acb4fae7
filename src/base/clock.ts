/**
 * The one injected time source: every wait, timeout and timestamp goes through a `Clock`, so tests
 * run exactly, without sleeping (test/support/fakeClock.ts is the one manual clock).
 */
import type { Disposable } from './lifecycle';

/** A time source with timers. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A timer on `clock` as a disposable: disposing it before it fires cancels it. */
export function timeout(clock: Clock, fn: () => void, ms: number): Disposable {
  const handle = clock.setTimeout(fn, ms);
  return { dispose: () => clock.clearTimeout(handle) };
}

/** What {@link sleep} reads of an abort signal (a DOM/Node `AbortSignal` fits). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * Waits `ms` on `clock`; rejects with `onAbort()` as soon as `signal` aborts. `wake` lets a caller
 * cut the wait short (stream.retryNow()).
 */
export function sleep(
  clock: Clock,
  ms: number,
  signal: AbortSignalLike | undefined,
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
