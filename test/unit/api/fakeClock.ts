/** A manual clock for exact, sleep-free tests of waits and timeouts (client and history store alike). */
import type { Clock } from '../../../src/api/clock';

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

/** Time moves only when the test says so. */
export class FakeClock implements Clock {
  private time: number;
  private seq = 0;
  private timers: Timer[] = [];
  /** Every delay passed to setTimeout, in order. */
  readonly scheduled: number[] = [];

  constructor(start = Date.parse('2026-11-25T12:00:00Z')) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { id: ++this.seq, due: this.time + Math.max(0, ms), fn };
    this.scheduled.push(ms);
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Timers still pending. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.due <= target).sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = Math.max(this.time, next.due);
      next.fn();
    }
    this.time = target;
  }
}

/** Resolves after pending I/O callbacks ran (real event-loop turn, no timers). */
export const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
