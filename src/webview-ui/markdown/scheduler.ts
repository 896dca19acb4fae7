import type { FrameScheduler } from './types';

/** The production scheduler: one callback per animation frame. */
export function animationFrameScheduler(): FrameScheduler {
  return {
    request: (callback) => requestAnimationFrame(() => callback()),
    cancel: (handle) => cancelAnimationFrame(handle),
  };
}

/** A scheduler driven by hand: `runFrame()` runs what was requested since the last frame. */
export interface ManualScheduler extends FrameScheduler {
  /** Runs the pending callbacks; returns how many ran. */
  runFrame(): number;
  /** Callbacks waiting for the next frame. */
  readonly pending: number;
}

/** Creates a {@link ManualScheduler} (tests, benchmark). */
export function createManualScheduler(): ManualScheduler {
  let next = 1;
  const queue = new Map<number, () => void>();
  return {
    request(callback) {
      const handle = next++;
      queue.set(handle, callback);
      return handle;
    },
    cancel(handle) {
      queue.delete(handle);
    },
    runFrame() {
      const callbacks = [...queue.values()];
      queue.clear();
      for (const callback of callbacks) callback();
      return callbacks.length;
    },
    get pending() {
      return queue.size;
    },
  };
}
