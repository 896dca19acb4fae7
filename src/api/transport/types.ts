/**
 * The transport contract: send one HTTP request, resolve once its response headers are in, and
 * hand over a body that is already being read (see responseBody.ts). Two implementations:
 * `node:http`/`node:https` on keep-alive agents (the library default) and global `fetch` (what the
 * VS Code extension host uses: its proxy support keeps fetch's connection reuse, see the README).
 */
import type { Clock } from '../../base/clock';
import type { ErrorHeaders } from '../errors';
import type { AbortLike } from './lightSignal';
import type { ResponseBody } from './responseBody';
import type { ProxySettings } from './proxy';

/** Which transport a client uses. */
export type TransportKind = 'node' | 'fetch';

/** What to send. */
export interface HttpRequest {
  /** Origin plus base path, no trailing slash (`https://api.anthropic.com`). */
  baseURL: string;
  /** Path and query, starting with `/`. */
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortLike;
  /** Connect + response headers. `<= 0`: no limit. */
  timeoutMs: number;
  /** Longest silence between body chunks. `<= 0`: no limit. */
  idleTimeoutMs: number;
}

/** A response whose headers arrived; its body is read from this moment on. */
export interface HttpResponse {
  status: number;
  headers: ErrorHeaders;
  body: ResponseBody;
}

/** What both transports are made with. */
export interface TransportOptions {
  clock: Clock;
  /** Sockets per origin (`node`), requests in flight (`fetch`); default 16. */
  maxSockets?: number;
  /** Body bytes received (after decompression), for the metrics. */
  onBytes: (n: number) => void;
  /**
   * The proxies of the current configuration (read per request, so `configure` applies live).
   * `node` connects through them; `fetch` leaves routing to the runtime's fetch and only names
   * the proxy in errors.
   */
  proxy?: () => ProxySettings;
  /** Extra CA certificates (PEM) for `node` (fetch uses the runtime's trust store). */
  ca?: string | Buffer | Array<string | Buffer>;
}

/** What a transport knows about its connections. */
export interface PoolSnapshot {
  transport: TransportKind;
  /** Connections opened for this client. */
  created: number;
  /** Requests sent on a connection that had carried an earlier one. */
  reused: number;
  /** Connections carrying one of this client's requests right now (checked out of the pool). */
  inUse: number;
  /**
   * False when the counters cannot see the real connections: `fetch` without undici's
   * diagnostics channels, or `node` when the host replaced the client's agent (VS Code's proxy
   * support does that under `http.proxySupport: override`); then `inUse` is not known.
   */
  counted: boolean;
}

/** One way of moving bytes. */
export interface Transport {
  readonly kind: TransportKind;
  /** Resolves once the response headers are in; rejects with the library's typed errors. */
  send(request: HttpRequest): Promise<HttpResponse>;
  /** Counters of the connection pool. */
  pool(): PoolSnapshot;
  /**
   * Ends every request in flight with a fresh `reason()` error, closes the pooled connections it
   * owns, and fails later requests the same way.
   */
  destroy(reason: () => Error): void;
}
