// Network restart check, phase 1 (extensionTestsPath module), in a host started with HTTPS_PROXY,
// HTTP_PROXY and NO_PROXY: the extension's client reaches an https emulator and a plain-http one
// through the proxy and a NO_PROXY one directly (the launcher checks what the proxy saw), then the
// per-key figures are saved and recorded for phase 2.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { EMULATOR_KEY } from '../../../../src/auth/policyKeyProvider';
import { startEmulator } from '../../../emulator/server';
import type { Emulator } from '../../../emulator/types';
import { getApi, setSetting } from '../../support/hostHarness';
import { writeNetworkState } from './state';

const body = (text: string) => ({ model: 'claude-sonnet-5-5', max_tokens: 64, messages: [{ role: 'user' as const, content: `echo ${text}` }] });
const text = (m: { content: { type: string; text?: string }[] }): string => m.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
const hostOf = (e: Emulator): string => new URL(e.url).host;

/** Called by VS Code; rejecting fails the run (exit code 1). */
export async function run(): Promise<void> {
  const tls = process.env.CLAUDE_CHAT_TEST_TLS_DIR ?? '';
  const secure = await startEmulator({
    host: '127.0.0.2',
    tls: { key: fs.readFileSync(path.join(tls, 'server.key')), cert: fs.readFileSync(path.join(tls, 'server.pem')) },
  });
  const proxied = await startEmulator({ host: '127.0.0.4' });
  const bypassed = await startEmulator({ host: '127.0.0.3' });
  const api = await getApi();
  await api.keyStore.clear();
  try {
    await setSetting(api, 'baseUrl', secure.url);
    assert.strictEqual(text(await api.client.messages.create(body('over https'))), 'over https');
    assert.strictEqual(text(await api.client.messages.stream(body('streamed over https')).finalMessage()), 'streamed over https');
    await setSetting(api, 'baseUrl', proxied.url);
    assert.strictEqual(text(await api.client.messages.create(body('plain http, proxied'))), 'plain http, proxied');
    await setSetting(api, 'baseUrl', bypassed.url);
    assert.strictEqual(text(await api.client.messages.stream(body('plain http, direct')).finalMessage()), 'plain http, direct');
    await api.network.keyStats?.flush();
    const usage = api.network.keyStats?.of(EMULATOR_KEY.id);
    assert.ok(usage && usage.requests === 4 && usage.outputTokens > 0, JSON.stringify(usage));
    writeNetworkState({ httpsTarget: hostOf(secure), proxiedHttpTarget: hostOf(proxied), bypassedTarget: hostOf(bypassed), usage, hostPid: process.pid });
  } finally {
    await setSetting(api, 'baseUrl', null);
    await Promise.all([secure.close(), proxied.close(), bypassed.close()]);
  }
}
