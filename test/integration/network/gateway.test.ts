// A company gateway in the real extension host: the signing secret through its commands
// (SecretStorage, applied without a reload), the signing header names, claudeChat.extraHeaders
// (arriving, refused names reported), both rotation strategies against the emulator's per-key
// limits, and the per-key usage in Manage API Keys, the status-bar tooltip and across a restart
// of the figures' owner (a new client restoring from the same globalState).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ClaudeChatApi } from '../../../src/extension';
import { AnthropicClient } from '../../../src/api';
import type { GatewaySignatureError } from '../../../src/api';
import { systemClock } from '../../../src/base/clock';
import { KEY_USAGE_STATE, KeyStats } from '../../../src/network/keyStats';
import type { NetworkCommandResult } from '../../../src/network/networkCommands';
import { startEmulator } from '../../emulator/server';
import type { Emulator } from '../../emulator/types';
import { ScriptedPrompter, getApi, resetSettings, setSetting, waitFor } from '../support/hostHarness';

const body = { model: 'claude-sonnet-5-5', max_tokens: 64, messages: [{ role: 'user' as const, content: 'echo hello gateway' }] };
const SECRET = 'gateway-test-secret';

async function setNetwork(name: 'extraHeaders' | 'signingHeaders' | 'keyRotation', value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('claudeChat').update(name, value, vscode.ConfigurationTarget.Global);
}

const rejection = (p: Promise<unknown>): Promise<unknown> => p.then(() => assert.fail('expected a rejection'), (e: unknown) => e);

