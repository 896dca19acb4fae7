/** Exact percentiles over a sliding window of the latest samples, plus min, mean and max of all. */

/** A distribution in ms. */
export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Smallest value of all calls (0 before the first). */
  min: number;
  /** Mean of all calls (0 before the first). */
  mean: number;
}

/** Samples the percentiles are computed from (the latest ones). */
const WINDOW = 2048;

/** Values of one figure: a ring of the latest for percentiles, running totals for the rest. */
export class Samples {
  private readonly values: number[] = [];
  private next = 0;
  private total = 0;
  private sum = 0;
  private min = 0;
  private max = 0;

  add(v: number): void {
    if (this.values.length < WINDOW) this.values.push(v);
    else {
      this.values[this.next] = v;
      this.next = (this.next + 1) % WINDOW;
    }
    this.min = this.total === 0 || v < this.min ? v : this.min;
    this.max = this.total === 0 || v > this.max ? v : this.max;
    this.total++;
    this.sum += v;
  }

  /**
   * Nearest-rank percentiles of the window; `count` is the window's size (as it always was),
   * `min`, `mean` and `max` are over every value.
   */
  summary(): Percentiles {
    const sorted = [...this.values].sort((a, b) => a - b);
    const at = (q: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : 0);
    return {
      count: sorted.length,
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
      max: this.max,
      min: this.min,
      mean: this.total ? this.sum / this.total : 0,
    };
  }
}
