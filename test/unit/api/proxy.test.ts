/**
 * The node transport through a real forward proxy (test/support/connectProxy.ts): https targets
 * through CONNECT tunnels, the proxy environment variables read like curl, NO_PROXY, and refusals
 * (407, 403, resets, an unreachable proxy) as errors that name the proxy. The target is an https
 * emulator on 127.0.0.2 with a throw-away CA: only localhost, 127.0.0.1 and ::1 always go direct.
 */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { BODY, rejection } from './harness';
import { startEmulator } from '../../emulator/server';
import type { Emulator } from '../../emulator/types';
import { startConnectProxy } from '../../support/connectProxy';
import type { ConnectProxy } from '../../support/connectProxy';
import { testTls } from '../../support/testTls';
import { AnthropicClient } from '../../../src/api/client';
import type { ClientOptions } from '../../../src/api/types';
import { ProxyError } from '../../../src/api/gatewayErrors';
import { APIConnectionError } from '../../../src/api/errors';
import { noProxyMatcher, parseProxyUrl, proxyFor, resolveProxy } from '../../../src/api/transport/proxy';
import { fetchProxyError } from '../../../src/api/transport/proxyErrors';

const KEY = 'test-key-proxy-7d41';
const text = (m: { content: Array<{ type: string; text?: string }> }): string => m.content.map((b) => b.text ?? '').join('');
const echo = (n: number) => ({ ...BODY, messages: [{ role: 'user' as const, content: `echo through the proxy ${n}` }] });

