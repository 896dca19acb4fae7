import type { HistoryClock } from '../../../src/state/history/clock';

interface Timer {
  readonly id: number;
  readonly due: number;
  readonly callback: () => void;
}

/** A manual clock: time moves only through advance(), which fires due timers in order. */
export class FakeClock implements HistoryClock {
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(public current: number) {}

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, due: this.current + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Number of timers waiting. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, at its due time. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const next = [...this.timers].sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next || next.due > end) {
        break;
      }
      this.timers = this.timers.filter((t) => t !== next);
      this.current = next.due;
      next.callback();
    }
    this.current = end;
  }
}
