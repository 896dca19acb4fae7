/** Measuring helpers: CPU time of one run, medians, a fixed-concurrency request loop. */
import { performance } from 'node:perf_hooks';

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Percentile (0..100) of a non-empty list, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Collects garbage between runs when node runs with --expose-gc, so one run's garbage is not billed to the next. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

/** CPU (user + system) and wall milliseconds of one async run. */
export async function cpuOf<T>(run: () => Promise<T>): Promise<{ cpuMs: number; wallMs: number; value: T }> {
  collectGarbage();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await run();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { cpuMs: (c.user + c.system) / 1000, wallMs, value };
}

/** Runs `total` calls with `concurrency` in flight; resolves with requests per second. */
export async function throughput(total: number, concurrency: number, call: () => Promise<void>): Promise<number> {
  let started = 0;
  const t0 = performance.now();
  const worker = async (): Promise<void> => {
    while (started < total) {
      started++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return total / ((performance.now() - t0) / 1000);
}
