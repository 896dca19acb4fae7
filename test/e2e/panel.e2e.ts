// End to end: the chat panel of the packaged .vsix in a real code-server workbench, driven in
// Chromium, answering from the emulator. One workbench for the whole file (code-server starts
// are slow); each test begins with a new chat so they do not depend on each other's turns.
import * as assert from 'assert';
import * as fs from 'fs';
import type { Frame, FrameLocator, Locator } from 'playwright-core';
import { startWorkbench } from './harness';
import type { Workbench } from './harness';
import { attemptsIn, installCspRecorder } from '../support/cspReports';
import type { CspReport } from '../support/cspReports';

describe('e2e: chat panel', function () {
  let wb: Workbench;
  let panel: FrameLocator;

  const input = (): Locator => panel.locator('textarea.composer-input');
  const lastAnswer = (): Locator => panel.locator('.turn-assistant').last();

  async function ask(text: string): Promise<void> {
    await input().click();
    await input().fill(text);
    await input().press('Enter');
  }

  /** The view title's + (VS Code's own toolbar; the panel does not repeat it). */
  async function newChat(): Promise<void> {
    await wb.page.locator('.part.sidebar .action-label[aria-label^="New Chat"]:visible').first().click();
    await panel.locator('.turn').first().waitFor({ state: 'detached', timeout: 15000 });
  }

  /** The view title's history button, which shows or hides the panel's conversation list. */
  async function toggleHistory(open: boolean): Promise<void> {
    await wb.page.locator('.part.sidebar .action-label[aria-label^="Show or Hide Conversations"]:visible').first().click();
    await panel.locator(`.history${open ? ':not([hidden])' : '[hidden]'}`).waitFor({ state: 'attached', timeout: 15000 });
  }

  /** The panel's own document (inside the webview's iframes), for reading what the page recorded. */
  async function panelFrame(): Promise<Frame> {
    const handle = await panel.locator('body').elementHandle();
    const frame = await handle?.ownerFrame();
    if (!frame) throw new Error('chat panel frame not found');
    return frame;
  }

  async function waitStatus(turn: Locator, status: string, timeout = 30000): Promise<void> {
    await turn.and(panel.locator(`[data-status="${status}"]`)).waitFor({ timeout });
  }

  /** The workbench may restore the open Claude view itself; clicking its icon then would close it. */
  async function panelAfterReload(): Promise<FrameLocator> {
    const restored = wb.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
    try {
      await restored.locator('body[data-loaded="true"]').waitFor({ timeout: 20000 });
      return restored;
    } catch {
      const frame = await wb.openChatView();
      await frame.locator('body[data-loaded="true"]').waitFor({ timeout: 60000 });
      return frame;
    }
  }

  before(async function () {
    wb = await startWorkbench({ settings: { 'claudeChat.maxRetries': 4 } });
    await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    panel = await wb.openChatView();
    await panel.locator('body[data-loaded="true"]').waitFor({ timeout: 60000 });
    // CSP reports are read from the panel's document by their target, not from console wording
    // (which changed across Chromium versions; test/support/cspReports.ts says why).
    await (await panelFrame()).evaluate(installCspRecorder);
  });

  after(async function () {
    if (wb) {
      const errors = wb.consoleMessages.filter((m) => /Content Security Policy|Refused to/i.test(m));
      if (errors.length) console.log(`CSP messages:\n${errors.join('\n')}`);
      await wb.close();
    }
  });

  it('shows the emulator banner on one line and an empty conversation; + and history only in the view title', async () => {
    const banner = panel.locator('.banner');
    await banner.waitFor({ timeout: 15000 });
    assert.match(await banner.innerText(), /emulator/i);
    // Distinct line boxes of the banner's text: one line, however narrow the side bar.
    const lines = await banner.locator('.banner-text').evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size;
    });
    assert.strictEqual(lines, 1, 'the banner is one line');
    assert.match((await banner.getAttribute('title')) ?? '', /emulator at http:\/\/127\.0\.0\.1:\d+/, 'the full text is its tooltip');
    assert.strictEqual(await panel.locator('.model-picker option').count() > 0, true);
    assert.strictEqual(await panel.locator('[data-ui="new-chat"], [data-ui="toggle-history"]').count(), 0, 'the panel does not repeat the title actions');
    for (const label of ['New Chat', 'Show or Hide Conversations']) {
      assert.strictEqual(await wb.page.locator(`.part.sidebar .action-label[aria-label^="${label}"]:visible`).count(), 1, `${label} in the view title`);
    }
  });

  it('streams a markdown answer with highlighted code blocks', async () => {
    await ask('Show me some code');
    const answer = lastAnswer();
    await waitStatus(answer, 'complete');
    assert.match(await answer.locator('h2').innerText(), /About "Show me some code"/);
    const blocks = answer.locator('.md-code');
    assert.strictEqual(await blocks.count(), 2);
    assert.ok((await answer.locator('pre code .hljs-keyword').count()) > 0, 'code is highlighted');
    assert.strictEqual(await blocks.first().locator('.md-code-lang').innerText(), 'ts');
    assert.match(await answer.locator('.usage').innerText(), /\d+ in · \d+ out/);
    assert.strictEqual(await answer.locator('.turn-body').getAttribute('aria-live'), 'polite');
    assert.ok(fs.statSync(await wb.shot('panel-answer')).size > 10000);
  });

  it('copies a code block to the clipboard and inserts one at the cursor of an editor', async () => {
    const answer = lastAnswer();
    const transcriptBefore = await panel.locator('main.transcript').boundingBox();
    await answer.locator('.md-code').first().locator('button[data-action="copy"]').click();
    const status = panel.locator('.composer-status:not([hidden])', { hasText: 'Copied' });
    await status.waitFor({ timeout: 10000 });
    const clip = await wb.page.evaluate(() => navigator.clipboard.readText());
    assert.match(clip, /^export function greet\(name: string\): string \{/);
    // The feedback sits in the composer's tool row: it neither covers nor shrinks the transcript.
    const statusBox = await status.boundingBox();
    const transcriptAfter = await panel.locator('main.transcript').boundingBox();
    assert.ok(statusBox && transcriptAfter && transcriptBefore, 'boxes');
    assert.ok(statusBox.y >= transcriptAfter.y + transcriptAfter.height, 'below the transcript');
    assert.strictEqual(transcriptAfter.height, transcriptBefore.height, 'the transcript keeps its height');

    await wb.page.keyboard.press('Control+P');
    await wb.page.locator('.quick-input-widget input').fill('sample.ts');
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'sample.ts' }).first().waitFor({ timeout: 15000 });
    await wb.page.keyboard.press('Enter');
    const editor = wb.page.locator('.editor-instance .monaco-editor .view-lines').first();
    await editor.waitFor({ timeout: 15000 });
    await answer.locator('.md-code').nth(1).locator('button[data-action="insert"]').click();
    // Monaco renders spaces as U+00A0.
    await wb.page.waitForFunction(() => document.querySelector('.editor-instance .monaco-editor .view-lines')?.textContent?.replace(/\u00a0/g, ' ').includes('def fib'), undefined, { timeout: 15000 });
    const text = (await editor.innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /def fib\(n: int\) -> int:/);
    assert.match(text, /^export function add/m, 'the file keeps its content, on its own line');
  });

  it('stops a streaming answer with Escape and keeps what arrived', async () => {
    await newChat();
    await wb.scriptEmulator([{ paceMs: 40, text: Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ') }]);
    await ask('A long one please');
    const answer = lastAnswer();
    await answer.locator('.turn-body p').first().waitFor({ timeout: 30000 });
    await panel.locator('.composer.busy').waitFor();
    await input().press('Escape');
    await waitStatus(answer, 'stopped');
    const shown = await answer.locator('.turn-body').innerText();
    assert.ok(shown.startsWith('word0'), shown.slice(0, 40));
    assert.ok(!shown.includes('word299'), 'stopped before the end');
    assert.strictEqual(await panel.locator('[data-ui="continue"]').count(), 1);
    assert.strictEqual((await answer.locator('.turn-notice').innerText()).trim(), 'Stopped — the text so far is kept');
    assert.doesNotMatch(await answer.locator('.usage').innerText(), /\b1 out\b/, 'no placeholder output count');
  });

  it('shows a 529 retry wait with reason and countdown, then the answer', async () => {
    await newChat();
    await wb.scriptEmulator([{ status: 529, retryAfterMs: 4000 }, {}]);
    await ask('echo Survived the overload');
    const retry = panel.locator('.turn-notice.retry .retry-text');
    await retry.waitFor({ timeout: 30000 });
    assert.match(await retry.innerText(), /^Overloaded — retrying in [1-4] s, attempt 2 of 5$/);
    assert.strictEqual(await panel.locator('.turn-notice.retry [data-ui="retry-now"]').count(), 1);
    await wb.shot('panel-retry-wait');
    const answer = lastAnswer();
    await waitStatus(answer, 'complete', 30000);
    assert.strictEqual((await answer.locator('.turn-body').innerText()).trim(), 'Survived the overload');
    assert.strictEqual(await retry.count(), 0, 'the wait notice is gone');
  });

  it('keeps a partial answer after a mid-stream reset, and Continue completes it', async () => {
    await newChat();
    await wb.scriptEmulator([{ destroyAfterEvents: 12, reset: true }, {}]);
    await ask('Explain streaming');
    const answer = lastAnswer();
    await waitStatus(answer, 'partial');
    const partial = await answer.locator('.turn-body').innerText();
    assert.ok(partial.length > 0);
    assert.match(await answer.locator('.turn-notice.partial').innerText(), /Answer incomplete/);
    await wb.shot('panel-partial');
    await answer.locator('[data-ui="continue"]').click();
    await waitStatus(answer, 'complete');
    const full = await answer.locator('.turn-body').innerText();
    assert.ok(full.length > partial.length, 'continued text appended');
    assert.strictEqual(await panel.locator('.turn-assistant').count(), 1, 'continued in the same turn');
  });

  it('keeps the conversation and the history list across a window reload', async () => {
    await newChat();
    await ask('echo Remember me');
    await waitStatus(lastAnswer(), 'complete');
    // Developer: Reload Window, as a user reloads: a browser page reload in code-server can restore
    // webview state up to a minute old (the workbench saves it once a minute), which brought back a
    // prompt sent two conversations earlier as the draft.
    await wb.reloadWindow();
    panel = await panelAfterReload();
    await (await panelFrame()).evaluate(installCspRecorder);
    await panel.locator('.turn-user', { hasText: 'echo Remember me' }).waitFor({ timeout: 30000 });
    assert.strictEqual((await lastAnswer().locator('.turn-body').innerText()).trim(), 'Remember me');
    assert.strictEqual(await input().inputValue(), '', 'a sent prompt does not come back as the draft');
    await toggleHistory(true);
    const rows = panel.locator('.history-item');
    await rows.first().waitFor();
    assert.ok((await rows.count()) >= 4, `history rows: ${await rows.count()}`);
    await toggleHistory(false);
  });

  it('Up in the empty input edits the last message and resends it; regenerate answers again', async () => {
    await newChat();
    await ask('echo first version');
    await waitStatus(lastAnswer(), 'complete');
    await input().click();
    await input().press('ArrowUp');
    assert.strictEqual(await input().inputValue(), 'echo first version');
    await panel.locator('.edit-banner').waitFor();
    await input().fill('echo second');
    await input().press('Shift+Enter');
    await input().pressSequentially('version');
    assert.strictEqual(await input().inputValue(), 'echo second\nversion', 'Shift+Enter is a newline, not a send');
    await input().fill('echo second version');
    await input().press('Enter');
    await panel.locator('.turn-user', { hasText: 'echo second version' }).waitFor({ timeout: 15000 });
    await waitStatus(lastAnswer(), 'complete');
    assert.strictEqual(await panel.locator('.turn-user').count(), 1, 'the edited message replaced the old one');
    assert.strictEqual((await lastAnswer().locator('.turn-body').innerText()).trim(), 'second version');
    await lastAnswer().locator('[data-ui="regenerate"]').click();
    await panel.locator('.composer.busy').waitFor({ state: 'detached', timeout: 15000 }).catch(() => undefined);
    await waitStatus(lastAnswer(), 'complete');
    assert.strictEqual(await panel.locator('.turn-assistant').count(), 1, 'regenerate replaced the answer');
  });

  it('attaches the editor selection as a removable chip and sends it with the prompt', async () => {
    await newChat();
    await wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await wb.page.keyboard.press('Control+A');
    await panel.locator('[data-ui="attach-selection"]').click();
    const chip = panel.locator('.composer .chip');
    await chip.first().waitFor({ timeout: 15000 });
    assert.match(await chip.first().innerText(), /sample\.ts:1-\d+/);
    await panel.locator('[data-ui="attach-selection"]').click();
    assert.strictEqual(await chip.count(), 1, 'the same range is attached once');
    await ask('echo with context');
    await waitStatus(lastAnswer(), 'complete');
    assert.match(await panel.locator('.turn-user .chip').first().innerText(), /sample\.ts:1-\d+/);
    assert.strictEqual(await chip.count(), 0, 'chips are used up by the send');
    // From the test process (the workbench page's own CSP rightly blocks it from the page).
    const sent = (await (await fetch(`${wb.emulatorUrl}/__emulator/requests`)).json()) as Array<{ path: string; body?: unknown }>;
    const last = JSON.stringify(sent.filter((r) => r.path === '/v1/messages').pop()?.body ?? '');
    assert.match(last, /export function add/, 'the selection text went to the API');
  });

  it('history list: rename, switch and delete conversations', async () => {
    await toggleHistory(true);
    const rows = panel.locator('.history-item');
    await rows.first().waitFor();
    const before = await rows.count();
    await rows.first().locator('[data-ui="history-rename"]').click();
    const field = panel.locator('.history-rename-input');
    await field.fill('Renamed in the panel');
    await field.press('Enter');
    await panel.locator('.history-name', { hasText: 'Renamed in the panel' }).waitFor({ timeout: 15000 });
    const other = rows.nth(1);
    const otherTitle = await other.locator('.history-name').innerText();
    await other.locator('[data-ui="history-open"]').click();
    await panel.locator('.history-item.current .history-name', { hasText: otherTitle }).waitFor({ timeout: 15000 });
    await panel.locator('.turn').first().waitFor();
    const target = panel.locator('.history-item', { hasText: 'Renamed in the panel' });
    await target.locator('[data-ui="history-delete"]').click();
    await target.locator('[data-ui="history-delete-confirm"]').click();
    await target.waitFor({ state: 'detached', timeout: 15000 });
    assert.strictEqual(await rows.count(), before - 1);
    await toggleHistory(false);
  });

  /** Flips the workbench theme (Light Modern <-> Dark Modern) without the marketplace-aware picker. */
  async function toggleTheme(bodyClass: 'vscode-dark' | 'vscode-light'): Promise<void> {
    await wb.runCommand('Preferences: Toggle between Light/Dark Themes');
    // VS Code marks the webview body with the theme kind; the panel's colours follow its variables.
    await panel.locator(`body.${bodyClass}`).waitFor({ timeout: 15000 });
  }

  async function background(): Promise<number> {
    const bg = await panel.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
    return (bg.match(/\d+/g) ?? ['0', '0', '0']).slice(0, 3).map(Number).reduce((a, b) => a + b, 0);
  }

  it('follows the dark and the light theme (screenshots), with no CSP violations', async () => {
    // code-server starts in Light Modern; flip to dark first, then back.
    if ((await panel.locator('body.vscode-dark').count()) === 0) await toggleTheme('vscode-dark');
    const dark = await background();
    assert.ok(dark < 200, `dark background expected, got ${dark}`);
    assert.ok(fs.statSync(await wb.shot('panel-dark')).size > 10000);
    await toggleTheme('vscode-light');
    const light = await background();
    assert.ok(light > 600, `light background expected, got ${light}`);
    assert.ok(fs.statSync(await wb.shot('panel-light')).size > 10000);
    const reports = await (await panelFrame()).evaluate(() => (window as unknown as { __violations?: CspReport[] }).__violations);
    assert.ok(reports, 'the CSP recorder is installed in the panel (a reload without reinstalling it would check nothing)');
    assert.deepStrictEqual(attemptsIn(reports), [], 'nothing in the panel tried to run or load against its CSP');
  });
});
