/**
 * The `node:http`/`node:https` transport on keep-alive agents: the library default in plain Node
 * (the CPU targets are measured on it). One {@link NodeCall} per request owns the request, arms
 * the connect/headers timeout, follows the caller's abort signal and, once the headers are in,
 * owns the body (it is the {@link ResponseBody}).
 */
import * as http from 'http';
import * as https from 'https';
import type { Readable } from 'stream';
import type { Clock } from '../clock';
import type { ErrorHeaders } from '../errors';
import type { Deadline } from './deadline';
import type { HttpRequest, HttpResponse, PoolSnapshot, Transport } from './types';
import { APIConnectionTimeoutError, APIUserAbortError } from '../errors';
import { headersFromRaw } from '../core/headers';
import { ConnectionPool } from './agents';
import { ACCEPT_ENCODING, decodedBody } from './decompress';
import { startDeadline } from './deadline';
import { asConnectionError, ResponseBody } from './responseBody';

/** A base URL taken apart once, with the agent that serves it. */
interface Origin {
  request: typeof http.request;
  agent: http.Agent;
  protocol: string;
  hostname: string;
  port: string;
  basePath: string;
}

/** Options of {@link NodeTransport}. */
export interface NodeTransportOptions {
  clock: Clock;
  maxSockets?: number;
  onBytes: (n: number) => void;
}

/** See the file comment. */
export class NodeTransport implements Transport {
  readonly kind = 'node' as const;
  readonly pool: () => PoolSnapshot;
  /** @internal */ readonly agents: ConnectionPool;
  /** @internal */ readonly live = new Set<NodeCall>();
  /** @internal */ created = 0;
  /** @internal */ reused = 0;
  /** @internal */ agentReplaced = false;
  private readonly origins = new Map<string, Origin>();

  constructor(readonly options: NodeTransportOptions) {
    this.agents = new ConnectionPool({ maxSockets: options.maxSockets });
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

  /** @internal The parsed base URL (a handful of base URLs per client lifetime at most). */
  origin(baseURL: string): Origin {
    let origin = this.origins.get(baseURL);
    if (!origin) {
      const url = new URL(baseURL);
      const secure = url.protocol === 'https:';
      origin = {
        request: secure ? https.request : http.request,
        agent: secure ? this.agents.https : this.agents.http,
        protocol: url.protocol,
        // node:http wants an IPv6 host without its brackets.
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port,
        basePath: url.pathname.replace(/\/+$/, ''),
      };
      if (this.origins.size > 8) this.origins.clear();
      this.origins.set(baseURL, origin);
    }
    return origin;
  }
}

/** One request and, once answered, its body. Also the {@link HttpResponse} itself (one object per request). */
class NodeCall extends ResponseBody implements HttpResponse {
  status = 0;
  headers!: ErrorHeaders;
  readonly body: ResponseBody = this;
  private req: http.ClientRequest | undefined;
  private source: Readable | undefined;
  private deadline: Deadline | undefined;
  private resolveHead: ((response: HttpResponse) => void) | undefined;
  private rejectHead: ((error: unknown) => void) | undefined;
  private counted = false;
  private readonly onAbort = (): void => this.kill(new APIUserAbortError('Request was aborted.'));

  constructor(
    private readonly transport: NodeTransport,
    private readonly request: HttpRequest,
  ) {
    super(transport.options.clock, request.idleTimeoutMs, transport.options.onBytes);
  }

  start(): Promise<HttpResponse> {
    const { request, transport } = this;
    if (request.signal?.aborted) return Promise.reject(new APIUserAbortError('Request was aborted.'));
    const origin = transport.origin(request.baseURL);
    const headers = request.headers;
    headers['accept-encoding'] = ACCEPT_ENCODING;
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    const head = new Promise<HttpResponse>((resolve, reject) => {
      this.resolveHead = resolve;
      this.rejectHead = reject;
    });
    let req: http.ClientRequest;
    try {
      req = origin.request({
        protocol: origin.protocol,
        hostname: origin.hostname,
        port: origin.port,
        path: origin.basePath + request.path,
        method: request.method,
        headers,
        agent: origin.agent,
      });
    } catch (error) {
      // Invalid header values and the like throw synchronously.
      return Promise.reject(asConnectionError(error));
    }
    this.req = req;
    transport.live.add(this);
    req.on('response', (res) => this.onResponse(res));
    req.on('error', (error) => this.onError(error));
    request.signal?.addEventListener('abort', this.onAbort);
    this.deadline = startDeadline(transport.options.clock, request.timeoutMs, () =>
      this.kill(new APIConnectionTimeoutError('Request timed out waiting for response headers.')),
    );
    req.end(request.body);
    return head;
  }

  /** Ends the call with `error`, before or after the headers (abort, timeout, dispose). */
  kill(error: Error): void {
    if (this.rejectHead) {
      this.failHead(error);
      return;
    }
    this.cancel(asConnectionError(error));
  }

  protected destroySource(): void {
    this.source?.destroy();
    this.req?.destroy();
  }

  protected setFlowing(flowing: boolean): void {
    if (flowing) this.source?.resume();
    else this.source?.pause();
  }

  protected onSettled(): void {
    this.request.signal?.removeEventListener('abort', this.onAbort);
    this.transport.live.delete(this);
  }

  private onResponse(res: http.IncomingMessage): void {
    const resolve = this.resolveHead;
    if (!resolve) {
      res.destroy();
      return;
    }
    this.resolveHead = undefined;
    this.rejectHead = undefined;
    this.deadline?.clear();
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
    if (this.rejectHead) this.failHead(asConnectionError(error));
    else this.broke(error);
  }

  private failHead(error: unknown): void {
    const reject = this.rejectHead;
    this.resolveHead = undefined;
    this.rejectHead = undefined;
    this.deadline?.clear();
    this.req?.destroy();
    this.request.signal?.removeEventListener('abort', this.onAbort);
    this.transport.live.delete(this);
    reject?.(error);
  }
}
