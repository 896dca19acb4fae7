/**
 * Connection counters for the `fetch` transport. Global fetch (undici) has no agent to hook, but
 * it publishes its connection life on `diagnostics_channel`: `undici:client:connected` (a new
 * connection), `undici:client:sendHeaders` (a request written to a socket), and
 * `undici:request:create` / `:trailers` / `:error` (a request in flight until its body ends).
 * Events are filtered to the origins this client talks to; another client (or any other fetch)
 * of the same process talking to the same origin is counted too. When no event ever arrives for
 * requests that were sent (a host whose fetch does not publish them), the counters say so.
 */
import * as diagnostics from 'diagnostics_channel';
import type { PoolSnapshot } from './types';

interface ConnectedMessage {
  connectParams?: { protocol?: string; host?: string };
  socket?: object;
}
interface RequestMessage {
  request?: { origin?: unknown };
  socket?: object;
}

/** Counters of one client, fed by the shared subscription. */
export class FetchPoolCounter {
  created = 0;
  reused = 0;
  inFlight = 0;
  /** Requests the transport started, to tell "nothing published" from "nothing happened". */
  sent = 0;
  private seen = 0;
  readonly origins = new Set<string>();

  /** @internal */ noteEvent(): void {
    this.seen++;
  }

  snapshot(): PoolSnapshot {
    const counted = this.sent === 0 || this.seen > 0;
    return { transport: 'fetch', created: this.created, reused: this.reused, inUse: counted ? Math.max(0, this.inFlight) : 0, counted };
  }
}

const counters = new Set<FetchPoolCounter>();
/** Sockets that have carried no request yet: their first request is not a reuse. */
const fresh = new WeakSet<object>();
/** Requests counted as in flight (each ends once, by trailers or by error). */
const open = new WeakSet<object>();
let subscribed = false;

function originOfString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof URL) return value.origin;
  return undefined;
}

function forOrigin(origin: string | undefined, fn: (c: FetchPoolCounter) => void): void {
  if (origin === undefined) return;
  for (const c of counters) {
    if (c.origins.has(origin)) {
      c.noteEvent();
      fn(c);
    }
  }
}

function subscribe(): void {
  if (subscribed || typeof diagnostics.subscribe !== 'function') return;
  subscribed = true;
  diagnostics.subscribe('undici:client:connected', (message) => {
    const { connectParams, socket } = message as ConnectedMessage;
    if (!connectParams?.protocol || !connectParams.host) return;
    if (socket) fresh.add(socket);
    forOrigin(`${connectParams.protocol}//${connectParams.host}`, (c) => c.created++);
  });
  diagnostics.subscribe('undici:client:sendHeaders', (message) => {
    const { request, socket } = message as RequestMessage;
    const first = socket !== undefined && fresh.has(socket);
    if (first && socket) fresh.delete(socket);
    forOrigin(originOfString(request?.origin), (c) => {
      if (!first) c.reused++;
    });
  });
  diagnostics.subscribe('undici:request:create', (message) => {
    const { request } = message as RequestMessage;
    const origin = originOfString(request?.origin);
    if (!request || origin === undefined) return;
    let mine = false;
    forOrigin(origin, (c) => {
      mine = true;
      c.inFlight++;
    });
    if (mine) open.add(request);
  });
  const ended = (message: unknown): void => {
    const { request } = message as RequestMessage;
    if (!request || !open.has(request)) return;
    open.delete(request);
    forOrigin(originOfString(request.origin), (c) => c.inFlight--);
  };
  diagnostics.subscribe('undici:request:trailers', ended);
  diagnostics.subscribe('undici:request:error', ended);
}

/** Registers a counter (subscribing to undici's channels on first use). */
export function registerFetchCounter(counter: FetchPoolCounter): void {
  subscribe();
  counters.add(counter);
}

/** Stops feeding a counter (a disposed client). */
export function unregisterFetchCounter(counter: FetchPoolCounter): void {
  counters.delete(counter);
}
