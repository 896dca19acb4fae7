/**
 * The one manual clock of the tests: exact, sleep-free tests of waits, timeouts, throttles and
 * countdowns (client, history store, chat, status bar alike).
 */
import type { Clock } from '../../src/base/clock';

interface Timer {
  readonly id: number;
  readonly due: number;
  readonly fn: () => void;
}

/** A timer handle; `dispose()` cancels it, so it also serves where a timer is held as a disposable. */
export interface FakeTimer {
  readonly id: number;
  dispose(): void;
}

/**
 * Time moves only when the test says so, or, after {@link autoRun}, by itself: each timer then
 * fires on the next turn of the real event loop, with time jumping to its due moment. Many
 * concurrent calls with retry waits then run at full speed while every wait still moves time
 * (what a time-based circuit breaker window reads).
 */
export class FakeClock implements Clock {
  private time: number;
  private seq = 0;
  private timers: Timer[] = [];
  private auto = false;
  /** Every delay passed to setTimeout, in order. */
  readonly scheduled: number[] = [];

  constructor(start = Date.parse('2026-11-25T12:00:00Z')) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): FakeTimer {
    const timer = { id: ++this.seq, due: this.time + Math.max(0, ms), fn };
    this.scheduled.push(ms);
    this.timers.push(timer);
    if (this.auto) {
      setImmediate(() => {
        if (this.timers.includes(timer)) this.advance(Math.max(0, timer.due - this.time));
      });
    }
    return { id: timer.id, dispose: () => this.cancel(timer.id) };
  }

  /** From now on every timer fires by itself on the next event-loop turn (time jumps to its due moment). */
  autoRun(): this {
    this.auto = true;
    return this;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'object' && handle !== null && 'id' in handle) this.cancel((handle as FakeTimer).id);
  }

  /** Timers still pending. */
  get pending(): number {
    return this.timers.length;
  }

  /** Jumps to `time` without running timers (for lining up with another clock). */
  set(time: number): void {
    this.time = time;
  }

  /** Moves time forward, firing due timers (including ones they schedule) in order, each at its own time. */
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

  private cancel(id: number): void {
    this.timers = this.timers.filter((t) => t.id !== id);
  }
}

/** Resolves after pending I/O callbacks ran (real event-loop turn, no timers). */
export const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
