// End-to-end smoke: the packaged .vsix in a real workbench in Chromium shows the Claude chat panel.
import * as assert from 'assert';
import * as fs from 'fs';
import { openPalette, startWorkbench, toast } from './harness';
import type { Workbench } from './harness';

describe('e2e smoke: Claude view in code-server', function () {
  let wb: Workbench;

  before(async function () {
    wb = await startWorkbench();
  });

  after(async function () {
    await wb?.close();
  });

  it('shows the Claude container in the activity bar', async () => {
    const item = wb.page.locator('.activitybar [aria-label^="Claude"]').first();
    assert.strictEqual(await item.isVisible(), true);
  });

  it('activates once the window has started, with nothing of it opened: it says it uses the emulator', async () => {
    // Nothing above opened the Claude container or ran a command: only onStartupFinished activates
    // it, and activation announces emulator mode (no key is stored) once per address.
    const notice = toast(wb.page, /requests go to the local emulator/).first();
    await notice.waitFor({ state: 'visible', timeout: 60000 });
    assert.match(await notice.innerText(), /no API key is stored/);
  });

  it('opens the chat view and finds the panel content', async () => {
    const frame = await wb.openChatView();
    // The panel HTML has an empty #app; children appear only once the bundled script ran under the CSP.
    await frame.locator('#app > *').first().waitFor({ state: 'attached', timeout: 30000 });
    assert.ok(await frame.locator('#app *').count() > 0);
    const file = await wb.shot('smoke-chat-view');
    assert.ok(fs.statSync(file).size > 1000, 'screenshot is empty');
  });

  it('lists the extension commands in the palette', async () => {
    const input = await openPalette(wb.page);
    await input.fill('>Claude:');
    const rows = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Claude:' });
    await rows.first().waitFor({ timeout: 15000 });
    const titles = await rows.allInnerTexts();
    assert.ok(titles.some((t) => t.includes('Ask Claude')), `palette rows: ${titles.join(' | ')}`);
    await wb.page.keyboard.press('Escape');
  });

  it('follows a settings change at runtime (dark theme reaches the panel)', async () => {
    await wb.updateSettings({ 'workbench.colorTheme': 'Default Dark Modern' });
    await wb.page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 20000 });
    const frame = await wb.openChatView();
    // VS Code marks the webview's body with the theme kind; the panel's CSS keys off it.
    await frame.locator('body.vscode-dark').waitFor({ state: 'attached', timeout: 20000 });
    await wb.shot('smoke-chat-view-dark');
    await wb.updateSettings({ 'workbench.colorTheme': undefined });
    await wb.page.locator('.monaco-workbench.vs-dark').waitFor({ state: 'detached', timeout: 20000 });
  });
});
