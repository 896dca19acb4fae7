// The rate-limit indicator in the real host, fed by real emulator responses with given
// anthropic-ratelimit-* headers; countdowns run on a fake clock (no sleeping).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ClaudeChatApi } from '../../../src/extension';
import type { RetryInfo } from '../../../src/api';
import type { RateLimitStatusBar } from '../../../src/statusBar/rateLimitStatusBar';
import type { Emulator } from '../../emulator/types';
import { ScriptedPrompter, hostSuite, pickLabel, setSetting, waitFor } from '../support/hostHarness';
import { FakeClock } from '../../support/fakeClock';

const body = { model: 'claude-sonnet-5-5', max_tokens: 32, messages: [{ role: 'user' as const, content: 'hi' }] };

/** RFC 3339 without milliseconds, as the API sends it. */
const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Headers for all four buckets; requests/tokens reset at `resetAt`, the others later. */
function limits(base: number, req: [number, number], tok: [number, number], resetAt: number): Record<string, string> {
  const h: Record<string, string> = {};
  const set = (bucket: string, limit: number, remaining: number, reset: number): void => {
    h[`anthropic-ratelimit-${bucket}-limit`] = String(limit);
    h[`anthropic-ratelimit-${bucket}-remaining`] = String(remaining);
    h[`anthropic-ratelimit-${bucket}-reset`] = rfc3339(reset);
  };
  set('requests', req[1], req[0], resetAt);
  set('tokens', tok[1], tok[0], resetAt);
  set('input-tokens', 30000, 29000, base + 50_000);
  set('output-tokens', 10000, 9000, base + 50_000);
  return h;
}

function tooltipOf(bar: RateLimitStatusBar): string {
  const t = bar.statusBarItem.tooltip;
  return typeof t === 'string' ? t : (t?.value ?? '');
}

function backgroundOf(bar: RateLimitStatusBar): string | undefined {
  return (bar.statusBarItem.backgroundColor as vscode.ThemeColor | undefined)?.id;
}

