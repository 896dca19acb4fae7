/** Time source of the panel, injected so countdown tests do not sleep. */
export interface UiClock {
  now(): number;
  every(ms: number, cb: () => void): { dispose(): void };
}

/** The browser's clock. */
export const browserClock: UiClock = {
  now: () => Date.now(),
  every: (ms, cb) => {
    const h = window.setInterval(cb, ms);
    return { dispose: () => window.clearInterval(h) };
  },
};

/**
 * Calls `render(secondsLeft)` now and every second until disposed. The deadline is taken from
 * `delayMs` on arrival, in the panel's own clock, so a skew between host and page clocks does
 * not show as a wrong countdown.
 */
export class Countdown {
  private readonly deadline: number;
  private readonly timer: { dispose(): void };

  constructor(
    delayMs: number,
    private readonly clock: UiClock,
    private readonly render: (secondsLeft: number) => void,
  ) {
    this.deadline = clock.now() + delayMs;
    this.tick();
    this.timer = clock.every(250, () => this.tick());
  }

  private tick(): void {
    this.render(Math.max(0, Math.ceil((this.deadline - this.clock.now()) / 1000)));
  }

  dispose(): void {
    this.timer.dispose();
  }
}
