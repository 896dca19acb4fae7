// VS Code's proxy settings with the extension's own client, in the real extension host: every kind
// of request (create, stream, concurrent streams, count_tokens, models) goes through `http.proxy`
// to an https emulator on 127.0.0.2 (not a host the proxy agent treats as local), the proxy sees
// only CONNECT lines, `http.noProxy` and `http.proxySupport: off` bypass it, the pool counters
// stay true, and a proxy that refuses (407) or resets gets an error naming it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ClaudeChatApi } from '../../../src/extension';
import type { ProxyError } from '../../../src/api';
import { startTlsEmulator } from '../support/tlsEmulator';
import { startEmulator } from '../../emulator/server';
import type { Emulator } from '../../emulator/types';
import { startConnectProxy } from '../../support/connectProxy';
import type { ConnectProxy, ProxyMode } from '../../support/connectProxy';
import type * as TestCa from '../../../scripts/lib/testCa';
import { getApi, resetSettings, setHostSetting, setSetting } from '../support/hostHarness';
/** Where the launcher (scripts/run-integration.js) put the CA and the server certificate. */

const KEY = 'test-key-proxy';
const body = (n: number) => ({ model: 'claude-sonnet-5-5', max_tokens: 64, messages: [{ role: 'user' as const, content: `echo proxied ${n}` }] });
const text = (m: { content: { type: string; text?: string }[] }): string => m.content.map((b) => (b.type === 'text' ? b.text : '')).join('');

const ROOT = path.resolve(__dirname, '../../../..');

async function setHttp(name: 'proxy' | 'noProxy' | 'proxySupport' | 'proxyStrictSSL', value: unknown): Promise<void> {
  await setHostSetting('http', name, value);
}

