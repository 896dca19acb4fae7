/**
 * A latency histogram with fixed, log-spaced buckets: four per doubling from 1 ms, so a bucket is
 * about 19 % wide and any percentile read from it lies in the same bucket as the exact one. Fixed
 * bounds let minutes, days and windows be merged by adding counts, and keep a stored minute to a
 * few numbers: only the buckets that were hit are kept, as a flat sorted list of pairs.
 */

/** Buckets per doubling of the value. */
export const STEPS_PER_DOUBLING = 4;
/** Index of the last bucket: everything at or above 2^20 ms (about 17.5 minutes). */
export const LAST_BUCKET = 20 * STEPS_PER_DOUBLING + 1;

/** Counts of one figure (ms) over some time. `bins` is `[index, count, index, count, ...]` by index. */
export interface HistogramData {
  n: number;
  sum: number;
  /** Smallest and largest value seen; 0 while `n` is 0. */
  min: number;
  max: number;
  bins: number[];
}

/** An empty histogram. */
export function emptyHistogram(): HistogramData {
  return { n: 0, sum: 0, min: 0, max: 0, bins: [] };
}

/** Bucket of a value: 0 holds [0, 1) ms, bucket i holds [2^((i-1)/4), 2^(i/4)), the last the rest. */
export function bucketIndex(ms: number): number {
  if (!(ms >= 1)) return 0;
  const i = 1 + Math.floor(Math.log2(ms) * STEPS_PER_DOUBLING);
  return i > LAST_BUCKET ? LAST_BUCKET : i;
}

/** Lower and upper bound of a bucket (the last one is open: its upper bound is Infinity). */
export function bucketBounds(index: number): [number, number] {
  if (index <= 0) return [0, 1];
  const lo = 2 ** ((index - 1) / STEPS_PER_DOUBLING);
  return [lo, index >= LAST_BUCKET ? Infinity : 2 ** (index / STEPS_PER_DOUBLING)];
}

/** Adds `count` to bucket `index` of a sorted pair list. */
function addToBin(bins: number[], index: number, count: number): void {
  let i = 0;
  while (i < bins.length && bins[i] < index) i += 2;
  if (i < bins.length && bins[i] === index) bins[i + 1] += count;
  else bins.splice(i, 0, index, count);
}

/** Records one value (negative or non-finite values are ignored: a clock that went back). */
export function addValue(h: HistogramData, ms: number): void {
  if (!(ms >= 0) || ms === Infinity) return;
  h.min = h.n === 0 || ms < h.min ? ms : h.min;
  h.max = h.n === 0 || ms > h.max ? ms : h.max;
  h.n++;
  h.sum += ms;
  addToBin(h.bins, bucketIndex(ms), 1);
}

/** Adds `from` into `into`. */
export function mergeHistogram(into: HistogramData, from: HistogramData): void {
  if (from.n === 0) return;
  into.min = into.n === 0 ? from.min : Math.min(into.min, from.min);
  into.max = into.n === 0 ? from.max : Math.max(into.max, from.max);
  into.n += from.n;
  into.sum += from.sum;
  for (let i = 0; i < from.bins.length; i += 2) addToBin(into.bins, from.bins[i], from.bins[i + 1]);
}

/** A copy that shares nothing with `h`. */
export function cloneHistogram(h: HistogramData): HistogramData {
  return { n: h.n, sum: h.sum, min: h.min, max: h.max, bins: h.bins.slice() };
}

/**
 * The q-quantile (0 < q <= 1) by nearest rank, as `Metrics.snapshot()` computes it from samples:
 * the value of rank ceil(q × n). The histogram knows only that value's bucket, so the rank's place
 * among the bucket's counts is interpolated between its bounds, and the result is kept within the
 * observed min and max (one value, or all equal, come out exact). 0 when empty.
 */
export function percentile(h: HistogramData, q: number): number {
  if (h.n === 0) return 0;
  const rank = Math.min(h.n, Math.max(1, Math.ceil(q * h.n)));
  let before = 0;
  for (let i = 0; i < h.bins.length; i += 2) {
    const count = h.bins[i + 1];
    if (before + count >= rank) {
      const [lo, hiBound] = bucketBounds(h.bins[i]);
      const hi = hiBound === Infinity ? h.max : hiBound;
      const estimate = lo + ((hi - lo) * (rank - before)) / count;
      return Math.min(h.max, Math.max(h.min, estimate));
    }
    before += count;
  }
  return h.max;
}

/** The mean, or 0 when empty. */
export function mean(h: HistogramData): number {
  return h.n === 0 ? 0 : h.sum / h.n;
}
