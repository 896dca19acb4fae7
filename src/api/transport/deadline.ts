/**
 * Timeouts (connect/headers, stream idle) that expire when EITHER real time or the injected clock
 * says so. Waits (retry backoff, rate-limit pauses) are scheduled on the injected clock; a timeout
 * is not a wait, and scheduling it there would make a fake clock that fires timers at once (a
 * common "no sleeping" test double) abort every request. A light real-time poll that also reads
 * the injected clock keeps both kinds of fake clocks, and the real one, exact enough.
 */
import type { Clock } from '../../base/clock';

/** A running timeout. */
export interface Deadline {
  /** Starts the period again (a chunk arrived). */
  reset(): void;
  /** Stops watching. */
  clear(): void;
}

const none: Deadline = { reset: () => undefined, clear: () => undefined };

/**
 * Running deadlines share one interval per polling period (a few periods at most), so a request
 * adds to a set instead of creating and clearing a timer of its own, twice per call.
 */
const tickers = new Map<number, { timer: ReturnType<typeof setInterval>; live: Set<Watch> }>();

class Watch implements Deadline {
  private realStart = performance.now();
  private clockStart: number;

  constructor(
    private readonly clock: Clock,
    private readonly ms: number,
    private readonly period: number,
    private readonly onExpire: () => void,
  ) {
    this.clockStart = clock.now();
  }

  reset(): void {
    this.realStart = performance.now();
    this.clockStart = this.clock.now();
  }

  clear(): void {
    const ticker = tickers.get(this.period);
    if (!ticker?.live.delete(this) || ticker.live.size > 0) return;
    clearInterval(ticker.timer);
    tickers.delete(this.period);
  }

  /** Called by the shared interval. */
  check(now: number): void {
    if (now - this.realStart >= this.ms || this.clock.now() - this.clockStart >= this.ms) {
      this.clear();
      this.onExpire();
    }
  }
}

function watchOn(watch: Watch, period: number): void {
  let ticker = tickers.get(period);
  if (!ticker) {
    const live = new Set<Watch>();
    const timer = setInterval(() => {
      const now = performance.now();
      for (const w of [...live]) w.check(now);
    }, period);
    ticker = { timer, live };
    tickers.set(period, ticker);
  }
  ticker.live.add(watch);
}

/** Calls `onExpire` once, `ms` after the last reset (real or injected time). `ms <= 0`: never. */
export function startDeadline(clock: Clock, ms: number, onExpire: () => void): Deadline {
  if (!(ms > 0) || !Number.isFinite(ms)) return none;
  // Polled at a quarter of the timeout (5-250 ms), so it fires at most a quarter late.
  const period = Math.round(Math.max(5, Math.min(250, ms / 4)));
  const watch = new Watch(clock, ms, period, onExpire);
  watchOn(watch, period);
  return watch;
}
