// Keys in the real extension host: set/validate/reject through the real commands, SecretStorage,
// rotation on 429, marking a key bad on 401, clear, env import, emulator mode — against the emulator.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ClaudeChatApi } from '../../../src/extension';
import type { KeyCommandResult } from '../../../src/auth/keyCommands';
import type { Emulator } from '../../emulator/types';
import { hostSuite, pickLabel, waitFor } from '../support/hostHarness';
import type { ScriptedPrompter } from '../support/hostHarness';

const body = { model: 'claude-sonnet-5-5', max_tokens: 64, messages: [{ role: 'user' as const, content: 'hello' }] };

describe('keys (SecretStorage, commands, rotation)', function () {
  let api: ClaudeChatApi;
  let emulator: Emulator;
  let prompter: ScriptedPrompter;
  const host = hostSuite();
  before(() => ({ api, emulator } = host));
  beforeEach(async () => {
    await api.keyStore.clear();
    prompter = host.prompter;
  });

  it('validates a key against GET /v1/models before saving it, then uses it', async () => {
    const result = (await vscode.commands.executeCommand('claudeChat.setApiKey', { key: 'test-key-1', label: 'Personal' })) as KeyCommandResult;
    assert.strictEqual(result.ok, true, JSON.stringify(result));
    const probe = emulator.requests.find((r) => r.path === '/v1/models');
    assert.ok(probe, 'no GET /v1/models reached the emulator');
    assert.strictEqual(probe.apiKey, 'test-key-1');
    assert.ok(prompter.asked.some((a) => a.kind === 'progress'), 'validation did not run under a progress notification');
    assert.deepStrictEqual(
      api.keyStore.list().map((k) => [k.label, k.active]),
      [['Personal', true]],
    );
    await api.client.messages.create(body);
    const sent = emulator.requests.filter((r) => r.path === '/v1/messages');
    assert.strictEqual(sent.length, 1);
    assert.strictEqual(sent[0].apiKey, 'test-key-1');
  });

  it('keeps keys in SecretStorage: what is stored equals what the store holds', async () => {
    await api.keyStore.add('Persisted', 'test-key-persisted');
    await api.keyStore.add('Second', 'test-key-second');
    await api.keyStore.rename(api.keyStore.find('Second')?.id ?? '', 'Renamed');
    // reload() re-reads SecretStorage and reports whether it differed from memory.
    assert.strictEqual(await api.keyStore.reload(), false, 'SecretStorage lags behind the store');
    assert.deepStrictEqual(api.keyStore.list().map((k) => k.label), ['Persisted', 'Renamed']);
    await api.keyStore.clear();
    assert.strictEqual(await api.keyStore.reload(), false);
    assert.strictEqual(api.keyStore.hasKeys, false);
  });

  it('refuses a key the API rejects, with the API reason, and does not save it', async () => {
    const result = (await vscode.commands.executeCommand('claudeChat.setApiKey', { key: 'bad-key-1', label: 'Old' })) as KeyCommandResult;
    assert.strictEqual(result.ok, false);
    assert.strictEqual(api.keyStore.hasKeys, false);
    const error = prompter.shown.find((s) => s.level === 'error');
    assert.ok(error, 'no error was shown');
    assert.match(error.text, /rejected key "Old"/);
    assert.match(error.text, /invalid x-api-key/, 'the API reason is missing');
    assert.ok(!prompter.transcript().includes('bad-key-1'), 'the key value reached the UI');
  });

  it('offers "Save Anyway" when the key could not be checked (server error), never for scripted calls', async () => {
    emulator.script({ path: '/v1/models', status: 500 });
    const scripted = (await vscode.commands.executeCommand('claudeChat.setApiKey', { key: 'test-key-offline', label: 'Offline' })) as KeyCommandResult;
    assert.strictEqual(scripted.ok, false);
    assert.strictEqual(api.keyStore.hasKeys, false);

    emulator.script({ path: '/v1/models', status: 500 });
    prompter.inputs.push('test-key-offline', 'Offline');
    prompter.notificationAnswers.push({ match: /could not check key "Offline"/, answer: 'Save Anyway' });
    const typed = (await vscode.commands.executeCommand('claudeChat.setApiKey')) as KeyCommandResult;
    assert.strictEqual(typed.ok, true, JSON.stringify(typed));
    assert.strictEqual(api.keyStore.active?.label, 'Offline');
  });

  it('asks for the key in a password input box when run from the palette', async () => {
    prompter.inputs.push('test-key-typed', 'Typed');
    const result = (await vscode.commands.executeCommand('claudeChat.setApiKey')) as KeyCommandResult;
    assert.strictEqual(result.ok, true, JSON.stringify(result));
    const first = prompter.asked.find((a) => a.kind === 'input');
    assert.strictEqual((first?.options as vscode.InputBoxOptions).password, true);
    assert.strictEqual(api.keyStore.active?.label, 'Typed');
  });

  it('rotates to the next key with room after a 429 and marks a rejected key bad, naming its label', async () => {
    await api.keyStore.add('Spare', 'test-key-spare');
    await api.keyStore.add('Main', 'test-key-main');
    assert.strictEqual(api.keyStore.active?.label, 'Main');
    emulator.script({ status: 429, retryAfter: 30 }, {});
    await api.client.messages.create(body);
    const keys = emulator.requests.filter((r) => r.path === '/v1/messages').map((r) => r.apiKey);
    assert.deepStrictEqual(keys, ['test-key-main', 'test-key-spare'], 'the retry did not move to the key with room');

    emulator.reset();
    await api.keyStore.add('Broken', 'bad-key-broken');
    await api.client.messages.create(body).catch(() => undefined);
    await waitFor('key marked bad', () => !!api.keyStore.find('Broken')?.bad);
    assert.match(api.keyStore.find('Broken')?.bad?.reason ?? '', /invalid x-api-key/);
    const warning = prompter.shown.find((s) => s.level === 'warn' && s.text.includes('"Broken"'));
    assert.ok(warning, `no warning naming the label: ${JSON.stringify(prompter.shown)}`);
    assert.ok(!warning.text.includes('bad-key-broken'), 'the warning shows the key');
    // The next request skips the bad key.
    emulator.reset();
    await api.client.messages.create(body);
    assert.notStrictEqual(emulator.requests.find((r) => r.path === '/v1/messages')?.apiKey, 'bad-key-broken');
  });

  it('as a KeyProvider: skips limited keys, rotates only towards room, else offers the key that frees up first', async () => {
    const a = await api.keyStore.add('A', 'test-key-a1');
    const b = await api.keyStore.add('B', 'test-key-b1');
    await api.keyStore.setActive(a.id);
    const now = Date.now();
    api.keyStore.report(a.id, { kind: 'rateLimited', resetAt: now + 60_000 });
    assert.strictEqual((await api.keyStore.current())?.id, b.id, 'a limited active key was not skipped');
    api.keyStore.report(b.id, { kind: 'rateLimited', resetAt: now + 30_000 });
    assert.strictEqual(await api.keyStore.current(new Set([a.id])), undefined, 'rotated to a key without room');
    assert.strictEqual((await api.keyStore.current())?.id, b.id, 'not the key that frees up first');
    api.keyStore.report(a.id, { kind: 'ok' });
    assert.strictEqual((await api.keyStore.current())?.id, a.id);
    const listed = api.keyStore.list().find((k) => k.id === b.id);
    assert.ok(listed?.rateLimitedUntil && listed.rateLimitedUntil > now, 'Manage API Keys would not show the limit');
  });

  it('manages keys: rename, make active, remove (arguments and quick pick)', async () => {
    await api.keyStore.add('One', 'test-key-one');
    await api.keyStore.add('Two', 'test-key-two');
    let r = (await vscode.commands.executeCommand('claudeChat.manageApiKeys', { action: 'rename', key: 'One', label: 'First' })) as KeyCommandResult;
    assert.strictEqual(r.ok, true);
    r = (await vscode.commands.executeCommand('claudeChat.manageApiKeys', { action: 'activate', key: 'First' })) as KeyCommandResult;
    assert.strictEqual(r.ok, true);
    assert.strictEqual(api.keyStore.active?.label, 'First');

    // The same through the UI: pick "Two", then "Remove", then confirm.
    prompter.picks.push(pickLabel('Two'), pickLabel('Remove'));
    prompter.confirms.push(true);
    r = (await vscode.commands.executeCommand('claudeChat.manageApiKeys')) as KeyCommandResult;
    assert.strictEqual(r.ok, true, JSON.stringify(r));
    assert.deepStrictEqual(api.keyStore.list().map((k) => k.label), ['First']);
    const listed = prompter.asked.find((a) => a.kind === 'pick')?.items?.map((i) => `${i.label} ${i.description ?? ''}`).join('\n') ?? '';
    assert.match(listed, /First .*active/);
    assert.ok(!listed.includes('test-key-'), 'the quick pick shows a key value');
  });

  it('shows a bad key and why in Manage API Keys', async () => {
    await api.keyStore.add('Work', 'test-key-work');
    api.keyStore.report(api.keyStore.find('Work')?.id ?? '', { kind: 'invalid', status: 401, reason: 'invalid x-api-key' });
    prompter.picks.push(() => undefined);
    await vscode.commands.executeCommand('claudeChat.manageApiKeys');
    const item = prompter.asked.find((a) => a.kind === 'pick')?.items?.find((i) => i.label.includes('Work'));
    assert.match(item?.detail ?? '', /rejected \(401\): invalid x-api-key/);
  });

  it('clears every key only after the modal confirmation', async () => {
    await api.keyStore.add('A', 'test-key-a');
    prompter.confirms.push(false);
    await vscode.commands.executeCommand('claudeChat.clearApiKeys');
    assert.strictEqual(api.keyStore.list().length, 1, 'cleared without confirmation');
    prompter.confirms.push(true);
    await vscode.commands.executeCommand('claudeChat.clearApiKeys');
    assert.strictEqual(api.keyStore.hasKeys, false);
  });

  it('offers to import ANTHROPIC_API_KEY with one click instead of using it silently', async () => {
    prompter.notificationAnswers.push({ match: /ANTHROPIC_API_KEY/, answer: 'Import' });
    const imported = await api.offerEnvImport({ ANTHROPIC_API_KEY: 'test-key-env' });
    assert.strictEqual(imported?.ok, true);
    assert.strictEqual(api.keyStore.active?.label, 'ANTHROPIC_API_KEY');
    // With a key stored, nothing is offered.
    const shownBefore = prompter.shown.length;
    assert.strictEqual(await api.offerEnvImport({ ANTHROPIC_API_KEY: 'test-key-env2' }), undefined);
    assert.strictEqual(prompter.shown.length, shownBefore);
  });

  it('talks to a loopback emulator with a placeholder key when no key is stored, and says so', async () => {
    assert.strictEqual(api.isEmulatorMode(), true);
    await api.client.messages.create(body);
    const sent = emulator.requests.find((r) => r.path === '/v1/messages');
    assert.ok(sent?.apiKey, 'no key header was sent');
    assert.ok(!api.keyStore.hasKeys);
    await api.keyStore.add('Real', 'test-key-real');
    assert.strictEqual(api.isEmulatorMode(), false);
  });
});
