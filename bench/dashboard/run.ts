/**
 * Metrics dashboard benchmark (issue 13): seven days of busy per-minute data (10,080 minutes), the
 * built page (dist/dashboard.js with uPlot) in Chromium, and live updates streaming in as the
 * host would post them. Measures each frame in the page: the message handler, uPlot's drawing
 * (it commits in a microtask) and a forced style + layout, and the host's cost of computing one
 * frame's data. Target: the longest live frame under 50 ms. Writes bench/results/dashboard.json.
 *
 *   npx webpack --mode production && node out/bench/dashboard/run.js [--quick]
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { MetricsSeries } from '../../src/api/metrics/series';
import { addCircuitEvent, bump, mergeRateLimitPoint, tallyOf } from '../../src/api/metrics/bucket';
import { addValue } from '../../src/api/metrics/histogram';
import { dashboardData } from '../../src/dashboard/dashboardData';
import type { DashboardData, DashboardRange } from '../../src/shared/dashboardProtocol';
import { launchChromium } from '../../test/browser/support/browser';
import { repoRoot } from '../../test/browser/support/bundle';
import { seededRandom } from '../../test/support/seededRandom';

const quick = process.argv.includes('--quick');
const LIVE_FRAMES = quick ? 40 : 120;
const MIN = 60_000;
const NOW = Date.parse('2026-11-30T12:00:00Z');
const BUDGET_MS = 50;

/** One busy minute: a few calls of two models, some failures, rate-limit readings. */
function fill(series: MetricsSeries, t: number, random: () => number): void {
  const b = series.at(t);
  const calls = 1 + Math.floor(random() * 8);
  for (let i = 0; i < calls; i++) {
    const ok = random() > 0.05;
    b.requests++;
    b.attempts++;
    if (ok) b.successes++;
    else {
      b.failures++;
      bump(b.failuresByType, random() > 0.5 ? 'overloaded_error' : 'rate_limit_error');
      bump(b.failuresByStatus, random() > 0.5 ? '529' : '429');
      b.retries++;
    }
    addValue(b.latency, 200 + random() * 8000);
    addValue(b.ttft, 150 + random() * 1500);
    const m = tallyOf(b.models, random() > 0.3 ? 'claude-sonnet-5-5' : 'claude-haiku-5-5');
    m.requests++;
    m.inputTokens += 2000;
    m.outputTokens += 400;
    m.cacheReadTokens += 1500;
    m.costUsd += 0.012;
    if (random() > 0.5) b.connections.reused++;
    else b.connections.created++;
  }
  mergeRateLimitPoint(b, 'requests', { limit: 50, remaining: Math.floor(random() * 50), resets: [t + 30_000] });
  mergeRateLimitPoint(b, 'tokens', { limit: 40_000, remaining: Math.floor(random() * 40_000), resets: [t + 30_000] });
  if (random() > 0.995) addCircuitEvent(b, { at: t + 1000, key: 'POST /v1/messages claude-sonnet-5-5', state: random() > 0.5 ? 'open' : 'closed' });
}

async function openPage(page: Page): Promise<void> {
  const css = ['dist/uPlot.min.css', 'media/dashboard.css'].map((f) => fs.readFileSync(path.join(repoRoot, f), 'utf8')).join('\n');
  await page.setContent(`<!DOCTYPE html><html><head><style>${css}</style></head><body class="vscode-dark"><main id="dashboard" class="dashboard"></main></body></html>`);
  await page.addScriptTag({ content: 'window.acquireVsCodeApi = () => ({ postMessage: () => undefined });' });
  await page.addScriptTag({ content: fs.readFileSync(path.join(repoRoot, 'dist', 'dashboard.js'), 'utf8') });
}

/** Posts one frame's data to the page and returns how long the page worked on it (ms). */
function frame(page: Page, data: DashboardData): Promise<number> {
  return page.evaluate(async (d) => {
    const start = performance.now();
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'dashboard/data', data: d } }));
    // uPlot commits in a microtask: let it run, then force style and layout.
    await Promise.resolve();
    await new Promise<void>((r) => queueMicrotask(r));
    void document.body.offsetHeight;
    const ms = performance.now() - start;
    return ms;
  }, data);
}

interface RangeResult {
  range: DashboardRange;
  firstFrameMs: number;
  longestLiveFrameMs: number;
  p50LiveFrameMs: number;
  hostComputeMs: { p50: number; max: number };
  points: number;
}

async function main(): Promise<void> {
  const dist = path.join(repoRoot, 'dist', 'dashboard.js');
  if (!fs.existsSync(dist)) throw new Error('dist/dashboard.js is missing: run `npx webpack --mode production` first');
  const random = seededRandom(13);
  const series = new MetricsSeries();
  for (let t = NOW - 7 * 24 * 60 * MIN + MIN; t <= NOW; t += MIN) fill(series, t, random);
  process.stderr.write(`${series.size} minutes of data\n`);
  const browser = await launchChromium();
  const results: RangeResult[] = [];
  try {
    for (const range of ['7d', '24h', '1h'] as const) {
      const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
      page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
      page.on('crash', () => process.stderr.write('page crashed\n'));
      await openPage(page);
      let now = NOW;
      const compute = (): { data: DashboardData; ms: number } => {
        const t0 = performance.now();
        const data = dashboardData(series.buckets(), { range, now, minutesStored: series.size, retentionMs: series.retentionMs });
        return { data, ms: performance.now() - t0 };
      };
      const first = compute();
      const firstFrameMs = await frame(page, first.data);
      const live: number[] = [];
      const host: number[] = [];
      for (let i = 0; i < LIVE_FRAMES; i++) {
        now += 500;
        fill(series, now, random);
        const c = compute();
        host.push(c.ms);
        try {
          live.push(await frame(page, c.data));
        } catch (e) {
          process.stderr.write(`frame ${i}: the page is ${page.isClosed() ? 'closed' : 'open'}\n`);
          throw e;
        }
      }
      live.sort((a, b) => a - b);
      host.sort((a, b) => a - b);
      results.push({
        range,
        firstFrameMs,
        longestLiveFrameMs: live[live.length - 1],
        p50LiveFrameMs: live[Math.floor(live.length / 2)],
        hostComputeMs: { p50: host[Math.floor(host.length / 2)], max: host[host.length - 1] },
        points: first.data.times.length,
      });
      await page.close();
    }
  } finally {
    await browser.close();
  }
  const lines = ['range  points  first frame  longest live frame  p50 live  host compute p50/max  target', ...results.map((r) =>
    `${r.range.padEnd(5)}  ${String(r.points).padEnd(6)}  ${r.firstFrameMs.toFixed(1).padStart(8)} ms  ${r.longestLiveFrameMs.toFixed(1).padStart(12)} ms  ${r.p50LiveFrameMs.toFixed(1).padStart(5)} ms  ${r.hostComputeMs.p50.toFixed(1)}/${r.hostComputeMs.max.toFixed(1)} ms  ${r.longestLiveFrameMs < BUDGET_MS ? 'PASS' : 'FAIL'} (< ${BUDGET_MS} ms)`)];
  process.stdout.write(`\nDashboard with ${series.size} stored minutes, ${LIVE_FRAMES} live frames per range\n${lines.join('\n')}\n`);
  const out = path.join(repoRoot, 'bench', 'results', 'dashboard.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ minutes: series.size, liveFrames: LIVE_FRAMES, results }, null, 2)}\n`);
  if (process.argv.includes('--strict') && results.some((r) => r.longestLiveFrameMs >= BUDGET_MS)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
