// The composer's token meter and the over-budget warning in Chromium: the real panel (App) under a
// strict CSP, the host played by the test through the typed protocol. Hostile strings (an
// attachment's name, a reason) render as text; the warning is reached and used with the keyboard.
import * as assert from 'assert';
import type { ToHost, ToWebview } from '../../src/shared/protocol';
import { attemptsIn } from '../support/cspReports';
import type { CspReport } from '../support/cspReports';
import { startBrowserFixture } from './support/page';
import type { BrowserFixture, TestPage } from './support/page';
import type { MdWindow } from './support/pageEntry';

type PanelWindow = MdWindow & { __panel: ReturnType<MdWindow['__md']['createPanel']>; __pwned: unknown; __violations: CspReport[] };

const HOSTILE = '<img src=x onerror="top.__pwned=1">"><script>top.__pwned=2</script>.ts';
const state = {
  conversation: {
    id: 'conv-1',
    title: 'Budget',
    turns: [
      { id: 'u1', role: 'user', text: 'first question', status: 'complete' },
      { id: 'a1', role: 'assistant', text: 'first answer', status: 'complete' },
    ],
  },
  history: [{ id: 'conv-1', title: 'Budget', updatedAt: 1764000000000, tokens: 12_345, cost: 0.042 }],
  models: ['claude-sonnet-4-5'],
  model: 'claude-sonnet-4-5',
  chips: [{ id: 'chip-1', kind: 'file', label: HOSTILE }],
};

