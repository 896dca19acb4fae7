/**
 * Metrics dashboard benchmark (issue 13): seven days of busy per-minute data (10,080 minutes), the
 * built page (dist/dashboard.js with uPlot) in Chromium, and live updates streaming in as the
 * host would post them. Measures each frame in the page: the message handler, uPlot's drawing
 * (it commits in a microtask) and a forced style + layout, and the host's cost of computing one
 * frame's data (as the panel does: only the steps whose minutes changed are merged again). Target:
 * the longest live frame under 50 ms. The baseline, measured in the same run and page setup, is the
 * same range with one hour of stored minutes; ratios say what a full week costs over it. The page's
 * JS heap after the frames (after a GC) is printed: it must not grow with the frames.
 * Writes bench/results/dashboard.json.
 *
 *   npx webpack --mode production && npm run bench -- --only dashboard [--quick] [--strict]
 */
import * as fs from 'fs';
import * as path from 'path';
import * as os from 'os';
import type { Browser, Page } from 'playwright-core';
import { MetricsSeries } from '../../src/api/metrics/series';
import { mergeRateLimitPoint } from '../../src/api/metrics/bucket';
import { LiveDashboardData } from '../../src/dashboard/dashboardData';
import type { DashboardData, DashboardRange } from '../../src/shared/dashboardProtocol';
import { launchChromium } from '../../test/browser/support/browser';
import { repoRoot } from '../../test/browser/support/bundle';
import { recordCall } from '../../test/support/metricsTraffic';
import { seededRandom } from '../../test/support/seededRandom';

const quick = process.argv.includes('--quick');
const LIVE_FRAMES = quick ? 40 : 120;
const MIN = 60_000;
const NOW = Date.parse('2026-11-30T12:00:00Z');
const BUDGET_MS = 50;
const WEEK_MINUTES = 7 * 24 * 60;

/** One busy minute: a few calls of two models, some failures, rate-limit readings, a rare circuit transition. */
function fill(series: MetricsSeries, t: number, random: () => number): void {
  const calls = 1 + Math.floor(random() * 8);
  for (let i = 0; i < calls; i++) recordCall(series, t, random, { failureRate: 0.05, circuitChance: 0.001 });
  mergeRateLimitPoint(series.at(t), 'tokens', { limit: 40_000, remaining: Math.floor(random() * 40_000), resets: [t + 30_000] });
}

async function openPage(page: Page): Promise<void> {
  const css = ['dist/uPlot.min.css', 'media/dashboard.css'].map((f) => fs.readFileSync(path.join(repoRoot, f), 'utf8')).join('\n');
  await page.setContent(`<!DOCTYPE html><html><head><style>${css}</style></head><body class="vscode-dark"><main id="dashboard" class="dashboard"></main></body></html>`);
  await page.addScriptTag({ content: 'window.acquireVsCodeApi = () => ({ postMessage: () => undefined, setState: () => undefined });' });
  await page.addScriptTag({ content: fs.readFileSync(path.join(repoRoot, 'dist', 'dashboard.js'), 'utf8') });
}

/** Posts one frame's data to the page and returns how long the page worked on it (wall ms). */
function frame(page: Page, data: DashboardData): Promise<number> {
  return page.evaluate(async (d) => {
    const start = performance.now();
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'dashboard/data', data: d } }));
    // uPlot commits in a microtask: let it run, then force style and layout.
    await Promise.resolve();
    await new Promise<void>((r) => queueMicrotask(r));
    void document.body.offsetHeight;
    return performance.now() - start;
  }, data);
}

/** What one page measured over its live frames. */
interface Run {
  firstFrameMs: number;
  longestLiveFrameMs: number;
  p50LiveFrameMs: number;
  p95LiveFrameMs: number;
  hostComputeMs: { p50: number; max: number };
  /** JSON size of one frame's data (what postMessage carries). */
  frameBytes: number;
  /** The page's JS heap after the live frames and a GC. */
  heapMB: number;
  points: number;
  /** Every live frame (ms), in order: a spike's place tells a rebuild from a GC. */
  frames: number[];
}

interface RangeResult extends Run {
  range: DashboardRange;
  baseline: Run;
}

const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);

async function heapMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / 1e6;
}

