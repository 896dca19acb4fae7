// End to end: "Run Prompt over Files..." from the Explorer context menu of a folder in the real
// workbench, the template and confirmation, the progress notification, the "Batch jobs" view, and
// the report in the Markdown preview. With CLAUDE_CHAT_UPDATE_SCREENSHOTS=1 the README's image of the
// report is refreshed.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ARTIFACTS_DIR, REPO_ROOT, answerQuickInput, startWorkbench, toast } from './harness';
import type { Workbench } from './harness';

const README_SHOT = path.join(REPO_ROOT, 'media', 'screenshots', 'batch-report.png');

const FILES: Record<string, string> = {
  'src/math.ts': 'export function divide(a: number, b: number): number {\n  return a / b;\n}\n',
  'src/names.py': 'def initials(name):\n    return "".join(p[0] for p in name.split(" "))\n',
  'src/notes.md': '# Notes\n\nRemember to check the edge cases.\n',
  'src/logo.png': '\u0000PNG\u0000\u0000',
};

describe('e2e: batch jobs (Run Prompt over Files)', function () {
  let wb: Workbench;

  before(async function () {
    wb = await startWorkbench({ files: FILES, viewport: { width: 1500, height: 950 } });
  });

  after(async function () {
    await wb?.close();
  });

  /** Shows the Claude container (clicking its icon while it shows would close the side bar). */
  async function showClaude(): Promise<void> {
    const active = wb.page.locator('.activitybar .action-item.checked').filter({ has: wb.page.locator('[aria-label^="Claude"]') });
    if ((await active.count()) === 0) await wb.page.locator('.activitybar [aria-label^="Claude"]').first().click();
    const header = wb.page.locator('.pane-header', { hasText: 'Batch jobs' }).first();
    // After a reload the container can be the active one with its side bar hidden: one more click shows it.
    await header.waitFor({ state: 'visible', timeout: 5000 }).catch(() => wb.page.locator('.activitybar [aria-label^="Claude"]').first().click());
    await header.waitFor({ state: 'visible', timeout: 15000 });
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  }

  it('runs from the Explorer menu, shows progress and the job row, resumes after a reload, and opens the report', async () => {
    const { page } = wb;
    try {
      // Three polls before the batch ends (the batcher waits 5 s, then 7.5 s, ...), so the job is still running at the reload.
      await wb.scriptEmulator([{ path: '/v1/messages/batches', method: 'POST', batch: { pollsToEnd: 3 } }]);
      await wb.runCommand('View: Show Explorer');
      const folderRow = page.locator('.explorer-folders-view .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^src$/ }) }).first();
      await folderRow.waitFor({ state: 'visible', timeout: 30000 });
      await folderRow.click({ button: 'right' });
      const entry = page.locator('.monaco-menu .action-item', { hasText: 'Run Prompt over Files...' }).first();
      await entry.waitFor({ state: 'visible', timeout: 15000 });
      await entry.click();

      await answerQuickInput(page, 'New template', /Prompt template/);
      await answerQuickInput(page, 'Review {{path}} ({{language}}) and list real bugs, most serious first.\n\n{{content}}', /Sent once per file/);
      const dialog = page.locator('.monaco-dialog-box').filter({ hasText: 'Send 3 files as one batch?' });
      await dialog.waitFor({ state: 'visible', timeout: 30000 });
      const detail = await dialog.innerText();
      assert.match(detail, /3 files, [\d,]+ input tokens \(count_tokens\), about \$[\d.]+ of input at the batch price/);
      assert.match(detail, /Skipped 1: src\/logo\.png \(binary file\)/);
      await wb.shot('batch-confirm');
      await dialog.locator('.monaco-button', { hasText: 'Send Batch' }).click();

      await toast(page, /Batch job: 3 files/).first().waitFor({ state: 'visible', timeout: 30000 });
      await wb.shot('batch-progress');
      await showClaude();
      const running = page.locator('.monaco-list-row', { hasText: /3 files: Review.*running · \d+s · / }).first();
      await running.waitFor({ state: 'visible', timeout: 15000 });

      // A window reload in the middle of the job: the new extension host resumes polling it.
      await wb.reload();
      await showClaude();
      const ended = toast(page, /Batch job ended: 3 of 3 files answered/).first();
      await ended.waitFor({ state: 'visible', timeout: 90000 });
      await page.locator('.monaco-list-row', { hasText: /ended · \d+[sm] · 3 ok/ }).first().waitFor({ state: 'visible', timeout: 15000 });
      assert.strictEqual(await page.locator('.monaco-list-row', { hasText: '3 files: Review' }).count(), 1, 'one job, not sent again');
      await wb.shot('batch-view');
      await ended.locator('.monaco-button', { hasText: 'Open Report' }).click();
      const preview = page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
      await preview.locator('h1', { hasText: 'Batch job: Review' }).waitFor({ state: 'visible', timeout: 30000 });
      const text = await preview.locator('body').innerText();
      assert.match(text, /src\/math\.ts/);
      assert.match(text, /Skipped before sending/);
      const file = path.join(ARTIFACTS_DIR, 'screenshots', 'batch-report.png');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await page.screenshot({ path: file });
      assert.ok(fs.statSync(file).size > 1000, 'screenshot is empty');
      if (process.env.CLAUDE_CHAT_UPDATE_SCREENSHOTS === '1') {
        fs.mkdirSync(path.dirname(README_SHOT), { recursive: true });
        fs.copyFileSync(file, README_SHOT);
      }
    } catch (err) {
      await wb.shot('batch-failure').catch(() => undefined);
      throw err;
    }
  });
});