describe('api: proxies', () => {
  describe('configuration', () => {
    it('reads the variables like curl: lower case first, upper-case HTTP_PROXY ignored, ALL_PROXY as fallback', () => {
      const env = { HTTPS_PROXY: 'http://upper:3128', https_proxy: 'http://lower:3128', HTTP_PROXY: 'http://cgi:80', ALL_PROXY: 'http://all:8080' };
      const s = resolveProxy('env', env);
      assert.equal(s.https?.display, 'http://lower:3128');
      assert.equal(s.https?.source, 'https_proxy');
      assert.equal(s.http?.display, 'http://all:8080', 'HTTP_PROXY (upper case) is never read');
      assert.equal(resolveProxy('env', { HTTPS_PROXY: 'proxy.corp:8080' }).https?.display, 'http://proxy.corp:8080', 'host:port alone is http');
      assert.equal(resolveProxy('env', {}).https, undefined);
      assert.equal(resolveProxy('none', env).https, undefined);
    });

    it('NO_PROXY: *, names with their subdomains, leading dots, ports, addresses and CIDR blocks', () => {
      const m = noProxyMatcher('example.com, .corp.internal ,api.local:8443 10.0.0.0/8 [::2] 192.168.1.5');
      assert.ok(m('example.com', 443) && m('api.example.com', 443));
      assert.ok(!m('notexample.com', 443) && !m('example.com.evil', 443));
      assert.ok(m('corp.internal', 443) && m('gw.corp.internal', 443));
      assert.ok(m('api.local', 8443) && !m('api.local', 443));
      assert.ok(m('10.1.2.3', 443) && !m('11.0.0.1', 443));
      assert.ok(m('::2', 443) && m('[::2]', 443) && m('192.168.1.5', 80) && !m('192.168.1.50', 80));
      assert.ok(noProxyMatcher('*')('anything', 1));
      assert.ok(noProxyMatcher(['*.example.org'])('a.example.org', 443));
    });

    it('localhost, 127.0.0.1 and ::1 always go direct; other loopback addresses do not', () => {
      const s = resolveProxy('http://proxy:3128');
      for (const url of ['https://localhost:8443', 'http://127.0.0.1:1', 'http://[::1]:80']) assert.equal(proxyFor(s, new URL(url)), undefined, url);
      assert.equal(proxyFor(s, new URL('https://127.0.0.2:8443'))?.display, 'http://proxy:3128');
      assert.equal(proxyFor(resolveProxy({ url: 'http://proxy:3128', noProxy: ['127.0.0.2'] }), new URL('https://127.0.0.2:8443')), undefined);
    });

    it('credentials become a Basic proxy-authorization and never show; SOCKS and bad URLs are refused with a reason', () => {
      const p = parseProxyUrl('http://alice:s%40cret@proxy:3128', 'HTTPS_PROXY');
      assert.equal(p.display, 'http://proxy:3128');
      assert.equal(p.authorization, `Basic ${Buffer.from('alice:s@cret').toString('base64')}`);
      assert.match(parseProxyUrl('socks5://proxy:1080', 'ALL_PROXY').unusable ?? '', /ALL_PROXY names a SOCKS5 proxy \(socks5:\/\/proxy:1080\), which this client does not support/);
      assert.match(parseProxyUrl('http://[bad', 'HTTPS_PROXY').unusable ?? '', /not a valid proxy URL/);
    });

    it('fetch: undici\'s refusal and resets through a proxy become ProxyErrors naming it', () => {
      const proxy = parseProxyUrl('http://proxy:3128', 'http.proxy');
      const refused = fetchProxyError(new Error('Proxy response (407) !== 200 when HTTP Tunneling'), proxy, 'api.anthropic.com:443');
      assert.ok(refused instanceof ProxyError);
      assert.equal(refused.proxyStatus, 407);
      assert.match(refused.message, /^The proxy http:\/\/proxy:3128 refused the connection to api\.anthropic\.com:443: 407 Proxy Authentication Required\. It needs credentials/);
      // How the extension host's fetch (undici's ProxyAgent) reports it: nested two causes deep.
      const nested = new DOMException('Request was cancelled.', 'AbortError');
      Object.defineProperty(nested, 'cause', { value: Object.assign(new Error('Proxy response (407) !== 200 when HTTP Tunneling'), { code: 'UND_ERR_ABORTED' }) });
      assert.equal(fetchProxyError(nested, proxy, 'api.anthropic.com:443')?.proxyStatus, 407);
      const reset = fetchProxyError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), proxy, 'api.anthropic.com:443');
      assert.equal(reset?.failure, 'reset');
      assert.match(reset?.message ?? '', /^The proxy http:\/\/proxy:3128 reset the connection on the way to api\.anthropic\.com:443/);
      const down = fetchProxyError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), proxy, 'api.anthropic.com:443');
      assert.equal(down?.failure, 'unreachable');
      assert.equal(fetchProxyError(Object.assign(new Error('x'), { code: 'ECONNRESET' }), undefined, 'api.anthropic.com:443'), undefined, 'no proxy: not about one');
    });
  });

  describe('the node transport through a real proxy', function () {
    this.timeout(30_000);
    let emu: Emulator;
    let plain: Emulator;
    let proxy: ConnectProxy;
    const clients: AnthropicClient[] = [];
    const saved = { ...process.env };
    const client = (opts: ClientOptions = {}): AnthropicClient => {
      const c = new AnthropicClient({ apiKey: KEY, baseURL: emu.url, transport: 'node', ca: testTls().ca, maxRetries: 0, ...opts });
      clients.push(c);
      return c;
    };

    before(async () => {
      const tls = testTls();
      emu = await startEmulator({ host: '127.0.0.2', tls: { key: tls.key, cert: tls.cert } });
      plain = await startEmulator({ host: '127.0.0.2' });
      proxy = await startConnectProxy();
    });
    after(async () => {
      await proxy.close();
      await emu.close();
      await plain.close();
    });
    beforeEach(() => {
      emu.reset();
      proxy.mode = 'forward';
    });
    afterEach(() => {
      for (const c of clients.splice(0)) c.dispose();
      for (const name of ['HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy', 'http_proxy']) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    });

    it('https: every call tunnels through CONNECT, answers are complete, the proxy sees no header and no key, tunnels are reused', async () => {
      const c = client({ proxy: proxy.url });
      const logStart = proxy.log.length;
      const connectsStart = proxy.connects.length;
      for (let i = 0; i < 3; i++) assert.equal(text(await c.messages.create(echo(i))), `through the proxy ${i}`);
      assert.equal(text(await c.messages.stream(echo(3)).finalMessage()), 'through the proxy 3');
      const parallel = await Promise.all([4, 5, 6].map((i) => c.messages.stream(echo(i)).finalMessage()));
      parallel.forEach((m, i) => assert.equal(text(m), `through the proxy ${i + 4}`));
      await c.models.list();
      const target = new URL(emu.url).host;
      const tunnels = proxy.connects.slice(connectsStart);
      assert.ok(tunnels.length > 0 && tunnels.every((t) => t === target), JSON.stringify(tunnels));
      const seen = proxy.log.slice(logStart);
      assert.ok(seen.every((head) => head.startsWith(`CONNECT ${target} HTTP/1.1`)), 'only CONNECT lines');
      assert.ok(!seen.join('\n').includes(KEY), 'the key never reaches the proxy');
      const requests = emu.requests.length;
      assert.equal(requests, 8);
      const pool = c.metrics.snapshot().pool;
      assert.equal(pool.created, tunnels.length, 'connections opened = tunnels');
      assert.equal(pool.created + pool.reused, requests);
      assert.ok(pool.reused > 0, 'keep-alive through the tunnel');
      assert.equal(new Set(emu.requests.map((r) => r.socketId)).size, tunnels.length);
      assert.equal(pool.inUse, 0);
    });

    it('HTTPS_PROXY from the environment by default, NO_PROXY bypasses it, and proxy: none ignores both', async () => {
      process.env.HTTPS_PROXY = proxy.url;
      const before = proxy.connects.length;
      await client().messages.create(BODY);
      assert.equal(proxy.connects.length, before + 1, 'through the proxy');
      process.env.NO_PROXY = 'example.com,127.0.0.2';
      await client().messages.create(BODY);
      await client({ proxy: 'none' }).messages.create(BODY);
      assert.equal(proxy.connects.length, before + 1, 'bypassed');
      assert.equal(emu.requests.length, 3);
    });

    it('a 407 names the proxy and the fix, is not retried, and never shows the credentials', async () => {
      proxy.mode = 'refuse407';
      const before = proxy.connects.length;
      const c = client({ proxy: proxy.url.replace('http://', 'http://alice:hunter2-secret@'), maxRetries: 3 });
      const error = await rejection(c.messages.create(BODY));
      assert.ok(error instanceof ProxyError, String(error));
      assert.equal(error.proxy, proxy.url);
      assert.equal(error.proxyStatus, 407);
      assert.equal(error.failure, 'refused');
      assert.equal(error.message, `The proxy ${proxy.url} refused the connection to ${new URL(emu.url).host}: 407 Proxy Authentication Required. It needs credentials, or refused the ones given: put them in the proxy URL (http://user:password@host:port).`);
      assert.ok(!JSON.stringify({ m: error.message, s: error.stack, e: error }).includes('hunter2-secret'));
      assert.equal(proxy.connects.length, before + 1, 'not retried');
      assert.equal(emu.requests.length, 0);
      assert.equal(c.circuitState(BODY.model), 'closed');
      assert.equal(c.metrics.snapshot().pool.inUse, 0);
    });

    it('a proxy that demands credentials: the right ones pass, a 403 names its policy', async () => {
      const strict = await startConnectProxy({ credentials: 'alice:s3cret' });
      try {
        const c = client({ proxy: strict.url.replace('http://', 'http://alice:s3cret@') });
        assert.equal(text(await c.messages.create(echo(1))), 'through the proxy 1');
        assert.ok(strict.log[0].toLowerCase().includes(`proxy-authorization: basic ${Buffer.from('alice:s3cret').toString('base64')}`.toLowerCase()), strict.log[0]);
        strict.mode = 'refuse403';
        const error = await rejection(client({ proxy: strict.url.replace('http://', 'http://alice:s3cret@') }).messages.create(BODY));
        assert.ok(error instanceof ProxyError);
        assert.match(error.message, /: 403 Forbidden\. Its policy blocks this host/);
      } finally {
        await strict.close();
      }
    });

    it('a reset names the proxy and is retried like any connection failure', async () => {
      proxy.mode = 'reset';
      const before = proxy.connects.length;
      const error = await rejection(client({ proxy: proxy.url, maxRetries: 1, maxRetryDelayMs: 1 }).messages.create(BODY));
      assert.ok(error instanceof ProxyError, String(error));
      assert.ok(error instanceof APIConnectionError);
      assert.equal(error.failure, 'reset');
      assert.match(error.message, new RegExp(`^The proxy ${proxy.url.replace(/\./g, '\\.')} reset the connection before opening a tunnel to 127\\.0\\.0\\.2:\\d+ \\(ECONNRESET\\)\\.$`));
      assert.equal(proxy.connects.length, before + 2, 'retried once');
    });

    it('an unreachable proxy is named as such; a SOCKS proxy is refused before anything is sent', async () => {
      const closed = await new Promise<number>((resolve) => {
        const s = net.createServer().listen(0, '127.0.0.1', () => {
          const { port } = s.address() as net.AddressInfo;
          s.close(() => resolve(port));
        });
      });
      const down = await rejection(client({ proxy: `http://127.0.0.1:${closed}` }).messages.create(BODY));
      assert.ok(down instanceof ProxyError);
      assert.equal(down.failure, 'unreachable');
      assert.match(down.message, new RegExp(`^Could not reach the proxy http://127\\.0\\.0\\.1:${closed} \\(ECONNREFUSED\\)`));
      process.env.ALL_PROXY = 'socks5://127.0.0.1:1080';
      const socks = await rejection(client().messages.create(BODY));
      assert.ok(socks instanceof ProxyError);
      assert.match(socks.message, /ALL_PROXY names a SOCKS5 proxy/);
      assert.equal(emu.requests.length, 0);
    });

    it('plain http through the proxy in absolute form (the proxy sees that request); a 407 there is the proxy\'s', async () => {
      const c = client({ baseURL: plain.url, proxy: proxy.url });
      assert.equal(text(await c.messages.create(echo(9))), 'through the proxy 9');
      assert.equal(proxy.forwarded[proxy.forwarded.length - 1], `POST ${plain.url}/v1/messages`);
      proxy.mode = 'refuse407';
      const error = await rejection(c.messages.create(BODY));
      assert.ok(error instanceof ProxyError, String(error));
      assert.equal(error.proxyStatus, 407);
    });

    it("a certificate the client does not trust says where a company proxy's CA belongs", async () => {
      const error = await rejection(client({ ca: undefined, proxy: 'none' }).messages.create(BODY));
      assert.ok(error instanceof APIConnectionError && !(error instanceof ProxyError), String(error));
      assert.match(error.message, /certificate is not trusted here; behind a TLS-inspecting company proxy, add the company's CA certificate to the system's certificate store/);
    });
  });
});
