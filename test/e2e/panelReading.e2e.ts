// End to end: the chat panel as a reader meets it, in a real code-server workbench driven in
// Chromium with the emulator answering: scrolling while answers stream, regenerate, why an answer
// ended (stop_reason), reopening the conversation that was open after a window reload, a dismissed
// banner, a 200,000-character word, and bidi control characters. One workbench for the file.
import * as assert from 'assert';
import { PanelDriver, startWorkbench } from './harness';
import type { Workbench } from './harness';

/** A paced answer a few screens long. */
function longAnswer(lines: number): string {
  return Array.from({ length: lines }, (_, i) => `Paragraph ${i + 1}: the answer keeps streaming so the reader can follow it or scroll back.`).join('\n\n');
}

describe('e2e: reading the chat panel', function () {
  let wb: Workbench;
  let p: PanelDriver;

  async function openPanel(): Promise<void> {
    const frame = await wb.openChatView();
    await frame.locator('body[data-loaded="true"]').waitFor({ timeout: 60000 });
    p = new PanelDriver(wb.page, frame);
  }

  before(async function () {
    // A 200,000-character answer needs a max_tokens above the default 4,096.
    wb = await startWorkbench({ viewport: { width: 1280, height: 800 }, settings: { 'claudeChat.maxTokens': 128000 } });
    await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await openPanel();
  });

  after(async function () {
    await wb?.close();
  });

  it('scrolls a sent turn into view, follows the stream at the bottom, and stops following when the reader scrolls up', async () => {
    await p.ask('echo A first, short answer.');
    await p.waitStatus(p.lastAnswer(), 'complete');
    await wb.scriptEmulator([{ paceMs: 40, text: longAnswer(80) }]);
    await p.ask('Now a long one, please');
    const question = p.frame.locator('.turn-user', { hasText: 'Now a long one, please' });
    await question.waitFor();
    assert.ok(await p.comesIntoView(question), 'the new question is in view');
    // Grow past two screens while following.
    for (let i = 0; i < 100 && (await p.scroll()).height < (await p.scroll()).client * 2.5; i++) await wb.page.waitForTimeout(100);
    const following = await p.scroll();
    assert.ok(following.height > following.client * 2, `the answer grew (${following.height} px)`);
    assert.ok(following.fromBottom <= 24, `followed the bottom (${following.fromBottom} px from it)`);
    assert.ok(await p.lastInView('.turn-assistant .turn-body p'), 'the newest text is in view');
    await p.frame.locator('.jump-latest').waitFor({ state: 'hidden' });

    // The reader scrolls up with the wheel: the view stays where they put it while the text grows.
    await p.frame.locator('main.transcript').hover();
    await wb.page.mouse.wheel(0, -600);
    await wb.page.waitForTimeout(300);
    const reading = await p.scroll();
    for (let i = 0; i < 50 && (await p.scroll()).height < reading.height + 300; i++) await wb.page.waitForTimeout(100);
    const later = await p.scroll();
    assert.ok(later.height >= reading.height + 300, 'the answer kept growing');
    assert.ok(Math.abs(later.top - reading.top) <= 2, `stayed put (${reading.top} -> ${later.top})`);
    const jump = p.frame.locator('button.jump-latest');
    await jump.waitFor({ state: 'visible', timeout: 5000 });
    assert.strictEqual(await jump.getAttribute('aria-label'), 'Jump to latest');
    assert.strictEqual(await jump.locator('.codicon-arrow-down').count(), 1);
    await wb.shot('panel-scrolled-up');

    // Keyboard: focus the button and press Enter; following resumes.
    await jump.focus();
    await wb.page.keyboard.press('Enter');
    await jump.waitFor({ state: 'hidden', timeout: 5000 });
    const back = await p.scroll();
    for (let i = 0; i < 30 && (await p.scroll()).height < back.height + 200; i++) await wb.page.waitForTimeout(100);
    assert.ok((await p.scroll()).fromBottom <= 24, 'following again after the jump');
    await p.input.press('Escape');
    await p.waitStatus(p.lastAnswer(), 'stopped');
  });

  it('regenerate keeps the reader at the bottom instead of jumping to the top', async () => {
    await wb.scriptEmulator([{ paceMs: 5, text: longAnswer(40) }]);
    await p.lastAnswer().locator('[data-ui="regenerate"]').click();
    await p.frame.locator('.composer.busy').waitFor();
    await p.waitStatus(p.lastAnswer(), 'complete', 60000);
    const after = await p.scroll();
    assert.ok(after.top > 0, 'not at the top');
    assert.ok(after.fromBottom <= 24, `at the bottom (${after.fromBottom} px from it)`);
    assert.strictEqual(await p.frame.locator('.turn-assistant').count(), 2, 'the first answer stays, the stopped one was replaced');
  });

  it('says why an answer ended: max_tokens with Continue, pause_turn, refusal, and an unknown reason', async () => {
    await p.newChat();
    await wb.scriptEmulator([
      { stopReason: 'max_tokens', text: 'The answer starts here and' },
      { text: 'The answer starts here and ends properly.' },
    ]);
    await p.ask('cut me off');
    const answer = p.lastAnswer();
    await p.waitStatus(answer, 'complete');
    assert.strictEqual(await answer.getAttribute('data-stop-reason'), 'max_tokens');
    assert.match(await answer.locator('.turn-notice.stop-reason').innerText(), /Cut off at the token limit \(max_tokens\)/);
    await wb.shot('panel-stop-max-tokens');
    await answer.locator('[data-ui="continue"]').click();
    await answer.and(p.frame.locator('[data-stop-reason="end_turn"]')).waitFor({ timeout: 30000 });
    assert.strictEqual((await answer.locator('.turn-body').innerText()).trim(), 'The answer starts here and ends properly.');
    assert.strictEqual(await answer.locator('.turn-notice.stop-reason').count(), 0);

    const cases: Array<[string, RegExp, boolean]> = [
      ['pause_turn', /paused a long-running turn/, true],
      ['refusal', /declined to answer/, false],
      ['some_future_reason', /Ended early \(stop reason: some_future_reason\)/, false],
    ];
    for (const [stopReason, text, continuable] of cases) {
      await wb.scriptEmulator([{ stopReason, text: `An answer that ended with ${stopReason}.` }]);
      await p.ask(`end with ${stopReason}`);
      await p.lastAnswer().and(p.frame.locator(`[data-stop-reason="${stopReason}"]`)).waitFor({ timeout: 30000 });
      assert.match(await p.lastAnswer().locator('.turn-notice.stop-reason').innerText(), text);
      assert.strictEqual(await p.lastAnswer().locator('[data-ui="continue"]').count(), continuable ? 1 : 0, `${stopReason}: Continue`);
    }
    assert.strictEqual(await p.frame.locator('.turn-notice.stop-reason.refusal').count(), 1, 'a refusal is marked as such');
    await wb.shot('panel-stop-reasons');
  });

  it('after a window reload reopens the conversation that was open, not the newest; a dismissed banner stays away', async () => {
    await p.frame.locator('.banner [data-ui="dismiss-banner"]').click();
    await p.frame.locator('.banner').waitFor({ state: 'hidden' });
    await p.newChat();
    await p.ask('echo Alpha conversation');
    await p.waitStatus(p.lastAnswer(), 'complete');
    await p.newChat();
    await p.ask('echo Beta conversation');
    await p.waitStatus(p.lastAnswer(), 'complete');
    await p.titleAction('Show or Hide Conversations').click();
    await p.frame.locator('.history-item', { hasText: 'echo Alpha conversation' }).locator('[data-ui="history-open"]').click();
    await p.frame.locator('.turn-user', { hasText: 'echo Alpha conversation' }).waitFor({ timeout: 15000 });
    await p.titleAction('Show or Hide Conversations').click();
    assert.strictEqual(await p.frame.locator('.banner:not([hidden])').count(), 0, 'a new state does not bring the banner back');
    // An unsent draft, typed just before a browser reload (code-server may restore an older webview state).
    const draft = 'half a thought, not sent yet';
    const meter = p.frame.locator('.budget-meter-text');
    const counted = await meter.innerText();
    await p.input.fill(draft);
    // The host has the draft once the meter shows its count (a new figure, no longer an estimate).
    for (let i = 0; i < 100; i++) {
      const now = await meter.innerText();
      if (now !== counted && !/estimate|counting/.test(now)) break;
      await wb.page.waitForTimeout(100);
    }

    await wb.reload();
    const restored = wb.page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
    try {
      await restored.locator('body[data-loaded="true"]').waitFor({ timeout: 20000 });
      p = new PanelDriver(wb.page, restored);
    } catch {
      await openPanel();
    }
    await p.frame.locator('.turn-user', { hasText: 'echo Alpha conversation' }).waitFor({ timeout: 30000 });
    assert.strictEqual(await p.frame.locator('.turn-user', { hasText: 'Beta' }).count(), 0, 'not the newest conversation');
    assert.strictEqual(await p.frame.locator('.banner:not([hidden])').count(), 0, 'the dismissed banner stays dismissed');
    assert.strictEqual(await p.input.inputValue(), draft, 'the unsent draft is back');
    await p.input.fill('');
  });

  it('renders a 200,000-character word in pieces, and Copy returns it exactly', async () => {
    await p.newChat();
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let word = '';
    for (let i = 0; i < 200_000; i++) word += alphabet[(i * 7 + (i % 11)) % alphabet.length];
    const text = `Here is the word: ${word} and nothing else.`;
    await wb.scriptEmulator([{ text }]);
    await p.ask('one very long word');
    const answer = p.lastAnswer();
    await p.waitStatus(answer, 'complete', 60000);
    assert.ok((await answer.locator('.md-piece').count()) > 90, 'laid out in pieces');
    await answer.locator('[data-ui="copy-answer"]').click();
    await p.frame.locator('.composer-status:not([hidden])', { hasText: 'Copied' }).waitFor({ timeout: 10000 });
    const copied = await wb.page.evaluate(() => navigator.clipboard.readText());
    assert.strictEqual(copied.length, text.length);
    assert.ok(copied === text, 'the copied text is the original');
    assert.ok(await p.inView(answer.locator('.turn-footer')), 'the end of the answer is in view');
  });

  it('shows bidi control characters in answers and in your own turns, without changing the text', async () => {
    const spoof = 'File: \u202Egnp.exe\u202C is safe';
    await p.newChat();
    await p.ask(`echo ${spoof}`);
    const answer = p.lastAnswer();
    await p.waitStatus(answer, 'complete');
    for (const turn of [p.frame.locator('.turn-user').last(), answer]) {
      const markers = turn.locator('.md-bidi');
      assert.deepStrictEqual(await markers.evaluateAll((els) => els.map((e) => e.getAttribute('data-bidi'))), ['RLO', 'PDF']);
      assert.match((await markers.first().getAttribute('title')) ?? '', /^U\+202E RIGHT-TO-LEFT OVERRIDE/);
    }
    assert.strictEqual((await answer.locator('.turn-body').textContent())?.trim(), spoof);
    await answer.locator('[data-ui="copy-answer"]').click();
    await p.frame.locator('.composer-status:not([hidden])', { hasText: 'Copied' }).waitFor({ timeout: 10000 });
    assert.strictEqual(await wb.page.evaluate(() => navigator.clipboard.readText()), spoof);
    await wb.shot('panel-bidi');
  });
});
