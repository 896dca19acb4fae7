/**
 * A small forward proxy for tests. It answers `CONNECT host:port` with a TCP tunnel (what a client
 * does for an https target behind a proxy) and forwards plain-http requests in absolute form
 * (`GET http://host/path`), keeping a log of everything it could read: for a tunnel that is the
 * CONNECT line and its headers only, for plain http the whole request head. Tests set `mode` to
 * make it refuse (407 with `Proxy-Authenticate`, or 403) or reset connections, and may require
 * credentials (Basic) like a company proxy.
 */
import * as http from 'node:http';
import * as net from 'node:net';

/** How the proxy treats the next requests. */
export type ProxyMode = 'forward' | 'refuse407' | 'refuse403' | 'reset';

/** Options of {@link startConnectProxy}. */
export interface ConnectProxyOptions {
  /** `user:password` the proxy demands (407 without them). */
  credentials?: string;
  /** Default 127.0.0.1. */
  host?: string;
}

/** A running proxy. */
export interface ConnectProxy {
  /** `http://127.0.0.1:PORT`, for `http.proxy` (without credentials). */
  readonly url: string;
  /** Every CONNECT target, in order (`host:port`), refused ones included. */
  readonly connects: readonly string[];
  /** Every plain-http request forwarded (`METHOD absolute-url`). */
  readonly forwarded: readonly string[];
  /** What the proxy could read, one entry per request head (request line and headers). */
  readonly log: readonly string[];
  /** Current behaviour (default `forward`). */
  mode: ProxyMode;
  close(): Promise<void>;
}

function head(req: http.IncomingMessage): string {
  const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  return lines.join('\r\n');
}

/** Starts a proxy on 127.0.0.1 (or `options.host`). */
export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const connects: string[] = [];
  const forwarded: string[] = [];
  const log: string[] = [];
  const sockets = new Set<net.Socket>();
  const expected = options.credentials ? `Basic ${Buffer.from(options.credentials).toString('base64')}` : undefined;
  const track = (s: net.Socket): void => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  // Refusal (status line and headers) for `mode`, or undefined to go on; `reset` is handled by the caller.
  const refusal = (req: http.IncomingMessage): { status: number; text: string; headers: Record<string, string> } | undefined => {
    if (proxy.mode === 'refuse403') return { status: 403, text: 'Forbidden', headers: {} };
    const authorized = expected === undefined || req.headers['proxy-authorization'] === expected;
    if (proxy.mode === 'refuse407' || !authorized) {
      return { status: 407, text: 'Proxy Authentication Required', headers: { 'proxy-authenticate': 'Basic realm="test proxy"' } };
    }
    return undefined;
  };

  const server = http.createServer((req, res) => {
    log.push(head(req));
    if (proxy.mode === 'reset') {
      req.socket.resetAndDestroy();
      return;
    }
    const refused = refusal(req);
    if (refused) {
      res.writeHead(refused.status, refused.text, { ...refused.headers, 'content-type': 'text/html', connection: 'close' });
      res.end(`<html><title>${refused.status} ${refused.text}</title></html>`);
      return;
    }
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute-form request expected');
      return;
    }
    forwarded.push(`${req.method} ${target.href}`);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = http.request(
      { host: target.hostname.replace(/^\[|\]$/g, ''), port: target.port || 80, path: target.pathname + target.search, method: req.method, headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', track);
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, extra: Buffer) => {
    const target = req.url ?? '';
    connects.push(target);
    log.push(head(req));
    if (proxy.mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    const refused = refusal(req);
    if (refused) {
      const lines = [`HTTP/1.1 ${refused.status} ${refused.text}`, ...Object.entries(refused.headers).map(([k, v]) => `${k}: ${v}`), 'content-length: 0', '', ''];
      client.end(lines.join('\r\n'));
      return;
    }
    const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
    const upstream = net.connect(port, host.replace(/^\[|\]$/g, ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (extra.length) upstream.write(extra);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, options.host ?? '127.0.0.1', () => r()));
  const proxy: ConnectProxy = {
    url: `http://${options.host ?? '127.0.0.1'}:${(server.address() as net.AddressInfo).port}`,
    connects,
    forwarded,
    log,
    mode: 'forward',
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return proxy;
}
