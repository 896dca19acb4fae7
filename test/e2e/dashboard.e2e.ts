// End to end: Claude: Show API Metrics in a real code-server workbench after real traffic to the
// emulator. Every chart is drawn (a uPlot canvas and a table) in the dark, light and both
// high-contrast themes, with no CSP violation; the open tab comes back after a window reload with its
// range. Screenshots go to .artifacts/screenshots, and with CLAUDE_CHAT_UPDATE_SCREENSHOTS=1 to the
// README's media/screenshots too.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame } from 'playwright-core';
import { ARTIFACTS_DIR, REPO_ROOT, answerQuickInput, startWorkbench, statusBarItem } from './harness';
import type { Workbench } from './harness';
import { attemptsIn, installCspRecorder } from '../support/cspReports';
import type { CspReport } from '../support/cspReports';

const CHARTS = ['latencyOverTime', 'ttftOverTime', 'latencyHistogram', 'ttftHistogram', 'traffic', 'rateLimits', 'circuit', 'reuse', 'tokens'];
/** Charts the traffic below fills (no circuit opens in it: that chart shows its empty state). */
const FILLED = CHARTS.filter((c) => c !== 'circuit');

function rateLimitHeaders(remaining: number): Record<string, string> {
  const reset = new Date(Date.now() + 40_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const h: Record<string, string> = {};
  for (const [bucket, limit] of [['requests', 50], ['tokens', 40000]] as const) {
    h[`anthropic-ratelimit-${bucket}-limit`] = String(limit);
    h[`anthropic-ratelimit-${bucket}-remaining`] = String(Math.round((limit * remaining) / 50));
    h[`anthropic-ratelimit-${bucket}-reset`] = reset;
  }
  return h;
}

describe('e2e: metrics dashboard', function () {
  let wb: Workbench;

  /** The dashboard's document (inside the webview's two iframes). */
  async function dashboardFrame(): Promise<Frame> {
    for (let i = 0; i < 300; i++) {
      for (const f of wb.page.frames()) {
        if (await f.$('main#dashboard').catch(() => null)) return f;
      }
      await wb.page.waitForTimeout(100);
    }
    throw new Error('dashboard frame not found');
  }

  async function openDashboard(): Promise<Frame> {
    // After a reload VS Code restores an open dashboard tab; its page takes the focus when it loads,
    // which would close a command palette opened meanwhile: let it load first.
    if (await wb.page.locator('.tabs-container .tab', { hasText: 'Claude API Metrics' }).count()) {
      const restored = await dashboardFrame();
      await restored.waitForSelector('main#dashboard[aria-busy="false"]', { timeout: 60000 });
    }
    await wb.runCommand('Claude: Show API Metrics');
    const frame = await dashboardFrame();
    await frame.waitForSelector('main#dashboard[aria-busy="false"]', { timeout: 30000 });
    return frame;
  }

  async function checkCharts(frame: Frame, theme: string): Promise<void> {
    await frame.evaluate(installCspRecorder);
    // A new range rebuilds every plot while the recorder listens.
    await frame.click('[data-ui="range-1h"]');
    await frame.waitForSelector('[data-ui="range-1h"][aria-pressed="true"]');
    await frame.waitForFunction((n) => document.querySelectorAll('section[data-chart-section] .chart-plot canvas').length >= n, CHARTS.length, { timeout: 15000 });
    for (const id of CHARTS) {
      const section = await frame.$(`section[data-chart-section="${id}"]`);
      assert.ok(section, `${id}: no section (${theme})`);
      assert.ok(await section.$('canvas'), `${id}: no canvas (${theme})`);
      await (await section.$('details summary'))?.click();
      assert.ok(await section.waitForSelector('details[open] table caption', { timeout: 5000 }), `${id}: no table (${theme})`);
      await (await section.$('details summary'))?.click();
      const empty = await section.$eval('.chart-plot', (el) => el.classList.contains('is-empty'));
      if (FILLED.includes(id)) assert.strictEqual(empty, false, `${id} is empty in the ${theme} theme`);
    }
    const figures = await frame.$$eval('.figure', (els) => els.map((e) => e.textContent ?? ''));
    assert.ok(figures.some((f) => /Success rate/.test(f)), figures.join(' | '));
    const reports = await frame.evaluate(() => (window as unknown as { __violations?: CspReport[] }).__violations ?? []);
    assert.deepStrictEqual(attemptsIn(reports), [], `CSP violations in the ${theme} theme`);
    // Keyboard: the range buttons are reachable and work with Enter.
    await frame.focus('[data-ui="range-24h"]');
    await wb.page.keyboard.press('Enter');
    await frame.waitForSelector('[data-ui="range-24h"][aria-pressed="true"]');
    await frame.click('[data-ui="range-1h"]');
    await frame.waitForSelector('[data-ui="range-1h"][aria-pressed="true"]');
    await wb.shot(`dashboard-${theme}-workbench`);
    // The README image: the dashboard's editor area only.
    const shot = path.join(ARTIFACTS_DIR, 'screenshots', `dashboard-${theme}.png`);
    await wb.page.locator('.part.editor').screenshot({ path: shot });
    assert.ok(fs.statSync(shot).size > 10_000, 'the screenshot is empty');
    if (process.env.CLAUDE_CHAT_UPDATE_SCREENSHOTS === '1') {
      const target = path.join(REPO_ROOT, 'media', 'screenshots', `dashboard-${theme}.png`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(shot, target);
    }
  }

  before(async function () {
    wb = await startWorkbench({ theme: 'Default Dark Modern', viewport: { width: 1600, height: 1500 } });
    // Traffic: answers with rate-limit headers, one 429 and one 529 retried, then more answers.
    const steps: unknown[] = [
      { path: '/v1/*', rateLimits: rateLimitHeaders(48), text: 'First answer from the emulator.' },
      { path: '/v1/*', status: 429, rateLimits: rateLimitHeaders(0) },
      { path: '/v1/*', rateLimits: rateLimitHeaders(40), text: 'Second answer, after a rate limit.' },
      { path: '/v1/*', status: 529 },
      ...Array.from({ length: 12 }, (_, i) => ({ path: '/v1/*', rateLimits: rateLimitHeaders(30 - i), text: `Answer ${i}.` })),
    ];
    await wb.scriptEmulator(steps);
    for (const q of ['Say hello', 'Say hello again', 'And once more']) {
      await wb.runCommand('Claude: Ask Claude');
      await answerQuickInput(wb.page, q, /Your question/);
      await statusBarItem(wb.page, /\d+\/50 req/).first().waitFor({ state: 'visible', timeout: 60000 });
      await wb.page.waitForTimeout(1500);
    }
  });

  after(async function () {
    await wb?.close();
  });

  it('draws every chart in the dark theme, with tables, no CSP violation', async () => {
    const frame = await openDashboard();
    await checkCharts(frame, 'dark');
  });

  it('comes back after a window reload with the range it showed', async () => {
    const frame = await openDashboard();
    await frame.click('[data-ui="range-7d"]');
    await frame.waitForSelector('[data-ui="range-7d"][aria-pressed="true"]');
    await wb.reloadWindow();
    // No command: VS Code restores the tab through the extension's panel serializer.
    const restored = await dashboardFrame();
    await restored.waitForSelector('main#dashboard[aria-busy="false"]', { timeout: 60000 });
    assert.ok(await restored.waitForSelector('[data-ui="range-7d"][aria-pressed="true"]', { timeout: 15000 }), 'the range was not restored');
    const tabs = await wb.page.$$eval('.tabs-container .tab', (els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
    assert.strictEqual(tabs.filter((t) => t.includes('Claude API Metrics')).length, 1, `tabs: ${tabs.join(' | ')}`);
  });

  it('draws every chart in the light theme after a theme switch, the data kept', async () => {
    await wb.updateSettings({ 'workbench.colorTheme': 'Default Light Modern' });
    const frame = await openDashboard();
    await checkCharts(frame, 'light');
    const requests = await frame.$eval('[data-figure="Requests"] .figure-value', (el) => Number(el.textContent));
    assert.ok(requests >= 3, `requests after the reload: ${requests}`);
  });

  for (const [theme, name] of [['hc-dark', 'Default High Contrast'], ['hc-light', 'Default High Contrast Light']] as const) {
    it(`is readable in the ${name} theme: bordered boxes, the chosen range marked beyond colour, focus outlines`, async () => {
      await wb.updateSettings({ 'workbench.colorTheme': name });
      const frame = await openDashboard();
      const body = await frame.$eval('body', (b) => b.className);
      assert.match(body, theme === 'hc-dark' ? /vscode-high-contrast(?!-light)/ : /vscode-high-contrast-light/);
      await checkCharts(frame, theme);
      // Keyboard focus (Tab from the pressed range) must show a 2 px outline.
      await frame.focus('[aria-pressed="true"]');
      await wb.page.keyboard.press('Tab');
      const look = await frame.evaluate(() => {
        const css = (el: Element | null, pseudo?: string): CSSStyleDeclaration => getComputedStyle(el as Element, pseudo);
        const focused = document.activeElement;
        return {
          chartBorder: `${css(document.querySelector('.chart')).borderTopStyle} ${css(document.querySelector('.chart')).borderTopWidth}`,
          figureBorder: css(document.querySelector('.figure')).borderTopStyle,
          pressedMark: css(document.querySelector('[aria-pressed="true"]'), '::before').content,
          focused: focused?.getAttribute('data-ui') ?? focused?.tagName,
          focusOutline: `${css(focused).outlineStyle} ${css(focused).outlineWidth}`,
        };
      });
      assert.strictEqual(look.chartBorder, 'solid 1px', JSON.stringify(look));
      assert.strictEqual(look.figureBorder, 'solid', JSON.stringify(look));
      assert.match(look.pressedMark, /\u2713|✓/, JSON.stringify(look));
      assert.strictEqual(look.focused, 'range-24h', JSON.stringify(look));
      assert.strictEqual(look.focusOutline, 'solid 2px', JSON.stringify(look));
    });
  }
});