describe('company network: VS Code proxy settings with the extension client (real host, https on 127.0.0.2)', function () {
  this.timeout(60_000);
  let api: ClaudeChatApi;
  let emulator: Emulator;
  const proxies: ConnectProxy[] = [];
  const proxy = async (mode: ProxyMode = 'forward'): Promise<ConnectProxy> => {
    const p = await startConnectProxy();
    p.mode = mode;
    proxies.push(p);
    return p;
  };

  /** Every kind of request the client makes; returns how many reached the emulator. */
  async function everyKind(): Promise<number> {
    const before = emulator.requests.length;
    assert.strictEqual(text(await api.client.messages.create(body(1))), 'proxied 1');
    assert.strictEqual(text(await api.client.messages.stream(body(2)).finalMessage()), 'proxied 2');
    const parallel = await Promise.all([3, 4, 5].map((n) => api.client.messages.stream(body(n)).finalMessage()));
    assert.deepStrictEqual(parallel.map(text), ['proxied 3', 'proxied 4', 'proxied 5']);
    assert.ok((await api.client.messages.countTokens(body(6))).input_tokens > 0);
    assert.ok((await api.client.models.list()).length > 0);
    return emulator.requests.length - before;
  }

  before(async function () {
    emulator = await startTlsEmulator();
    api = await getApi();
    await api.keyStore.clear();
    await api.keyStore.add('Proxy test', KEY);
    await setSetting(api, 'baseUrl', emulator.url);
  });

  after(async () => {
    for (const name of ['proxy', 'noProxy', 'proxySupport', 'proxyStrictSSL'] as const) await setHttp(name, undefined);
    await api.keyStore.clear();
    await resetSettings();
    for (const p of proxies) await p.close();
    await emulator?.close();
  });

  it('http.proxy: every request tunnels through it, answers complete, the proxy reads no key, pool counts stay true', async () => {
    const p = await proxy();
    await setHttp('proxy', p.url);
    const pool0 = api.client.metrics.snapshot().pool;
    const sent = await everyKind();
    const target = new URL(emulator.url).host;
    assert.ok(p.connects.length > 0 && p.connects.every((c) => c === target), `tunnels: ${JSON.stringify(p.connects)}`);
    assert.ok(p.connects.length < sent, `tunnels are reused (${p.connects.length} for ${sent} requests)`);
    assert.ok(p.log.every((line) => line.startsWith(`CONNECT ${target} `)), `the proxy read only CONNECT lines: ${JSON.stringify(p.log)}`);
    const logged = p.log.join('\n');
    assert.ok(!logged.includes(KEY) && !/authorization|x-api-key/i.test(logged), 'no key and no auth header in what the proxy saw');
    const pool = api.client.metrics.snapshot().pool;
    assert.strictEqual(pool.created + pool.reused - (pool0.created + pool0.reused), sent, 'every request counted once');
    console.log(`[network-measure] host, http.proxy, extension client: ${sent} requests over ${p.connects.length} CONNECT tunnel(s); pool ${JSON.stringify(pool)}`);
  });

  it('http.noProxy and http.proxySupport: off bypass the proxy', async () => {
    const p = await proxy();
    try {
      await setHttp('proxy', p.url);
      await setHttp('noProxy', ['127.0.0.2']);
      await everyKind();
      assert.deepStrictEqual(p.connects, [], 'noProxy: nothing went through the proxy');
      await setHttp('noProxy', undefined);
      await setHttp('proxySupport', 'off');
      await everyKind();
      assert.deepStrictEqual(p.connects, [], 'proxySupport off: nothing went through the proxy');
    } finally {
      // A failure here must not leave the proxy off for the tests after it.
      await setHttp('noProxy', undefined);
      await setHttp('proxySupport', undefined);
    }
  });

  it('a certificate nobody trusts fails (not blamed on the proxy), says where a CA belongs, and http.proxyStrictSSL: false does not change that', async () => {
    // A second throw-away CA the host was never told about: what a TLS-inspecting proxy looks like.
    const { makeTestCa } = (await import(path.join(ROOT, 'scripts', 'lib', 'testCa.js'))) as typeof TestCa;
    const ca = makeTestCa(fs.mkdtempSync(path.join(os.tmpdir(), 'cc-untrusted-')));
    const untrusted = await startEmulator({ host: '127.0.0.2', tls: { key: fs.readFileSync(ca.key), cert: fs.readFileSync(ca.cert) } });
    const p = await proxy();
    try {
      await setSetting(api, 'baseUrl', untrusted.url);
      await setHttp('proxy', p.url);
      const strict = (await api.client.messages.create(body(10), { maxRetries: 0 }).then(() => undefined, (e: unknown) => e)) as Error | undefined;
      assert.ok(strict && strict.name !== 'ProxyError', `a certificate error, not the proxy's: ${String(strict)}`);
      assert.match(strict.message, /certificate is not trusted here.*company's CA certificate to the system's certificate store/);
      await setHttp('proxyStrictSSL', false);
      const relaxed = await api.client.messages.create(body(11), { maxRetries: 0 }).then((m) => `answered: ${text(m)}`, (e: unknown) => `failed: ${String(e)}`);
      console.log(`[network-measure] host, http.proxyStrictSSL false, untrusted certificate through the proxy: ${relaxed}`);
      // Measured on code-server 1.139: the setting does not relax the host's fetch, so the README
      // says a CA must be trusted; if VS Code changes that, this line says so.
      assert.match(relaxed, /^failed: .*certificate is not trusted here/);
      assert.ok(p.connects.length > 0, 'through the proxy');
    } finally {
      await setHttp('proxyStrictSSL', undefined);
      await setSetting(api, 'baseUrl', emulator.url);
      await untrusted.close();
      fs.rmSync(ca.dir, { recursive: true, force: true });
    }
  });

  for (const [mode, failure, pattern] of [
    ['refuse407', 'refused', /407 Proxy Authentication Required.*credentials/],
    ['reset', 'reset', /reset the connection/],
  ] as const) {
    it(`a proxy that ${mode === 'reset' ? 'resets the connection' : 'answers 407'} gets an error naming it`, async () => {
      const p = await proxy(mode);
      await setHttp('proxy', p.url);
      const error = (await api.client.messages.create(body(9), { maxRetries: 0 }).then(() => undefined, (e: unknown) => e)) as ProxyError;
      // The extension's bundle has its own copy of the error classes: checked by name, not instanceof.
      assert.strictEqual(error?.name, 'ProxyError', String(error));
      assert.strictEqual(error.failure, failure);
      assert.strictEqual(error.proxy, p.url);
      assert.ok(error.message.includes(p.url), error.message);
      assert.match(error.message, pattern);
      assert.ok(!error.message.includes(KEY));
      assert.ok(p.connects.length > 0, 'the request really went to the proxy');
    });
  }
});
