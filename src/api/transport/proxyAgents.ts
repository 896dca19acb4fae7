/**
 * Keep-alive agents of the `node` transport through an HTTP proxy. For an https target the agent
 * opens a tunnel (`CONNECT host:port`) and runs TLS to the target inside it: the proxy sees the
 * CONNECT line only, never a header or the key. Tunnels are pooled like direct sockets (one agent
 * per proxy, sockets keyed by target), so keep-alive and the pool counters work as without a
 * proxy. For an http target (loopback only, see the README) requests go to the proxy in absolute
 * form on a plain keep-alive agent.
 */
import * as http from 'http';
import * as https from 'https';
import * as tls from 'tls';
import type { Duplex } from 'stream';
import type { ProxyServer } from './proxy';
import { proxyConnectionError, proxyRefused } from './proxyErrors';

/** Agent options the pool uses for every agent. */
export type AgentOptions = http.AgentOptions & { ca?: tls.SecureContextOptions['ca'] };

type Callback = (error: Error | null, socket: Duplex) => void;

/**
 * An https agent whose sockets are TLS connections through `proxy`. Node's agent accepts a
 * `createConnection` that answers through its callback, so the CONNECT handshake runs before the
 * agent hands the socket to a request, and a refusal fails exactly that request.
 */
export class TunnelAgent extends https.Agent {
  constructor(
    readonly proxy: ProxyServer,
    private readonly agentOptions: AgentOptions,
  ) {
    super(agentOptions);
  }

  override createConnection(options: https.RequestOptions, callback?: Callback): Duplex | undefined {
    const done = callback as Callback;
    const host = options.host ?? 'localhost';
    const target = `${host.includes(':') ? `[${host}]` : host}:${options.port ?? 443}`;
    const { proxy } = this;
    const headers: http.OutgoingHttpHeaders = { host: target };
    if (proxy.authorization) headers['proxy-authorization'] = proxy.authorization;
    const request = (proxy.protocol === 'https:' ? https.request : http.request)({
      host: proxy.hostname,
      port: proxy.port,
      method: 'CONNECT',
      path: target,
      headers,
      agent: false,
      ...(proxy.protocol === 'https:' && this.agentOptions.ca ? { ca: this.agentOptions.ca } : {}),
    });
    let settled = false;
    const finish = (error: Error | null, socket?: Duplex): void => {
      if (settled) {
        socket?.destroy();
        return;
      }
      settled = true;
      // Node's agent reads the socket only when there is no error.
      done(error, socket as Duplex);
    };
    request.once('connect', (res: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        finish(proxyRefused(proxy, target, res.statusCode ?? 0, res.statusMessage));
        return;
      }
      if (head.length) socket.unshift(head);
      // TLS to the target inside the tunnel; host (not the proxy) is what the certificate is checked against.
      const secure = tls.connect({ ...(options as tls.ConnectionOptions), socket, host, servername: options.servername ?? (tlsServerName(host) || undefined) });
      finish(null, secure);
    });
    request.once('error', (error) => finish(proxyConnectionError(error, proxy, target, 'tunnel')));
    request.once('close', () => finish(proxyConnectionError(Object.assign(new Error('closed before answering'), { code: 'ECONNRESET' }), proxy, target, 'tunnel')));
    request.end();
    return undefined;
  }
}

/** SNI must be a host name, never an IP address. */
function tlsServerName(host: string): string {
  return /^[\d.]+$/.test(host) || host.includes(':') ? '' : host;
}

/** The two agents for one proxy. */
export interface ProxyAgents {
  readonly http: http.Agent;
  readonly https: TunnelAgent;
}

/** Agents for `proxy` with the pool's options. */
export function createProxyAgents(proxy: ProxyServer, options: AgentOptions): ProxyAgents {
  return { http: new http.Agent(options), https: new TunnelAgent(proxy, options) };
}