describe('company network: gateway signing, extra headers, rotation, key usage (real host)', function () {
  this.timeout(30_000);
  let api: ClaudeChatApi;
  let prompter: ScriptedPrompter;
  let restore: () => void;
  const emulators: Emulator[] = [];
  const emulator = async (options: Parameters<typeof startEmulator>[0] = {}): Promise<Emulator> => {
    const e = await startEmulator(options);
    emulators.push(e);
    await setSetting(api, 'baseUrl', e.url);
    return e;
  };

  before(async () => {
    api = await getApi();
  });

  beforeEach(async () => {
    await api.keyStore.clear();
    prompter = new ScriptedPrompter();
    restore = api.prompter.use(prompter);
  });

  afterEach(() => restore());

  after(async () => {
    await vscode.commands.executeCommand('claudeChat.clearGatewaySigningSecret');
    for (const name of ['extraHeaders', 'signingHeaders', 'keyRotation'] as const) await setNetwork(name, undefined);
    await api.keyStore.clear();
    await resetSettings();
    for (const e of emulators) await e.close();
  });

  it('Set Gateway Signing Secret: a gateway that checks signatures accepts the requests, and refuses them once it is cleared', async () => {
    const gw = await emulator({ signingSecret: SECRET });
    const before = (await rejection(api.client.messages.create(body))) as GatewaySignatureError;
    // The extension's bundle has its own copy of the error classes: checked by name, not instanceof.
    assert.ok(before.name === 'GatewaySignatureError' && before.signatureCause === 'missingSecret', String(before));
    assert.match(before.message, /no signing secret is set/);

    const set = (await vscode.commands.executeCommand('claudeChat.setGatewaySigningSecret', { secret: SECRET })) as NetworkCommandResult;
    assert.deepStrictEqual(set, { ok: true });
    assert.strictEqual(await api.client.messages.create(body).then((m) => m.content.length > 0), true);
    await api.client.messages.stream(body).finalMessage();
    const signed = gw.requests.slice(-2);
    assert.deepStrictEqual(signed.map((r) => [r.status, r.signatureProblem]), [[200, undefined], [200, undefined]]);
    assert.ok(signed.every((r) => /^[0-9a-f]{64}$/.test(r.headers['x-signature'] ?? '')), 'signed with the default header names');
    assert.ok(!prompter.transcript().includes(SECRET), 'the secret is never shown');

    await vscode.commands.executeCommand('claudeChat.clearGatewaySigningSecret');
    assert.strictEqual(api.network.signingSecret.isSet, false);
    const after = (await rejection(api.client.messages.create(body))) as GatewaySignatureError;
    assert.strictEqual(after.signatureCause, 'missingSecret');
    assert.strictEqual(gw.requests.at(-1)?.signatureProblem, 'missing');
  });

  it('claudeChat.signingHeaders renames the three headers, live', async () => {
    const names = { timestamp: 'x-gw-time', nonce: 'x-gw-nonce', signature: 'x-gw-sig' };
    const gw = await emulator({ signingSecret: SECRET, signingHeaders: names });
    await vscode.commands.executeCommand('claudeChat.setGatewaySigningSecret', { secret: SECRET });
    await setNetwork('signingHeaders', names);
    await waitFor('signing names applied', () => api.network.settings.current.signingHeaders.signature === 'x-gw-sig');
    await api.client.messages.create(body);
    const r = gw.requests.at(-1);
    assert.strictEqual(r?.status, 200, JSON.stringify(r?.signatureProblem));
    assert.ok(r.headers['x-gw-sig'] && !r.headers['x-signature']);
    await setNetwork('signingHeaders', undefined);
    await vscode.commands.executeCommand('claudeChat.clearGatewaySigningSecret');
  });

  it('claudeChat.extraHeaders arrive on every request (${env:NAME} resolved); refused names are reported and not sent', async () => {
    const gw = await emulator();
    process.env.CLAUDE_CHAT_TEST_TEAM = 'platform-team';
    await setNetwork('extraHeaders', { 'X-Org-Id': 'acme', 'x-team': '${env:CLAUDE_CHAT_TEST_TEAM}' });
    await waitFor('extra headers applied', () => api.network.settings.current.extraHeaders['X-Org-Id'] === 'acme');
    await api.client.messages.create(body);
    await api.client.messages.stream(body).finalMessage();
    for (const r of gw.requests.slice(-2)) {
      assert.strictEqual(r.headers['x-org-id'], 'acme');
      assert.strictEqual(r.headers['x-team'], 'platform-team');
    }

    await setNetwork('extraHeaders', { 'x-api-key': 'not-a-key', 'Anthropic-Version': '2020-01-01', 'x-ok': 'yes' });
    await waitFor('refusal reported', () => prompter.shown.some((s) => s.level === 'error' && s.text.includes('claudeChat.extraHeaders')));
    const shown = prompter.shown.find((s) => s.text.includes('claudeChat.extraHeaders'))?.text ?? '';
    assert.match(shown, /"x-api-key"/);
    assert.match(shown, /"Anthropic-Version"/);
    assert.match(shown, /not sent/);
    await api.client.messages.create(body);
    const r = gw.requests.at(-1);
    assert.strictEqual(r?.headers['x-ok'], 'yes');
    assert.notStrictEqual(r.headers['x-api-key'], 'not-a-key');
    assert.notStrictEqual(r.anthropicVersion, '2020-01-01');
    await setNetwork('extraHeaders', undefined);
    delete process.env.CLAUDE_CHAT_TEST_TEAM;
  });

  it('keyRotation failover: stays on the active key and moves on when its limit is used up', async () => {
    const gw = await emulator();
    await setNetwork('keyRotation', 'failover');
    await waitFor('failover', () => api.network.settings.current.keyRotation === 'failover');
    await api.keyStore.add('Spare', 'test-key-spare');
    await api.keyStore.add('Main', 'test-key-main');
    gw.setRateLimits({ requests: { limit: 2 } }, 'test-key-main');
    gw.setRateLimits({ requests: { limit: 10 } }, 'test-key-spare');
    for (let i = 0; i < 4; i++) await api.client.messages.create(body);
    const sent = gw.requests.filter((r) => r.path === '/v1/messages').map((r) => `${r.apiKey}:${r.status}`);
    // At 0 requests left the client moves on before sending (no 429 earned), and stays moved.
    assert.deepStrictEqual(sent, ['test-key-main:200', 'test-key-main:200', 'test-key-spare:200', 'test-key-spare:200']);
  });

  it('keyRotation roundRobin: spreads new requests over the keys with room', async () => {
    const gw = await emulator();
    await setNetwork('keyRotation', 'roundRobin');
    await waitFor('roundRobin', () => api.network.settings.current.keyRotation === 'roundRobin');
    await api.keyStore.add('A', 'test-key-a');
    await api.keyStore.add('B', 'test-key-b');
    await api.keyStore.add('C', 'test-key-c');
    for (const k of ['test-key-a', 'test-key-b', 'test-key-c']) gw.setRateLimits({ requests: { limit: 2 } }, k);
    for (let i = 0; i < 6; i++) await api.client.messages.create(body);
    const sent = gw.requests.filter((r) => r.path === '/v1/messages');
    assert.ok(sent.every((r) => r.status === 200), `no 429: ${sent.map((r) => r.status).join(',')}`);
    const perKey = new Map<string, number>();
    for (const r of sent) perKey.set(r.apiKey ?? '', (perKey.get(r.apiKey ?? '') ?? 0) + 1);
    assert.deepStrictEqual([...perKey.values()], [2, 2, 2], JSON.stringify([...perKey]));
    assert.notStrictEqual(sent[0].apiKey, sent[1].apiKey);
    await setNetwork('keyRotation', undefined);
  });

  it('per-key usage: shown in Manage API Keys and the status-bar tooltip, kept across a restart, never a key', async () => {
    const gw = await emulator();
    await api.keyStore.add('Usage key', 'test-key-usage');
    const id = api.keyStore.find('Usage key')?.id ?? '';
    await api.client.messages.create(body);
    await api.client.messages.stream(body).finalMessage();
    gw.script({ status: 429, retryAfter: 1 });
    await rejection(api.client.messages.create(body, { maxRetries: 0 }));
    const live = api.network.keyStats?.of(id);
    assert.ok(live && live.requests === 3 && live.rateLimited === 1 && live.inputTokens > 0 && live.outputTokens > 0 && live.costUsd > 0, JSON.stringify(live));

    await vscode.commands.executeCommand('claudeChat.manageApiKeys');
    const item = prompter.asked.find((a) => a.kind === 'pick')?.items?.find((i) => i.label.includes('Usage key'));
    assert.match(item?.detail ?? '', /3 requests · .* in \/ .* out tokens · \$[\d.]+ · 1 × 429 · last used just now/);
    await waitFor('tooltip shows usage', () => {
      const tip = api.statusBar.statusBarItem.tooltip;
      return tip instanceof vscode.MarkdownString && /\*\*Usage key\*\*: 3 requests/.test(tip.value);
    });

    await api.network.keyStats?.flush();
    const saved = JSON.stringify(api.storage.globalState.get(KEY_USAGE_STATE));
    assert.ok(!saved.includes('test-key-usage'), 'no key value in the saved figures');
    // What the next activation does: a new client, its usage restored from the same globalState.
    const next = new AnthropicClient({ apiKey: 'test-key-other', baseURL: gw.url });
    const restored = new KeyStats(next, api.storage.globalState, systemClock);
    try {
      assert.deepStrictEqual(restored.of(id), JSON.parse(JSON.stringify(live)));
    } finally {
      restored.dispose();
      next.dispose();
    }

    await api.keyStore.remove(id);
    await waitFor('figures of a removed key dropped', () => api.network.keyStats?.of(id) === undefined);
  });
});
