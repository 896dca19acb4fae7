// Settings in the real host: typed reads, live application to the client (no reload), the
// temperature rule, and the https-only rule for sending a key.
import * as assert from 'assert';
import type { ClaudeChatApi } from '../../../src/extension';
import type { Emulator } from '../../emulator/types';
import { hostSuite, setSetting } from '../support/hostHarness';
import type { ScriptedPrompter } from '../support/hostHarness';

const body = { model: 'claude-sonnet-5-5', max_tokens: 32, messages: [{ role: 'user' as const, content: 'hi' }] };

describe('settings (claudeChat.*)', function () {
  let api: ClaudeChatApi;
  let emulator: Emulator;
  let prompter: ScriptedPrompter;
  const host = hostSuite({ keys: [['Settings', 'test-key-settings']] });
  before(() => ({ api, emulator } = host));
  beforeEach(() => (prompter = host.prompter));

  afterEach(async () => {
    await setSetting(api, 'baseUrl', emulator.url);
    await setSetting(api, 'apiVersion', '2026-10-21');
    await setSetting(api, 'temperature', null);
    await setSetting(api, 'maxRetries', 4);
    await setSetting(api, 'authHeader', 'auto');
    if (!api.keyStore.hasKeys) await api.keyStore.add('Settings', 'test-key-settings');
  });

  it('fires onDidChange with typed values', async () => {
    const seen: number[] = [];
    const sub = api.settings.onDidChange((s) => seen.push(s.maxRetries));
    try {
      await setSetting(api, 'maxRetries', 7);
    } finally {
      sub.dispose();
    }
    assert.ok(seen.includes(7), `onDidChange saw ${JSON.stringify(seen)}`);
    assert.strictEqual(typeof api.settings.current.maxTokens, 'number');
  });

  it('applies maxRetries to the live client without a reload', async () => {
    await setSetting(api, 'maxRetries', 0);
    emulator.script({ status: 500 }, {});
    await assert.rejects(api.client.messages.create(body));
    assert.strictEqual(emulator.requests.filter((r) => r.path === '/v1/messages').length, 1, 'retried despite maxRetries 0');

    emulator.reset();
    await setSetting(api, 'maxRetries', 2);
    emulator.script({ status: 500, retryAfterMs: 1 }, {});
    await api.client.messages.create(body);
    assert.strictEqual(emulator.requests.filter((r) => r.path === '/v1/messages').length, 2);
  });

  it('switches API version and auth header live', async () => {
    await api.client.messages.create(body);
    await setSetting(api, 'apiVersion', '2023-06-01');
    await api.client.messages.create(body);
    const [current, older] = emulator.requests.filter((r) => r.path === '/v1/messages');
    assert.strictEqual(current.anthropicVersion, '2026-10-21');
    assert.strictEqual(current.authHeader, 'authorization');
    assert.strictEqual(older.anthropicVersion, '2023-06-01');
    assert.strictEqual(older.authHeader, 'x-api-key');
  });

  it('honours a fixed auth header for gateways', async () => {
    await setSetting(api, 'authHeader', 'x-api-key');
    await api.client.messages.create(body);
    const sent = emulator.requests.find((r) => r.path === '/v1/messages');
    assert.strictEqual(sent?.anthropicVersion, '2026-10-21');
    assert.strictEqual(sent?.authHeader, 'x-api-key');
  });

  it('enters and leaves emulator mode live as keys and the base URL change', async () => {
    await api.keyStore.clear();
    const shownBefore = prompter.shown.length;
    const flips: boolean[] = [];
    const sub = api.onDidChangeEmulatorMode((on) => flips.push(on));
    try {
      assert.strictEqual(api.isEmulatorMode(), true);
      await setSetting(api, 'baseUrl', 'https://gateway.example.invalid');
      assert.strictEqual(api.isEmulatorMode(), false);
      // Not a loopback URL and no key: nothing is sent, and the user is told how to fix it.
      await assert.rejects(api.client.messages.create(body), /Set API Key/);
      await setSetting(api, 'baseUrl', emulator.url);
      assert.strictEqual(api.isEmulatorMode(), true);
    } finally {
      sub.dispose();
    }
    assert.deepStrictEqual(flips, [false, true]);
    const notices = prompter.shown.slice(shownBefore).filter((s) => s.level === 'info' && /local emulator/.test(s.text));
    assert.strictEqual(notices.length, 1, 'the emulator notice should come once per switch into emulator mode');
    assert.ok(notices[0].text.includes(emulator.url));
  });

  it('ignores temperature under the current API version and says so once', async () => {
    await setSetting(api, 'temperature', 0.3);
    assert.strictEqual(api.settings.effectiveTemperature, undefined);
    await setSetting(api, 'maxRetries', 3); // another change must not repeat the warning
    const warnings = prompter.shown.filter((s) => s.level === 'warn' && /temperature/.test(s.text));
    assert.strictEqual(warnings.length, 1, JSON.stringify(prompter.shown));
    assert.match(warnings[0].text, /2023-06-01/);
    await setSetting(api, 'apiVersion', '2023-06-01');
    assert.strictEqual(api.settings.effectiveTemperature, 0.3);
  });

  it('turns thinking off for a budget the API would reject, and says so once', async () => {
    try {
      await setSetting(api, 'maxTokens', 4096);
      await setSetting(api, 'thinkingBudget', 2048);
      assert.strictEqual(api.settings.effectiveThinkingBudget, 2048);
      await setSetting(api, 'thinkingBudget', 500);
      assert.strictEqual(api.settings.effectiveThinkingBudget, 0);
      await setSetting(api, 'thinkingBudget', 8000); // not below maxTokens
      assert.strictEqual(api.settings.effectiveThinkingBudget, 0);
      const warnings = prompter.shown.filter((s) => s.level === 'warn' && /thinkingBudget/.test(s.text));
      assert.strictEqual(warnings.length, 1, JSON.stringify(prompter.shown));
      await setSetting(api, 'maxTokens', 16000);
      assert.strictEqual(api.settings.effectiveThinkingBudget, 8000);
    } finally {
      await setSetting(api, 'thinkingBudget', 0);
      await setSetting(api, 'maxTokens', 4096);
    }
  });

  it('refuses to send a key over plain http to a non-loopback host', async () => {
    await setSetting(api, 'baseUrl', 'http://example.invalid:9');
    assert.ok(
      prompter.shown.some((s) => s.level === 'error' && /plain http/.test(s.text)),
      `no error shown: ${JSON.stringify(prompter.shown)}`,
    );
    await assert.rejects(api.client.messages.create(body), /https/);
    assert.strictEqual(api.isEmulatorMode(), false);
    // Loopback http is fine (the emulator itself).
    await setSetting(api, 'baseUrl', emulator.url);
    await api.client.messages.create(body);
    assert.strictEqual(emulator.requests.filter((r) => r.path === '/v1/messages').length, 1);
  });
});