describe('rate-limit status bar', function () {
  let api: ClaudeChatApi;
  let emulator: Emulator;
  let clock: FakeClock;
  let bar: RateLimitStatusBar;
  let base: number;

  const host = hostSuite({ keys: [['Status', 'test-key-status']] });
  before(() => ({ api, emulator } = host));

  beforeEach(() => {
    // Whole seconds, so the header's RFC 3339 reset lines up exactly with the fake clock.
    base = Math.floor(Date.now() / 1000) * 1000;
    clock = new FakeClock(base);
    bar = api.createStatusBar(clock);
  });

  afterEach(() => bar.dispose());

  it('stays hidden until the first response, then shows requests, tokens and time to reset', async () => {
    assert.strictEqual(bar.visible, false);
    emulator.script({ rateLimits: limits(base, [48, 50], [38000, 40000], base + 12_000) });
    await api.client.messages.create(body);
    await waitFor('the indicator to show', () => bar.visible);
    assert.strictEqual(bar.statusBarItem.text, '$(pulse) 48/50 req · 38k/40k tok · 12s');
    assert.strictEqual(backgroundOf(bar), undefined);
    assert.strictEqual(bar.statusBarItem.command, 'claudeChat.showRateLimits');
    // The countdown to reset moves with the clock.
    clock.advance(5000);
    assert.strictEqual(bar.statusBarItem.text, '$(pulse) 48/50 req · 38k/40k tok · 7s');
  });

  it('has a tooltip table of every limit with the last request id and latency', async () => {
    emulator.script({ rateLimits: limits(base, [48, 50], [38000, 40000], base + 12_000) });
    await api.client.messages.create(body);
    const tooltip = tooltipOf(bar);
    assert.match(tooltip, /\| Bucket \| Limit \| Remaining \| Resets \|/);
    // Numbers as the status bar writes them (38k/40k), not 38000.
    assert.match(tooltip, /\| Requests \| 50 \| 48 \| in 12s \|/);
    assert.match(tooltip, /\| Tokens \| 40k \| 38k \| in 12s \|/);
    assert.match(tooltip, /\| Input tokens \| 30k \| 29k \| in 50s \|/);
    assert.match(tooltip, /\| Output tokens \| 10k \| 9k \| in 50s \|/);
    const requestId = emulator.requests.find((r) => r.path === '/v1/messages')?.requestId;
    assert.ok(requestId);
    assert.ok(tooltip.includes(`\`${requestId}\``), `request id missing from tooltip:\n${tooltip}`);
    assert.match(tooltip, /\d+ ms/);
  });

  it('still names the model after a models request, and says which request that was', async () => {
    await api.client.models.list();
    const tooltip = tooltipOf(bar);
    assert.match(tooltip, /Last request: `req_\w+` · \d+ ms · HTTP 200 · GET \/v1\/models/);
    assert.ok(tooltip.includes(`Model: ${api.settings.current.model}`), tooltip);
  });

  it('turns to the warning colour below 20 % of any limit', async () => {
    emulator.script({ rateLimits: limits(base, [45, 50], [7000, 40000], base + 30_000) });
    await api.client.messages.create(body);
    assert.strictEqual(bar.statusBarItem.text, '$(pulse) 45/50 req · 7k/40k tok · 30s');
    assert.strictEqual(backgroundOf(bar), 'statusBarItem.warningBackground');
    emulator.script({ rateLimits: limits(base, [45, 50], [9000, 40000], base + 30_000) });
    await api.client.messages.create(body);
    assert.strictEqual(backgroundOf(bar), undefined, '22 % left is not low');
  });

  it('shows an error-coloured countdown while waiting on a 429', async () => {
    const retries: RetryInfo[] = [];
    const sub = api.client.onRetry((r) => retries.push(r));
    const abort = new AbortController();
    emulator.script({ status: 429, retryAfter: 20 }, {});
    const pending = api.client.messages.create(body, { signal: abort.signal }).catch((e: unknown) => e);
    try {
      await waitFor('the retry wait', () => retries.length > 0);
      const info = retries[0];
      // Line the fake clock up with the moment the client announced the wait.
      clock.set(info.until - info.delayMs);
      bar.refresh();
      assert.strictEqual(backgroundOf(bar), 'statusBarItem.errorBackground');
      assert.match(bar.statusBarItem.text, /^\$\(watch\) 429 rate limited · retry 1\/\d+ in 20s$/);
      clock.advance(1000);
      assert.match(bar.statusBarItem.text, /in 19s$/);
      clock.advance(7000);
      assert.match(bar.statusBarItem.text, /in 12s$/);
      assert.match(tooltipOf(bar), /Waiting/);
      clock.advance(12_000);
      assert.doesNotMatch(bar.statusBarItem.text, /429/, 'the countdown outlived the wait');
    } finally {
      sub.dispose();
      abort.abort();
      await pending;
    }
  });

  it('shows the rejected key in the error colour until the user fixes it', async () => {
    await api.keyStore.add('Expired', 'bad-key-expired');
    await api.keyStore.remove(api.keyStore.find('Status')?.id ?? '');
    try {
      await assert.rejects(api.client.messages.create(body));
      await waitFor('the bad-key state', () => /Expired/.test(bar.statusBarItem.text));
      assert.strictEqual(bar.statusBarItem.text, '$(key) key "Expired" rejected');
      assert.strictEqual(backgroundOf(bar), 'statusBarItem.errorBackground');
      assert.match(tooltipOf(bar), /invalid x-api-key/);
      await api.keyStore.remove(api.keyStore.find('Expired')?.id ?? '');
      assert.doesNotMatch(bar.statusBarItem.text, /Expired/);
    } finally {
      await api.keyStore.clear();
      await api.keyStore.add('Status', 'test-key-status');
    }
  });

  it('shows an open circuit in the error colour', async () => {
    await setSetting(api, 'maxRetries', 0);
    const model = 'claude-haiku-4-5'; // its own breaker, so other suites are not affected
    try {
      // The breaker judges a failure rate once it holds 20 calls (the default minimumCalls).
      for (let i = 0; i < 30 && !/circuit open/.test(bar.statusBarItem.text); i++) {
        emulator.script({ status: 529 });
        await api.client.messages.create({ ...body, model }).catch(() => undefined);
      }
      assert.match(bar.statusBarItem.text, /^\$\(circle-slash\) circuit open/);
      assert.strictEqual(backgroundOf(bar), 'statusBarItem.errorBackground');
    } finally {
      await setSetting(api, 'maxRetries', 4);
    }
  });

  it('a new indicator shows its own state, never the text an earlier item with its id showed', async () => {
    // The extension host hands the entry an item with this id last added to the status bar to
    // the next item made with the id. An earlier item shows a stale circuit; a probe item tells
    // when the host has it (disposing the probe removes the entry, so the next text re-adds it).
    const stale = '$(circle-slash) circuit open · 30s';
    const earlier = vscode.window.createStatusBarItem('claudeChat.rateLimits');
    earlier.show();
    try {
      await waitFor('the host to hand the stale entry on', () => {
        earlier.text = earlier.text === stale ? `${stale} ` : stale;
        const probe = vscode.window.createStatusBarItem('claudeChat.rateLimits');
        const inherited = probe.text.trim();
        probe.dispose();
        return inherited === stale;
      });
      const fresh = api.createStatusBar(clock);
      try {
        assert.strictEqual(fresh.visible, false);
        assert.doesNotMatch(fresh.statusBarItem.text, /circuit open/);
        assert.strictEqual(fresh.statusBarItem.text, fresh.view?.text, 'the item shows what the indicator rendered');
      } finally {
        fresh.dispose();
      }
    } finally {
      earlier.dispose();
    }
  });

  it('opens the detail quick pick with the limits and actions', async () => {
    emulator.script({ rateLimits: limits(base, [48, 50], [38000, 40000], base + 12_000) });
    await api.client.messages.create(body);
    const prompter = new ScriptedPrompter();
    prompter.picks.push(() => undefined);
    const restore = api.prompter.use(prompter);
    try {
      await vscode.commands.executeCommand('claudeChat.showRateLimits');
    } finally {
      restore();
    }
    const labels = prompter.asked.find((a) => a.kind === 'pick')?.items?.map((i) => i.label) ?? [];
    assert.ok(labels.some((l) => /Requests: 48 of 50 left \(96%\)/.test(l)), labels.join(' | '));
    for (const action of ['Switch key', 'Switch model', 'Show API metrics']) assert.ok(labels.some((l) => l.includes(action)), `missing ${action}`);
  });

  it('"Switch key" in the detail view opens Manage API Keys', async () => {
    const prompter = new ScriptedPrompter();
    prompter.picks.push(pickLabel('Switch key'), () => undefined);
    const restore = api.prompter.use(prompter);
    try {
      await vscode.commands.executeCommand('claudeChat.showRateLimits');
    } finally {
      restore();
    }
    const titles = prompter.asked.filter((a) => a.kind === 'pick').map((a) => (a.options as vscode.QuickPickOptions).title);
    assert.deepStrictEqual(titles, ['Claude: Rate Limits', 'Claude: Manage API Keys']);
  });
});
