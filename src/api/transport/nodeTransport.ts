/**
 * The `node:http`/`node:https` transport on keep-alive agents: the library default in plain Node
 * (the CPU targets are measured on it). One {@link NodeCall} per request owns the request and,
 * once the headers are in, the body.
 */
import * as http from 'http';
import * as https from 'https';
import type { Readable } from 'stream';
import type { HttpRequest, HttpResponse, PoolSnapshot, Transport, TransportOptions } from './types';
import { APIUserAbortError } from '../errors';
import { headersFromRaw } from '../core/headers';
import { ConnectionPool } from './agents';
import { ACCEPT_ENCODING, decodedBody } from './decompress';
import type { ProxyServer, ProxySettings } from './proxy';
import { NO_PROXY_SETTINGS, proxyFor } from './proxy';
import { proxyConnectionError, proxyRefused } from './proxyErrors';
import { asConnectionError } from './responseBody';
import { TransportCall } from './transportCall';

/** A base URL taken apart once, with the agent that serves it. */
interface Origin {
  request: typeof http.request;
  agent: http.Agent;
  protocol: string;
  hostname: string;
  port: string;
  /** `host` header: the hostname, and the port when not the scheme's default. */
  host: string;
  basePath: string;
  /** The proxy the requests go through, if any. */
  proxy: ProxyServer | undefined;
  /** `host:port` of the target, for messages about the proxy. */
  target: string;
  /** Plain http through the proxy: the proxy sees the request (and its credentials go with it). */
  proxiedHttp: boolean;
}

/** See the file comment. */
export class NodeTransport implements Transport {
  readonly kind = 'node' as const;
  readonly pool: () => PoolSnapshot;
  /** @internal */ readonly agents: ConnectionPool;
  /** @internal */ readonly live = new Set<TransportCall>();
  /** @internal */ created = 0;
  /** @internal */ reused = 0;
  /** @internal */ agentReplaced = false;
  private readonly origins = new Map<string, Origin>();
  private originsFor: ProxySettings | undefined;

  constructor(readonly options: TransportOptions) {
    this.agents = new ConnectionPool({ maxSockets: options.maxSockets, ca: options.ca });
    this.pool = () => ({
      transport: 'node',
      created: this.created,
      reused: this.reused,
      inUse: this.agentReplaced ? 0 : this.agents.inUse(),
      counted: !this.agentReplaced,
    });
  }

  private closed: (() => Error) | undefined;

  send(request: HttpRequest): Promise<HttpResponse> {
    if (this.closed) return Promise.reject(this.closed());
    return new NodeCall(this, request).start();
  }

  destroy(reason: () => Error): void {
    this.closed = reason;
    for (const call of [...this.live]) call.kill(reason());
    this.agents.destroy();
  }

  /** @internal The parsed base URL and its route (a handful of base URLs per client lifetime at most). */
  origin(baseURL: string): Origin {
    // A new proxy configuration (configure()) re-routes every origin.
    const settings = this.options.proxy?.() ?? NO_PROXY_SETTINGS;
    if (settings !== this.originsFor) {
      this.origins.clear();
      this.originsFor = settings;
    }
    const known = this.origins.get(baseURL);
    if (known) return known;
    const origin = this.route(baseURL, settings);
    if (this.origins.size > 8) this.origins.clear();
    this.origins.set(baseURL, origin);
    return origin;
  }

  private route(baseURL: string, settings: ProxySettings): Origin {
    const url = new URL(baseURL);
    const secure = url.protocol === 'https:';
    const proxy = proxyFor(settings, url);
    const basePath = url.pathname.replace(/\/+$/, '');
    const target = `${url.hostname}:${url.port || (secure ? 443 : 80)}`;
    // node:http wants an IPv6 host without its brackets.
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    let origin: Origin;
    const direct = { protocol: url.protocol, hostname, port: url.port, host: url.host, basePath, proxy, target, proxiedHttp: false };
    if (!proxy || proxy.unusable) {
      origin = { ...direct, request: secure ? https.request : http.request, agent: secure ? this.agents.https : this.agents.http };
    } else if (secure) {
      // Through a CONNECT tunnel: the request itself is addressed to the target as usual.
      origin = { ...direct, request: https.request, agent: this.agents.forProxy(proxy).https };
    } else {
      // Plain http through a proxy: the request goes to the proxy, its path in absolute form.
      origin = {
        ...direct, request: http.request, agent: this.agents.forProxy(proxy).http, proxiedHttp: true,
        protocol: 'http:', hostname: proxy.hostname, port: String(proxy.port), basePath: `http://${url.host}${basePath}`,
      };
    }
    return origin;
  }
}

