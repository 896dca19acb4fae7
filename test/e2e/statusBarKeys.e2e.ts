// End to end, through the real workbench UI: Set API Key asks in a password box, refuses a key the
// API rejects (error toast with the API's reason), saves a good one, and the status bar then stops
// saying "emulator mode". The key never appears in the page.
import * as assert from 'assert';
import { answerQuickInput, startWorkbench, statusBarItem, toast } from './harness';
import type { Workbench } from './harness';

const GOOD = 'test-key-e2e-4c1d';
const BAD = 'bad-key-e2e-9f2b';

describe('e2e: API keys through the palette, seen in the status bar', function () {
  let wb: Workbench;

  before(async function () {
    wb = await startWorkbench();
  });

  afterEach(async function () {
    // A failed step leaves a picture of the workbench as it was (CI keeps only the artefacts).
    if (this.currentTest?.state === 'failed') await wb?.shot(`failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  after(async function () {
    await wb?.close();
  });

  async function setKey(key: string, label: string): Promise<void> {
    await wb.runCommand('Claude: Set API Key');
    const password = wb.page.locator('.quick-input-widget input[type="password"]');
    await password.waitFor({ state: 'visible', timeout: 15000 });
    await answerQuickInput(wb.page, key, /Paste an Anthropic API key/);
    await answerQuickInput(wb.page, label, /A label to recognise this key/);
  }

  it('asks in a password box and refuses a rejected key with the API reason', async () => {
    // The workbench shows at most three toasts; start-up notices would hide the one we wait for.
    await wb.runCommand('Notifications: Clear All Notifications');
    await setKey(BAD, 'Work');
    const error = toast(wb.page, /rejected key "Work"/).first();
    await error.waitFor({ state: 'visible', timeout: 30000 });
    assert.match(await error.innerText(), /invalid x-api-key/);
    await wb.shot('keys-rejected');
    assert.ok(!(await wb.page.content()).includes(BAD), 'the rejected key is in the page');
  });

  it('saves a good key, and the status bar no longer reports emulator mode', async () => {
    // Same reason: the earlier toasts would push the confirmation into the notification centre.
    await wb.runCommand('Notifications: Clear All Notifications');
    await setKey(GOOD, 'Work');
    await toast(wb.page, /key "Work" saved and active/).first().waitFor({ state: 'visible', timeout: 30000 });
    await wb.runCommand('Claude: Ask Claude');
    await answerQuickInput(wb.page, 'Say hello', /Your question/);
    const item = statusBarItem(wb.page, /\d+\/\d+ req/).first();
    await item.waitFor({ state: 'visible', timeout: 30000 });
    await item.hover();
    const hover = wb.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Claude rate limits' }).first();
    await hover.waitFor({ state: 'visible', timeout: 15000 });
    const text = await hover.innerText();
    assert.match(text, /Last request/);
    assert.doesNotMatch(text, /Emulator mode/);
    await wb.shot('keys-saved-status-bar');
    assert.ok(!(await wb.page.content()).includes(GOOD), 'the key is in the page');
  });
});
