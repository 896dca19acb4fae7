/** Fixed-bucket histograms: percentiles against a reference computed from the sorted samples. */
import * as assert from 'node:assert/strict';
import { LAST_BUCKET, addValue, bucketBounds, bucketIndex, emptyHistogram, mean, mergeHistogram, percentile } from '../../../../src/api/metrics/histogram';
import type { HistogramData } from '../../../../src/api/metrics/histogram';
import { seededRandom } from '../../../support/seededRandom';

/** Nearest-rank percentile of the samples themselves: what `snapshot()` reports from its window. */
function reference(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function histogramOf(values: readonly number[]): HistogramData {
  const h = emptyHistogram();
  for (const v of values) addValue(h, v);
  return h;
}

/** Log-normal latencies around `medianMs`, like real call times (a long right tail). */
function latencies(random: () => number, count: number, medianMs: number): number[] {
  return Array.from({ length: count }, () => {
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.round(medianMs * Math.exp(normal * 0.9));
  });
}

describe('api metrics: histogram', () => {
  it('buckets are contiguous, four per doubling, and every value lands inside its bucket', () => {
    for (let i = 1; i < LAST_BUCKET; i++) {
      assert.equal(bucketBounds(i)[1], bucketBounds(i + 1)[0]);
      assert.ok(Math.abs(bucketBounds(i)[1] / bucketBounds(i)[0] - 2 ** 0.25) < 1e-12);
    }
    const random = seededRandom(7);
    for (let k = 0; k < 5000; k++) {
      const v = random() * 10 ** (random() * 7);
      const [lo, hi] = bucketBounds(bucketIndex(v));
      assert.ok(v >= lo * (1 - 1e-12) && v < hi * (1 + 1e-12), `${v} in [${lo}, ${hi})`);
    }
    assert.equal(bucketIndex(0), 0);
    assert.equal(bucketIndex(0.5), 0);
    assert.equal(bucketIndex(3_600_000), LAST_BUCKET);
  });

  it('p50, p95 and p99 fall in the bucket of the exact nearest-rank value (within 19 %), over seeded samples', () => {
    const random = seededRandom(1301);
    let checked = 0;
    for (const size of [1, 2, 3, 10, 99, 100, 101, 1000, 20_000]) {
      for (const median of [0.4, 30, 800, 12_000]) {
        const values = latencies(random, size, median);
        const h = histogramOf(values);
        for (const q of [0.5, 0.95, 0.99]) {
          const exact = reference(values, q);
          const estimate = percentile(h, q);
          const [lo, hi] = bucketBounds(bucketIndex(exact));
          assert.ok(estimate >= Math.min(lo, exact) && estimate <= Math.min(hi, h.max), `size ${size}, median ${median}, q ${q}: ${estimate} vs exact ${exact} in [${lo}, ${hi})`);
          if (exact >= 1) assert.ok(Math.abs(estimate - exact) <= exact * (2 ** 0.25 - 1) + 1e-9, `relative error of ${estimate} vs ${exact}`);
          checked++;
        }
      }
    }
    assert.equal(checked, 9 * 4 * 3);
  });

  it('a single value, or all values equal, come out exact; min, mean and max are exact', () => {
    const one = histogramOf([417]);
    assert.deepEqual([percentile(one, 0.5), percentile(one, 0.99)], [417, 417]);
    const same = histogramOf([250, 250, 250, 250]);
    assert.equal(percentile(same, 0.95), 250);
    const h = histogramOf([5, 10, 15, 2000]);
    assert.deepEqual([h.min, mean(h), h.max, h.n], [5, 507.5, 2000, 4]);
    assert.equal(percentile(emptyHistogram(), 0.5), 0);
  });

  it('merging histograms equals the histogram of all values; bad values are ignored', () => {
    const random = seededRandom(3);
    const a = latencies(random, 500, 40);
    const b = latencies(random, 700, 900);
    const merged = histogramOf(a);
    mergeHistogram(merged, histogramOf(b));
    assert.deepEqual(merged, histogramOf([...a, ...b]));
    const h = histogramOf([NaN, -3, Infinity, 12]);
    assert.equal(h.n, 1);
  });
});
