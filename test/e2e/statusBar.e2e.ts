// End to end: after a chat answer the rate-limit indicator appears in the real workbench status bar
// with the emulator's anthropic-ratelimit-* numbers; its tooltip shows the table. Screenshots are kept
// in .artifacts/screenshots; with CLAUDE_CHAT_UPDATE_SCREENSHOTS=1 the README's image is refreshed too.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ARTIFACTS_DIR, REPO_ROOT, answerQuickInput, startWorkbench, statusBarItem } from './harness';
import type { Workbench } from './harness';

const README_SHOT = path.join(REPO_ROOT, 'media', 'screenshots', 'status-bar.png');

function rateLimitHeaders(): Record<string, string> {
  const reset = new Date(Date.now() + 40_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const h: Record<string, string> = {};
  const set = (bucket: string, limit: number, remaining: number): void => {
    h[`anthropic-ratelimit-${bucket}-limit`] = String(limit);
    h[`anthropic-ratelimit-${bucket}-remaining`] = String(remaining);
    h[`anthropic-ratelimit-${bucket}-reset`] = reset;
  };
  set('requests', 50, 48);
  set('tokens', 40000, 38000);
  set('input-tokens', 30000, 29000);
  set('output-tokens', 10000, 9000);
  return h;
}

describe('e2e: rate-limit status bar', function () {
  let wb: Workbench;

  before(async function () {
    wb = await startWorkbench();
  });

  after(async function () {
    await wb?.close();
  });

  it('is hidden before the first answer and shows the limits after it', async () => {
    assert.strictEqual(await statusBarItem(wb.page, /\d+\/\d+ req/).count(), 0, 'indicator visible before any response');
    // The panel may also list models or count tokens around the answer: every response carries the same numbers.
    const headers = rateLimitHeaders();
    await wb.scriptEmulator(Array.from({ length: 8 }, () => ({ path: '/v1/*', rateLimits: headers, text: 'Hello from the emulator.' })));
    await wb.runCommand('Claude: Ask Claude');
    await answerQuickInput(wb.page, 'Say hello', /Your question/);
    const item = statusBarItem(wb.page, /48\/50 req · 38k\/40k tok · \d+s/);
    await item.first().waitFor({ state: 'visible', timeout: 30000 });
    const text = await item.first().innerText();
    assert.match(text, /48\/50 req · 38k\/40k tok · (\d+)s/);
    await wb.shot('status-bar-after-answer');
  });

  it('shows the limits table on hover and saves the README screenshot', async () => {
    const item = statusBarItem(wb.page, /48\/50 req/).first();
    await item.hover();
    const hover = wb.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Claude rate limits' }).first();
    await hover.waitFor({ state: 'visible', timeout: 15000 });
    const hoverText = await hover.innerText();
    assert.match(hoverText, /Requests\s+50\s+48/);
    assert.match(hoverText, /Last request/);
    // A tight crop around the tooltip and the item keeps the image small.
    const a = await hover.boundingBox();
    const b = await item.boundingBox();
    assert.ok(a && b, 'no bounding boxes');
    const x = Math.max(0, Math.min(a.x, b.x) - 12);
    const y = Math.max(0, a.y - 12);
    const clip = { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x + 12, height: b.y + b.height - y + 4 };
    const shots = path.join(ARTIFACTS_DIR, 'screenshots');
    fs.mkdirSync(shots, { recursive: true });
    const file = path.join(shots, 'status-bar.png');
    await wb.page.screenshot({ path: file, clip });
    assert.ok(fs.statSync(file).size > 1000, 'screenshot is empty');
    if (process.env.CLAUDE_CHAT_UPDATE_SCREENSHOTS === '1') {
      fs.mkdirSync(path.dirname(README_SHOT), { recursive: true });
      fs.copyFileSync(file, README_SHOT);
    }
  });
});
