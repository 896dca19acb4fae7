/**
 * Calls and failures of the last `windowMs`, kept in ten buckets of `windowMs / 10` (the way
 * Resilience4j's time-based window and Polly's rolling health metrics do it): constant memory
 * and work per call, and the oldest tenth drops out as a whole.
 */

const BUCKETS = 10;

interface Bucket {
  /** floor(time / bucketMs) of the calls it holds. */
  epoch: number;
  calls: number;
  failures: number;
}

/** Totals over the window. */
export interface WindowTotals {
  calls: number;
  failures: number;
}

/** A sliding time window of call outcomes. */
export class FailureWindow {
  private readonly buckets: Bucket[] = Array.from({ length: BUCKETS }, () => ({ epoch: -Infinity, calls: 0, failures: 0 }));
  private bucketMs: number;

  constructor(windowMs: number) {
    this.bucketMs = Math.max(1, windowMs / BUCKETS);
  }

  /** Changes the window length; outcomes recorded so far are forgotten (their buckets no longer line up). */
  resize(windowMs: number): void {
    const bucketMs = Math.max(1, windowMs / BUCKETS);
    if (bucketMs === this.bucketMs) return;
    this.bucketMs = bucketMs;
    this.clear();
  }

  /** Adds one call's outcome at `now`. */
  add(now: number, failed: boolean): void {
    const epoch = Math.floor(now / this.bucketMs);
    const bucket = this.buckets[((epoch % BUCKETS) + BUCKETS) % BUCKETS];
    if (bucket.epoch !== epoch) {
      bucket.epoch = epoch;
      bucket.calls = 0;
      bucket.failures = 0;
    }
    bucket.calls++;
    if (failed) bucket.failures++;
  }

  /** Calls and failures recorded in the window that ends at `now`. */
  totals(now: number): WindowTotals {
    const epoch = Math.floor(now / this.bucketMs);
    let calls = 0;
    let failures = 0;
    for (const b of this.buckets) {
      if (b.epoch > epoch - BUCKETS && b.epoch <= epoch) {
        calls += b.calls;
        failures += b.failures;
      }
    }
    return { calls, failures };
  }

  /** Forgets every outcome. */
  clear(): void {
    for (const b of this.buckets) {
      b.epoch = -Infinity;
      b.calls = 0;
      b.failures = 0;
    }
  }
}
