// End to end: the composer's token meter and the over-budget warning of the packaged .vsix in a real
// code-server workbench, counting with the emulator's count_tokens. A small context window
// (claudeChat.contextWindow) makes a long draft go over it.
import * as assert from 'assert';
import * as fs from 'fs';
import { PanelDriver, startWorkbench } from './harness';
import type { Workbench } from './harness';
import { attemptsIn, installCspRecorder } from '../support/cspReports';
import type { CspReport } from '../support/cspReports';

const WINDOW = 400;

/** Tokens of a meter line such as "12 / 400 tokens · ≈ $0.0000". */
function meterTokens(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(k?) \/ /.exec(text);
  if (!m) return NaN;
  return Number(m[1]) * (m[2] ? 1000 : 1);
}

describe('e2e: token budget in the chat panel', function () {
  let wb: Workbench;
  let p: PanelDriver;

  const input = () => p.input;

  /** Waits until the meter shows a counted reading that `accept` takes; returns its text. */
  async function counted(accept: (text: string) => boolean, timeout = 30000): Promise<string> {
    const frame = await p.document();
    const handle = await frame.waitForFunction(
      () => {
        const el = document.querySelector<HTMLElement>('.budget-meter');
        return el && !el.hidden && el.dataset.state === 'counted' ? el.querySelector('.budget-meter-text')?.textContent ?? '' : '';
      },
      undefined,
      { timeout, polling: 100 },
    );
    const text = (await handle.jsonValue()) as string;
    if (accept(text)) return text;
    // A reading of an earlier draft: wait for the next one.
    await frame.waitForFunction((before) => document.querySelector('.budget-meter-text')?.textContent !== before, text, { timeout, polling: 100 });
    return counted(accept, timeout);
  }

  async function emulatorRequests(): Promise<Array<{ path: string; body: unknown }>> {
    const res = await fetch(`${wb.emulatorUrl}/__emulator/requests`);
    return (await res.json()) as Array<{ path: string; body: unknown }>;
  }

  before(async function () {
    wb = await startWorkbench({ settings: { 'claudeChat.contextWindow': WINDOW, 'claudeChat.maxRetries': 2 } });
    p = new PanelDriver(wb.page, await wb.openChatView());
    await p.frame.locator('body[data-loaded="true"]').waitFor({ timeout: 60000 });
    await (await p.document()).evaluate(installCspRecorder);
  });

  after(async function () {
    await wb?.close();
  });

  it('the meter updates as you type, counted by count_tokens against the window from the setting', async () => {
    await input().click();
    await input().pressSequentially('echo hello', { delay: 20 });
    const first = await counted((t) => meterTokens(t) > 0);
    assert.match(first, new RegExp(`^\\d+ / ${WINDOW} tokens · ≈ \\$`), first);
    await input().pressSequentially(` and a much longer question ${'word '.repeat(20)}`, { delay: 5 });
    const second = await counted((t) => meterTokens(t) > meterTokens(first));
    assert.ok(meterTokens(second) > meterTokens(first), `${first} -> ${second}`);
    assert.strictEqual(await p.frame.locator('.budget-meter').getAttribute('data-level'), 'ok');
    const counts = (await emulatorRequests()).filter((r) => r.path === '/v1/messages/count_tokens').length;
    const keystrokes = 'echo hello'.length + ` and a much longer question ${'word '.repeat(20)}`.length;
    console.log(`      count_tokens requests while typing ${keystrokes} characters: ${counts}`);
    assert.ok(counts >= 2 && counts < keystrokes / 4, `debounced: ${counts} count_tokens requests for ${keystrokes} keystrokes`);
    await input().fill('');
  });

  it('over the window the message is not sent: the inline warning offers to leave out the oldest messages, and Enter on it sends without them', async () => {
    await p.ask(`echo ${'x'.repeat(700)}`);
    await p.waitStatus(p.lastAnswer(), 'complete');

    await input().click();
    await input().fill(`echo ${'y'.repeat(700)}`);
    await counted((t) => meterTokens(t) > WINDOW);
    assert.strictEqual(await p.frame.locator('.budget-meter').getAttribute('data-level'), 'over');
    const before = (await emulatorRequests()).filter((r) => r.path === '/v1/messages').length;
    await input().press('Enter');
    const warning = p.frame.locator('.budget-warning:not([hidden])');
    await warning.waitFor({ timeout: 15000 });
    assert.match(await warning.locator('.budget-warning-text').innerText(), new RegExp(`over the ${WINDOW} context window`));
    assert.ok(fs.statSync(await wb.shot('panel-budget-warning')).size > 10000);
    assert.strictEqual((await emulatorRequests()).filter((r) => r.path === '/v1/messages').length, before, 'nothing sent over the window');
    const focused = await (await p.document()).evaluate(() => document.activeElement?.textContent ?? '');
    assert.match(focused, /^Leave out the 2 oldest messages/, 'focus on the first action');
    await wb.page.keyboard.press('Enter');

    const question = p.frame.locator('.turn-user').last();
    await question.locator('.left-out').waitFor({ timeout: 15000 });
    assert.strictEqual(await question.locator('.left-out').innerText(), 'Sent without the 2 oldest messages');
    await p.waitStatus(p.lastAnswer(), 'complete');
    const sent = (await emulatorRequests()).filter((r) => r.path === '/v1/messages').pop()?.body as { messages: unknown[] };
    assert.strictEqual(sent.messages.length, 1, 'the request went without the oldest exchange');
    assert.strictEqual(await p.frame.locator('.turn').count(), 4, 'the messages left out stay on screen');
    assert.match(await p.frame.locator('.turn-assistant .usage').last().innerText(), /\d+ in · \d+ out/);
  });

  it('no CSP violations in the panel', async () => {
    const reports = await (await p.document()).evaluate(() => (window as unknown as { __violations?: CspReport[] }).__violations);
    assert.ok(reports, 'the CSP recorder is installed in the panel');
    assert.deepStrictEqual(attemptsIn(reports), [], 'nothing in the panel tried to run or load against its CSP');
  });
});
