// A manual clock for countdown tests: time moves only when the test says so, timers fire in order.
import type { Clock } from '../../../src/api/clock';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/** Implements the library's Clock; `advance(ms)` runs every timer that falls due, in time order. */
export class FakeClock implements Clock {
  private timers: Timer[] = [];
  private seq = 0;

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { id: ++this.seq, at: this.current + Math.max(0, ms), fn };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Jumps to `time` without running timers (for lining up with another clock). */
  set(time: number): void {
    this.current = time;
  }

  /** Moves time forward, firing due timers (including ones they schedule) at their own times. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = next.at;
      next.fn();
    }
    this.current = end;
  }

  /** Timers still waiting. */
  get pending(): number {
    return this.timers.length;
  }
}