describe('token budget in the panel (Chromium, strict CSP)', function () {
  this.timeout(120_000);
  let fixture: BrowserFixture;
  let tp: TestPage;

  before(async () => {
    fixture = await startBrowserFixture();
  });
  after(async () => {
    await fixture?.close();
  });
  beforeEach(async () => {
    tp = await fixture.openPage(true, true);
    await tp.page.evaluate((s) => {
      const w = window as unknown as PanelWindow;
      // Theme colours as VS Code injects them (CSSOM, allowed by the CSP).
      const root = document.documentElement.style;
      root.setProperty('--vscode-editorWarning-foreground', 'rgb(200, 150, 0)');
      root.setProperty('--vscode-errorForeground', 'rgb(220, 0, 0)');
      root.setProperty('--vscode-descriptionForeground', 'rgb(120, 120, 120)');
      const host = document.getElementById('root') as HTMLElement;
      w.__panel = w.__md.createPanel(host);
      w.__panel.app.receive({ type: 'panel/ready', requestId: 'ready', state: s });
    }, state);
  });

  const receive = (m: ToWebview): Promise<void> => tp.page.evaluate((msg) => (window as unknown as PanelWindow).__panel.app.receive(msg), m);
  const posted = (): Promise<ToHost[]> => tp.page.evaluate(() => (window as unknown as PanelWindow).__panel.posted as ToHost[]);
  const meter = () =>
    tp.page.evaluate(() => {
      const el = document.querySelector<HTMLElement>('.budget-meter');
      const live = el?.querySelector('[role="status"]');
      return { text: el?.querySelector('.budget-meter-text')?.textContent, level: el?.dataset.level, hidden: el?.hidden, color: el ? getComputedStyle(el).color : '', live: live?.textContent ?? '', liveRole: live?.getAttribute('aria-live') };
    });

  it('the meter follows the typing: each change is posted, readings render in theme colours, and only a change of level is announced', async () => {
    await tp.page.focus('.composer-input');
    await tp.page.keyboard.type('echo hi');
    const drafts = (await posted()).filter((m): m is Extract<ToHost, { type: 'composer/draft' }> => m.type === 'composer/draft');
    assert.strictEqual(drafts[drafts.length - 1].text, 'echo hi');
    assert.deepStrictEqual(drafts[drafts.length - 1].chipIds, ['chip-1'], 'the attachments go with the draft');
    assert.ok(drafts.length >= 'echo hi'.length, 'every keystroke tells the host (it debounces)');

    await receive({ type: 'budget/reading', reading: { state: 'counting', tokens: 12_000, contextWindow: 200_000 } });
    let m = await meter();
    assert.strictEqual(m.text, '~12k / 200k tokens (estimate, counting…)');
    await receive({ type: 'budget/reading', reading: { state: 'counted', tokens: 12_345, contextWindow: 200_000, costUsd: 0.037 } });
    m = await meter();
    assert.strictEqual(m.text, '12.3k / 200k tokens · ≈ $0.037');
    assert.strictEqual(m.level, 'ok');
    assert.strictEqual(m.color, 'rgb(120, 120, 120)');
    assert.strictEqual(m.liveRole, 'polite');
    assert.strictEqual(m.live, '', 'nothing said while within budget');
    await receive({ type: 'budget/reading', reading: { state: 'counted', tokens: 190_000, contextWindow: 200_000, costUsd: 0.57 } });
    m = await meter();
    assert.strictEqual(m.level, 'near');
    assert.strictEqual(m.color, 'rgb(200, 150, 0)', 'warning colour near the limit');
    assert.match(m.live, /^Near the limit/);
    await receive({ type: 'budget/reading', reading: { state: 'counted', tokens: 190_500, contextWindow: 200_000, costUsd: 0.57 } });
    assert.match((await meter()).live, /^Near the limit: 190k/, 'the same level is not announced again');
    await receive({ type: 'budget/reading', reading: { state: 'counted', tokens: 250_000, contextWindow: 200_000 } });
    m = await meter();
    assert.strictEqual(m.level, 'over');
    assert.strictEqual(m.color, 'rgb(220, 0, 0)', 'error colour over the limit');
    await receive({ type: 'budget/reading', reading: { state: 'unavailable', tokens: 900, contextWindow: 200_000, reason: `${HOSTILE} cannot count` } });
    m = await meter();
    assert.match(m.text ?? '', /^Token count unavailable/);
    assert.ok(m.live.includes(HOSTILE), 'the reason is read out as text');
    const rows = await tp.page.evaluate(() => {
      document.querySelector<HTMLElement>('.history')?.removeAttribute('hidden');
      return document.querySelector('.history-totals')?.textContent;
    });
    assert.strictEqual(rows, '12.3k tokens · $0.042', 'the history row shows the conversation totals');
  });

  it('over budget, Send shows the inline warning instead: by how much, the options by name, keyboard only; a choice is sent, Cancel keeps the draft', async () => {
    await tp.page.focus('.composer-input');
    await tp.page.keyboard.type('echo big');
    await tp.page.keyboard.press('Enter');
    let out = await posted();
    const check = out.filter((m) => m.type === 'budget/check').pop();
    assert.ok(check && check.type === 'budget/check');
    assert.strictEqual(check.text, 'echo big');
    assert.ok(!out.some((m) => m.type === 'answer/ask'), 'nothing is sent before the check');
    await receive({
      type: 'budget/check',
      requestId: check.requestId,
      overrun: {
        tokens: 210_000,
        contextWindow: 200_000,
        overWindow: true,
        overCost: false,
        options: [
          { kind: 'oldestTurns', turnIds: ['u1', 'a1'], turns: 2, estimatedTokens: 150_000, fits: true },
          { kind: 'attachment', chipId: 'chip-1', label: HOSTILE, estimatedTokens: 205_000, fits: false },
        ],
      },
    });
    const shown = await tp.page.evaluate(() => {
      const w = document.querySelector<HTMLElement>('.budget-warning');
      return {
        visible: !!w && !w.hidden,
        role: w?.getAttribute('role'),
        text: w?.querySelector('.budget-warning-text')?.textContent,
        buttons: Array.from(w?.querySelectorAll('button') ?? [], (b) => b.textContent),
        focused: document.activeElement?.textContent,
        imgs: w?.querySelectorAll('img, script').length,
        draft: document.querySelector<HTMLTextAreaElement>('.composer-input')?.value,
      };
    });
    assert.ok(shown.visible);
    assert.strictEqual(shown.role, 'alert');
    assert.strictEqual(shown.text, 'Not sent: 210k tokens is 10k over the 200k context window.');
    assert.deepStrictEqual(shown.buttons, ['Leave out the 2 oldest messages (≈ 150k tokens)', `Remove ${HOSTILE} (≈ 205k tokens, still over)`, 'Cancel'], 'no "Send anyway" over the window');
    assert.strictEqual(shown.focused, shown.buttons[0], 'focus moves to the first action');
    assert.strictEqual(shown.imgs, 0, 'the hostile name is text');
    assert.strictEqual(shown.draft, 'echo big', 'the draft stays until it is sent');

    // Tab to the attachment, Tab to Cancel, Escape cancels: the draft stays, focus back in the input.
    await tp.page.keyboard.press('Tab');
    assert.match((await tp.page.evaluate(() => document.activeElement?.textContent)) ?? '', /^Remove /);
    await tp.page.keyboard.press('Escape');
    const cancelled = await tp.page.evaluate(() => ({
      hidden: document.querySelector<HTMLElement>('.budget-warning')?.hidden,
      focus: document.activeElement?.className,
      draft: document.querySelector<HTMLTextAreaElement>('.composer-input')?.value,
    }));
    assert.deepStrictEqual(cancelled, { hidden: true, focus: 'composer-input', draft: 'echo big' });

    // Again, and this time leave out the oldest messages with Enter: checked again with them left out, then sent.
    await tp.page.keyboard.press('Enter');
    out = await posted();
    const again = out.filter((m) => m.type === 'budget/check').pop();
    assert.ok(again && again.type === 'budget/check' && again.requestId !== check.requestId);
    await receive({
      type: 'budget/check',
      requestId: again.requestId,
      overrun: { tokens: 210_000, contextWindow: 200_000, overWindow: true, overCost: false, options: [{ kind: 'oldestTurns', turnIds: ['u1', 'a1'], turns: 2, estimatedTokens: 150_000, fits: true }] },
    });
    await tp.page.keyboard.press('Enter');
    out = await posted();
    const trimmed = out.filter((m) => m.type === 'budget/check').pop();
    assert.ok(trimmed && trimmed.type === 'budget/check');
    assert.deepStrictEqual(trimmed.omitTurnIds, ['u1', 'a1']);
    await receive({ type: 'budget/check', requestId: trimmed.requestId });
    out = await posted();
    const ask = out.filter((m) => m.type === 'answer/ask').pop();
    assert.ok(ask && ask.type === 'answer/ask', 'sent once it fits');
    assert.deepStrictEqual(ask.omitTurnIds, ['u1', 'a1']);
    assert.strictEqual(ask.text, 'echo big');
    assert.strictEqual(await tp.page.evaluate(() => document.querySelector<HTMLTextAreaElement>('.composer-input')?.value), '');

    // The question comes back marked.
    await receive({ type: 'answer/userTurn', requestId: ask.requestId, turn: { id: 'u2', role: 'user', text: 'echo big', status: 'complete', leftOut: 2 } });
    assert.strictEqual(await tp.page.evaluate(() => document.querySelector('[data-turn-id="u2"] .left-out')?.textContent), 'Sent without the 2 oldest messages');

    const after = await tp.page.evaluate(() => ({ pwned: (window as unknown as PanelWindow).__pwned, violations: (window as unknown as PanelWindow).__violations }));
    assert.strictEqual(after.pwned, 0);
    assert.deepStrictEqual(attemptsIn(after.violations), [], 'no CSP violation');
    assert.deepStrictEqual(tp.pageErrors, []);
  });

  it('over the cost limit only: "Send anyway" is offered and sends the message as it is', async () => {
    await tp.page.focus('.composer-input');
    await tp.page.keyboard.type('echo pricey');
    await tp.page.keyboard.press('Enter');
    const check = (await posted()).filter((m) => m.type === 'budget/check').pop();
    assert.ok(check && check.type === 'budget/check');
    await receive({ type: 'budget/check', requestId: check.requestId, overrun: { tokens: 20_000, contextWindow: 200_000, costUsd: 0.06, costLimitUsd: 0.05, overWindow: false, overCost: true, options: [] } });
    const text = await tp.page.evaluate(() => document.querySelector('.budget-warning-text')?.textContent);
    assert.strictEqual(text, 'Not sent: ≈ $0.060 is $0.010 over your $0.050 per-message limit.');
    assert.strictEqual(await tp.page.evaluate(() => document.activeElement?.textContent), 'Send anyway');
    await tp.page.keyboard.press('Enter');
    const ask = (await posted()).filter((m) => m.type === 'answer/ask').pop();
    assert.ok(ask && ask.type === 'answer/ask');
    assert.strictEqual(ask.text, 'echo pricey');
    assert.strictEqual(ask.omitTurnIds, undefined);
  });

  it('a palette prompt the host held over budget: it is the draft with its chip, the warning waits; Cancel keeps it, Send anyway sends it with its chip', async () => {
    const composerValue = () => tp.page.evaluate(() => document.querySelector<HTMLTextAreaElement>('.composer-input')?.value);
    const held: ToWebview = {
      type: 'budget/held',
      text: 'Explain this code',
      chipIds: ['chip-2'],
      overrun: { tokens: 20_000, contextWindow: 200_000, costUsd: 0.06, costLimitUsd: 0.05, overWindow: false, overCost: true, options: [{ kind: 'attachment', chipId: 'chip-2', label: 'big.ts:1-40', estimatedTokens: 100, fits: true }] },
    };
    await receive({ type: 'context/chips', chips: [{ id: 'chip-1', kind: 'file', label: HOSTILE }, { id: 'chip-2', kind: 'selection', label: 'big.ts:1-40' }] });
    await receive(held);
    const shown = await tp.page.evaluate(() => ({
      visible: !document.querySelector<HTMLElement>('.budget-warning')?.hidden,
      text: document.querySelector('.budget-warning-text')?.textContent,
      buttons: Array.from(document.querySelectorAll('.budget-warning button'), (b) => b.textContent),
      chips: Array.from(document.querySelectorAll<HTMLElement>('.chip[data-chip]'), (c) => c.dataset.chip),
    }));
    assert.ok(shown.visible);
    assert.strictEqual(shown.text, 'Not sent: ≈ $0.060 is $0.010 over your $0.050 per-message limit.');
    assert.deepStrictEqual(shown.buttons, ['Remove big.ts:1-40 (≈ 100 tokens)', 'Send anyway', 'Cancel']);
    assert.deepStrictEqual(shown.chips, ['chip-1', 'chip-2']);
    assert.strictEqual(await composerValue(), 'Explain this code');
    const drafts = (await posted()).filter((m) => m.type === 'composer/draft');
    assert.strictEqual(drafts.pop()?.text, 'Explain this code', 'the held draft is counted by the meter');

    await tp.page.keyboard.press('Escape');
    assert.strictEqual(await tp.page.evaluate(() => document.querySelector<HTMLElement>('.budget-warning')?.hidden), true);
    assert.strictEqual(await composerValue(), 'Explain this code', 'Cancel keeps the draft');
    assert.ok(!(await posted()).some((m) => m.type === 'answer/ask'), 'nothing sent');

    await receive(held);
    await tp.page.evaluate(() => document.querySelector<HTMLElement>('.budget-warning button.danger')?.click());
    const ask = (await posted()).filter((m) => m.type === 'answer/ask').pop();
    assert.ok(ask && ask.type === 'answer/ask');
    assert.strictEqual(ask.text, 'Explain this code');
    assert.deepStrictEqual(ask.chipIds, ['chip-2'], 'the prompt goes with its own chip, as the command would have sent it');
    assert.strictEqual(await composerValue(), '');
    assert.deepStrictEqual(tp.pageErrors, []);
  });
  it('a held palette prompt never replaces words the user had typed: it goes after them, and what the input holds is checked again', async () => {
    const composerValue = () => tp.page.evaluate(() => document.querySelector<HTMLTextAreaElement>('.composer-input')?.value);
    await receive({ type: 'context/chips', chips: [{ id: 'chip-7', kind: 'selection', label: 'big.ts:1-40' }] });
    await tp.page.locator('.composer-input').fill('my own words, not sent yet');
    const checksBefore = (await posted()).filter((m) => m.type === 'budget/check').length;
    await receive({
      type: 'budget/held',
      text: 'Explain this code',
      chipIds: ['chip-7'],
      overrun: { tokens: 300_000, contextWindow: 200_000, overWindow: true, overCost: false, options: [] },
    });
    assert.strictEqual(await composerValue(), 'my own words, not sent yet\n\nExplain this code');
    const checks = (await posted()).filter((m) => m.type === 'budget/check');
    assert.strictEqual(checks.length, checksBefore + 1, 'checked again as the input now reads');
    const check = checks.pop();
    assert.ok(check && check.type === 'budget/check');
    assert.strictEqual(check.text, 'my own words, not sent yet\n\nExplain this code');
    assert.deepStrictEqual(check.chipIds, ['chip-7']);
    assert.ok(!(await posted()).some((m) => m.type === 'answer/ask'), 'nothing sent');
    assert.deepStrictEqual(tp.pageErrors, []);
  });
});
