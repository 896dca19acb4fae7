/**
 * The dashboard page (src/dashboard-ui, bundled from source) in Chromium with a week of per-minute
 * data: live frames update each uPlot chart in place, new rate-limit resets included (a rebuilt plot
 * per frame was part of what made a week's frames take seconds); tables exist only while open; the
 * page saves its range for a window reload.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { MetricsSeries } from '../../src/api/metrics/series';
import { LiveDashboardData } from '../../src/dashboard/dashboardData';
import type { DashboardData } from '../../src/shared/dashboardProtocol';
import { recordCall } from '../support/metricsTraffic';
import { seededRandom } from '../support/seededRandom';
import { launchChromium } from './support/browser';
import { buildBundle, repoRoot } from './support/bundle';

const MIN = 60_000;
const NOW = Date.parse('2026-11-30T12:00:00Z');

interface StubWindow {
  __states: unknown[];
}

describe('dashboard page in Chromium', function () {
  this.timeout(180_000);
  let browser: Browser;
  let page: Page;
  const series = new MetricsSeries();
  const live = new LiveDashboardData();
  const random = seededRandom(21);
  let now = NOW;

  const post = (data: DashboardData): Promise<void> =>
    page.evaluate((d) => {
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'dashboard/data', data: d } }));
    }, data);

  before(async () => {
    for (let t = NOW - 7 * 24 * 60 * MIN + MIN; t <= NOW; t += MIN) recordCall(series, t, random);
    const code = await buildBundle('./src/dashboard-ui/dashboardMain.ts');
    const css = [require.resolve('uplot/dist/uPlot.min.css'), path.join(repoRoot, 'media', 'dashboard.css')].map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.setContent(`<!DOCTYPE html><html><head><style>${css}</style></head><body class="vscode-dark"><main id="dashboard"></main></body></html>`);
    await page.addScriptTag({ content: 'window.__states = []; window.acquireVsCodeApi = () => ({ postMessage: () => undefined, setState: (s) => window.__states.push(s) });' });
    await page.addScriptTag({ content: code });
  });

  after(async () => {
    await browser?.close();
  });

  it('live frames of a week update every plot in place, new reset marks included', async () => {
    const first = live.data(series, '7d', now);
    assert.ok(first.rateLimits[0].resets.length > 300, 'a week of resets to mark');
    await post(first);
    await page.evaluate(() => document.querySelectorAll('.chart-plot canvas').forEach((c, i) => c.setAttribute('data-born', String(i))));
    const before = await page.$$eval('.chart-plot canvas', (els) => els.length);
    for (let i = 0; i < 5; i++) {
      // Past a step boundary too: new steps, new resets.
      now += 7 * MIN;
      recordCall(series, now, random);
      await post(live.data(series, '7d', now));
    }
    const after = await page.$$eval('.chart-plot canvas', (els) => els.map((c) => [c.closest('[data-chart]')?.getAttribute('data-chart'), c.getAttribute('data-born')]));
    assert.strictEqual(after.length, before);
    assert.deepStrictEqual(after.filter(([, born]) => born === null).map(([chart]) => chart), [], 'plots rebuilt (a new canvas) by a live frame');
    const requests = await page.$eval('[data-figure="Requests"] .figure-value', (el) => Number(el.textContent));
    assert.strictEqual(requests, live.data(series, '7d', now).summary.requests, 'the page shows the last frame');
  });

  it('builds a table only while its disclosure is open', async () => {
    assert.strictEqual(await page.$$eval('.chart-table table', (els) => els.length), 0, 'no table before one is opened');
    await page.click('section[data-chart-section="rateLimits"] details summary');
    const rows = await page.$$eval('section[data-chart-section="rateLimits"] .chart-table tbody tr', (els) => els.length);
    assert.ok(rows > 300, `rows: ${rows}`);
    await page.click('section[data-chart-section="rateLimits"] details summary');
    // The toggle event comes as a task after the click.
    await page.waitForFunction(() => document.querySelectorAll('.chart-table table').length === 0, undefined, { timeout: 5000 });
  });

  it('saves the range it draws, for the tab to come back with it after a reload', async () => {
    await post(live.data(series, '1h', now));
    const states = await page.evaluate(() => (window as unknown as StubWindow).__states);
    assert.deepStrictEqual(states.at(-1), { range: '1h' });
    assert.deepStrictEqual(states[0], { range: '7d' });
  });
});
