/**
 * Timeouts (connect/headers, stream idle) that expire when EITHER real time or the injected clock
 * says so. Waits (retry backoff, rate-limit pauses) are scheduled on the injected clock; a timeout
 * is not a wait, and scheduling it there would make a fake clock that fires timers at once (a
 * common "no sleeping" test double) abort every request. A light real-time poll that also reads
 * the injected clock keeps both kinds of fake clocks, and the real one, exact enough.
 */
import type { Clock } from '../clock';

/** A running timeout. */
export interface Deadline {
  /** Starts the period again (a chunk arrived). */
  reset(): void;
  /** Stops watching. */
  clear(): void;
}

const none: Deadline = { reset: () => undefined, clear: () => undefined };

/** Calls `onExpire` once, `ms` after the last reset (real or injected time). `ms <= 0`: never. */
export function startDeadline(clock: Clock, ms: number, onExpire: () => void): Deadline {
  if (!(ms > 0) || !Number.isFinite(ms)) return none;
  let realStart = performance.now();
  let clockStart = clock.now();
  const period = Math.max(5, Math.min(250, ms / 4));
  const timer = setInterval(() => {
    if (performance.now() - realStart >= ms || clock.now() - clockStart >= ms) {
      clearInterval(timer);
      onExpire();
    }
  }, period);
  return {
    reset: () => {
      realStart = performance.now();
      clockStart = clock.now();
    },
    clear: () => clearInterval(timer),
  };
}