/** One request and, once answered, its body (see {@link TransportCall}). */
class NodeCall extends TransportCall {
  private req: http.ClientRequest | undefined;
  private source: Readable | undefined;
  private counted = false;
  private origin: Origin | undefined;

  constructor(
    private readonly transport: NodeTransport,
    request: HttpRequest,
  ) {
    super(transport, request);
  }

  start(): Promise<HttpResponse> {
    const { request, transport } = this;
    if (request.signal?.aborted) return Promise.reject(new APIUserAbortError('Request was aborted.'));
    const origin = transport.origin(request.baseURL);
    if (origin.proxy?.unusable) {
      return Promise.reject(proxyConnectionError(new Error(origin.proxy.unusable), origin.proxy, origin.target, 'tunnel'));
    }
    this.origin = origin;
    // Headers as a flat list: node:http then writes them in one pass (each is still validated)
    // instead of a setHeader() call per header; the list form needs `host` given explicitly.
    const headers: string[] = ['host', origin.host, 'accept-encoding', ACCEPT_ENCODING];
    for (const name in request.headers) headers.push(name, request.headers[name]);
    // Credentials for a proxy that sees the request itself (plain http); a tunnel sends them on CONNECT.
    if (origin.proxiedHttp && origin.proxy?.authorization) {
      headers.push('proxy-authorization', origin.proxy.authorization);
    }
    if (request.body !== undefined) headers.push('content-length', String(Buffer.byteLength(request.body)));
    let req: http.ClientRequest;
    try {
      req = origin.request({
        protocol: origin.protocol,
        hostname: origin.hostname,
        port: origin.port,
        path: origin.basePath + request.path,
        method: request.method,
        headers: headers as unknown as http.OutgoingHttpHeaders,
        agent: origin.agent,
      });
    } catch (error) {
      // Invalid header values and the like throw synchronously.
      return Promise.reject(asConnectionError(error));
    }
    this.req = req;
    const head = this.openHead();
    req.on('response', (res) => this.onResponse(res));
    req.on('error', (error) => this.onError(error));
    req.end(request.body);
    return head;
  }

  protected abortRequest(): void {
    this.req?.destroy();
  }

  protected destroySource(): void {
    this.source?.destroy();
    this.req?.destroy();
  }

  protected setFlowing(flowing: boolean): void {
    if (flowing) this.source?.resume();
    else this.source?.pause();
  }

  private onResponse(res: http.IncomingMessage): void {
    const proxy = this.origin?.proxy;
    if (proxy && this.origin?.proxiedHttp && res.statusCode === 407 && this.awaitingHead) {
      // A proxy that sees plain http answers the request itself: its refusal is not the API's.
      this.countConnection();
      res.destroy();
      this.failHead(proxyRefused(proxy, this.origin?.target ?? '', 407, res.statusMessage));
      return;
    }
    const resolve = this.headArrived();
    if (!resolve) {
      res.destroy();
      return;
    }
    this.status = res.statusCode ?? 0;
    this.countConnection();
    this.headers = headersFromRaw(res.rawHeaders);
    const source = decodedBody(res, this.headers['content-encoding'], (error) => this.broke(error));
    this.source = source;
    this.startReading();
    source.on('data', (chunk: Buffer) => this.received(chunk));
    source.on('end', () => this.ended());
    source.on('error', (error) => this.broke(error));
    // 'close' follows 'end' on every complete body: build an error only when it came first.
    source.on('close', () => {
      if (!this.settled) this.broke(new Error('the connection closed before the body ended'));
    });
    resolve(this);
  }

  /** Counts the request's connection once: new or reused (read when the request got a socket). */
  private countConnection(): void {
    const req = this.req;
    if (this.counted || !req?.socket) return;
    this.counted = true;
    const { transport } = this;
    if (req.reusedSocket) transport.reused++;
    else transport.created++;
    // VS Code's proxy support may swap our agent for its own (then the agent's figures are blind).
    if ((req as { agent?: unknown }).agent !== transport.origin(this.request.baseURL).agent) transport.agentReplaced = true;
  }

  private onError(error: Error): void {
    this.countConnection();
    const proxy = this.origin?.proxy;
    if (!this.awaitingHead) this.broke(error);
    else if (proxy) this.failHead(proxyConnectionError(error, proxy, this.origin?.target ?? '', 'request'));
    else this.failHead(asConnectionError(error));
  }
}