/** Opens a page, draws `range` of `series` once, then LIVE_FRAMES live frames with a new reading each. */
async function measure(browser: Browser, series: MetricsSeries, range: DashboardRange, random: () => number): Promise<Run> {
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
  page.on('crash', () => process.stderr.write('page crashed\n'));
  try {
    await openPage(page);
    const live = new LiveDashboardData();
    let now = NOW;
    const compute = (): { data: DashboardData; ms: number } => {
      const t0 = performance.now();
      const data = live.data(series, range, now);
      return { data, ms: performance.now() - t0 };
    };
    const first = compute();
    const firstFrameMs = await frame(page, first.data);
    const frames: number[] = [];
    const host: number[] = [];
    let frameBytes = 0;
    for (let i = 0; i < LIVE_FRAMES; i++) {
      now += 500;
      fill(series, now, random);
      const c = compute();
      host.push(c.ms);
      frameBytes = Math.max(frameBytes, JSON.stringify(c.data).length);
      try {
        frames.push(await frame(page, c.data));
      } catch (e) {
        process.stderr.write(`frame ${i}: the page is ${page.isClosed() ? 'closed' : 'open'}\n`);
        throw e;
      }
    }
    const f = sorted(frames);
    const hs = sorted(host);
    return {
      firstFrameMs,
      longestLiveFrameMs: f[f.length - 1],
      p50LiveFrameMs: f[Math.floor(f.length / 2)],
      p95LiveFrameMs: f[Math.floor(f.length * 0.95)],
      hostComputeMs: { p50: hs[Math.floor(hs.length / 2)], max: hs[hs.length - 1] },
      frameBytes,
      heapMB: await heapMB(page),
      points: first.data.times.length,
      frames: frames.map((ms) => Math.round(ms * 10) / 10),
    };
  } finally {
    await page.close();
  }
}

function seriesOf(minutes: number, random: () => number): MetricsSeries {
  const series = new MetricsSeries();
  for (let t = NOW - (minutes - 1) * MIN; t <= NOW; t += MIN) fill(series, t, random);
  return series;
}

async function main(): Promise<void> {
  const dist = path.join(repoRoot, 'dist', 'dashboard.js');
  if (!fs.existsSync(dist)) throw new Error('dist/dashboard.js is missing: run `npx webpack --mode production` first');
  const random = seededRandom(13);
  const browser = await launchChromium();
  const results: RangeResult[] = [];
  let minutes = 0;
  try {
    for (const range of ['7d', '24h', '1h'] as const) {
      // A fresh week per range: each range streams its own live minutes on top of the same week.
      const week = seriesOf(WEEK_MINUTES, seededRandom(13));
      minutes = week.size;
      const baseline = await measure(browser, seriesOf(60, seededRandom(14)), range, random);
      const run = await measure(browser, week, range, random);
      results.push({ range, ...run, baseline });
    }
  } finally {
    await browser.close();
  }
  const pass = results.every((r) => r.longestLiveFrameMs < BUDGET_MS);
  const head = 'range  points  first frame  longest live  p95 live  p50 live  vs 60 stored minutes (p50 / longest)  host p50/max   frame data  page heap  target';
  const lines = results.map((r) => [
    r.range.padEnd(5),
    String(r.points).padEnd(6),
    `${r.firstFrameMs.toFixed(1).padStart(8)} ms`,
    `${r.longestLiveFrameMs.toFixed(1).padStart(9)} ms`,
    `${r.p95LiveFrameMs.toFixed(1).padStart(6)} ms`,
    `${r.p50LiveFrameMs.toFixed(1).padStart(5)} ms`,
    `${(r.p50LiveFrameMs / r.baseline.p50LiveFrameMs).toFixed(2).padStart(10)}x / ${(r.longestLiveFrameMs / r.baseline.longestLiveFrameMs).toFixed(2)}x`.padEnd(37),
    `${r.hostComputeMs.p50.toFixed(1)}/${r.hostComputeMs.max.toFixed(1)} ms`.padEnd(13),
    `${(r.frameBytes / 1024).toFixed(0).padStart(6)} KB`,
    `${r.heapMB.toFixed(1).padStart(6)} MB`,
    `${r.longestLiveFrameMs < BUDGET_MS ? 'PASS' : 'FAIL'} (< ${BUDGET_MS} ms)`,
  ].join('  '));
  const load = os.loadavg()[0].toFixed(1);
  const verdict = pass
    ? `PASS: the longest live frame is within ${BUDGET_MS} ms in every range`
    : `FAIL: a live frame took ${BUDGET_MS} ms or more (wall time; load average ${load} on ${os.cpus().length} cores)${Number(load) > os.cpus().length ? '; the machine was busy: compare with a run on a quiet one' : ''}`;
  process.stdout.write(`\nDashboard with ${minutes} stored minutes, ${LIVE_FRAMES} live frames per range (baseline: the same range with 60 stored minutes)\n${head}\n${lines.join('\n')}\n${verdict}\n`);
  const out = path.join(repoRoot, 'bench', 'results', 'dashboard.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ minutes, liveFrames: LIVE_FRAMES, budgetMs: BUDGET_MS, pass, loadAverage: os.loadavg()[0], results }, null, 2)}\n`);
  if (process.argv.includes('--strict') && !pass) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
