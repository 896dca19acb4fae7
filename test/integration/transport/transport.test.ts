// The transport in the real extension host, where VS Code's proxy support patches Node's http
// stack. The target is an https emulator on 127.0.0.2 (the proxy agent treats only localhost and
// 127.0.0.1 as local, so this address gets the treatment the real API gets), trusted through the
// throw-away CA the launcher hands the host in NODE_EXTRA_CA_CERTS. Each transport sends
// sequential and concurrent requests; the emulator counts the TCP connections it saw. Then a
// CONNECT proxy started here is set as `http.proxy`. Lines starting `[transport-measure]` are the
// figures the README quotes.
import * as assert from 'assert';
import { getApi, setHostSetting, setSetting, resetSettings, waitFor } from '../support/hostHarness';
import { startTlsEmulator } from '../support/tlsEmulator';
import type { Emulator } from '../../emulator/types';
import { startConnectProxy } from '../../support/connectProxy';
import type { ConnectProxy } from '../../support/connectProxy';
import { AnthropicClient } from '../../../src/api/client';
import type { TransportKind } from '../../../src/api/types';

/** Where the launcher (scripts/run-integration.js) put the CA and the server certificate. */

const SEQUENTIAL = 6;
const CONCURRENT = 6;
const body = (n: number) => ({ model: 'claude-sonnet-5-5', max_tokens: 256, messages: [{ role: 'user' as const, content: `echo request ${n} über the wire` }] });
const text = (m: { content: { type: string; text?: string }[] }): string => m.content.map((b) => (b.type === 'text' ? b.text : '')).join('');

interface Measured {
  requests: number;
  connections: number;
}

/** Sequential creates and streams, then concurrent streams; every answer must be complete and exact. */
async function exercise(client: Pick<AnthropicClient, 'messages'>, emulator: Emulator): Promise<Measured> {
  const before = emulator.requests.length;
  for (let i = 0; i < SEQUENTIAL; i++) {
    const call = i % 2 ? client.messages.stream(body(i)).finalMessage() : client.messages.create(body(i));
    assert.strictEqual(text(await call), `request ${i} über the wire`);
  }
  const concurrent = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => client.messages.stream(body(100 + i)).finalMessage()));
  concurrent.forEach((m, i) => assert.strictEqual(text(m), `request ${100 + i} über the wire`));
  const mine = emulator.requests.slice(before);
  return { requests: mine.length, connections: new Set(mine.map((r) => r.socketId)).size };
}

async function setProxy(proxy: string | undefined): Promise<void> {
  await setHostSetting('http', 'proxy', proxy);
}

describe('transport in the real extension host (https on 127.0.0.2)', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let proxy: ConnectProxy;

  before(async function () {
    emulator = await startTlsEmulator();
    proxy = await startConnectProxy();
  });

  after(async () => {
    await setProxy(undefined);
    await resetSettings();
    await proxy?.close();
    await emulator?.close();
  });

  for (const transport of ['node', 'fetch'] as TransportKind[]) {
    it(`${transport}: answers complete; the pool counters match the connections the server saw`, async () => {
      const client = new AnthropicClient({ apiKey: 'test-key-1', baseURL: emulator.url, transport, maxRetries: 0 });
      try {
        const m = await exercise(client, emulator);
        const pool = client.metrics.snapshot().pool;
        console.log(`[transport-measure] host, default proxySupport, no proxy, ${transport}: ${m.requests} requests over ${m.connections} connection(s); pool ${JSON.stringify(pool)}`);
        assert.strictEqual(pool.created + pool.reused, m.requests, 'every request counted once');
        if (pool.counted) assert.strictEqual(pool.created, m.connections, 'created = connections the server saw');
        if (transport === 'fetch') assert.ok(m.connections < m.requests, `fetch reuses connections (${m.connections} for ${m.requests})`);
      } finally {
        client.dispose();
      }
    });
  }

  it("the extension's own client uses fetch and reuses connections to the API", async () => {
    const api = await getApi();
    await setSetting(api, 'baseUrl', emulator.url);
    assert.strictEqual(api.client.metrics.snapshot().pool.transport, 'fetch');
    const m = await exercise(api.client, emulator);
    console.log(`[transport-measure] host, extension client (fetch): ${m.requests} requests over ${m.connections} connection(s)`);
    assert.ok(m.connections < m.requests, `reuse (${m.connections} connections for ${m.requests} requests)`);
    // A stream settles at message_stop; its connection is back in the pool once the body's end arrived.
    await waitFor('no connection checked out', () => api.client.metrics.snapshot().pool.inUse === 0);
  });

  it('with http.proxy set, requests tunnel through the proxy (CONNECT) and the answers are complete', async () => {
    const api = await getApi();
    await setSetting(api, 'baseUrl', emulator.url);
    await setProxy(proxy.url);
    const target = new URL(emulator.url).host;
    for (const transport of ['node', 'fetch'] as TransportKind[]) {
      const client = new AnthropicClient({ apiKey: 'test-key-1', baseURL: emulator.url, transport, maxRetries: 0 });
      const tunnels = proxy.connects.length;
      try {
        const m = await exercise(client, emulator);
        const opened = proxy.connects.slice(tunnels);
        console.log(`[transport-measure] host, http.proxy set, ${transport}: ${m.requests} requests over ${opened.length} CONNECT tunnel(s); server saw ${m.connections} connection(s)`);
        assert.ok(opened.length > 0 && opened.every((t) => t === target), `${transport} tunnelled to ${target}: ${JSON.stringify(opened)}`);
      } finally {
        client.dispose();
      }
    }
    const tunnels = proxy.connects.length;
    const m = await exercise(api.client, emulator);
    const opened = proxy.connects.length - tunnels;
    console.log(`[transport-measure] host, http.proxy set, extension client (fetch): ${m.requests} requests over ${opened} CONNECT tunnel(s)`);
    assert.ok(opened > 0, 'the extension client went through the proxy');
    assert.ok(opened < m.requests, `tunnels are reused (${opened} for ${m.requests} requests)`);
  });

  it('a stream cut mid-answer in the host settles with its partial, and the next call works', async () => {
    const api = await getApi();
    await setSetting(api, 'baseUrl', emulator.url);
    await setProxy(undefined);
    emulator.script({ destroyAfterEvents: 3 });
    const error = await api.client.messages.stream(body(7)).finalMessage().then(() => undefined, (e: Error & { partialMessage?: unknown }) => e);
    assert.ok(error?.partialMessage, `a connection error with the partial message: ${String(error)}`);
    assert.strictEqual(text(await api.client.messages.create(body(8))), 'request 8 über the wire');
  });
});
