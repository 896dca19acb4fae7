/**
 * The global `fetch` transport (undici in Node). In the VS Code extension host it is the one that
 * keeps connection reuse and honours `http.proxy` / `http.noProxy`: the host's proxy support
 * replaces an extension's own `http.Agent` and drops its keep-alive (see the README, "Transport").
 * Redirects are not followed (a key must not travel to another origin). `maxSockets` bounds the
 * requests in flight (slots.ts); connections are counted from undici's diagnostics (fetchPool.ts).
 */
import type { SlotWaiter } from './slots';
import type { HttpRequest, HttpResponse, PoolSnapshot, Transport, TransportOptions } from './types';
import { APIUserAbortError, emptyHeaderRecord, HEADER_GETTER_NAME } from '../errors';
import { FetchPoolCounter, registerFetchCounter, unregisterFetchCounter } from './fetchPool';
import type { ProxyServer } from './proxy';
import { proxyFor } from './proxy';
import { fetchProxyError, proxyRefused } from './proxyErrors';
import { asConnectionError } from './responseBody';
import { Slots } from './slots';
import { TransportCall } from './transportCall';

/** See the file comment. */
export class FetchTransport implements Transport {
  readonly kind = 'fetch' as const;
  /** @internal */ readonly live = new Set<TransportCall>();
  /** @internal */ readonly slots: Slots;
  /** @internal */ readonly counter = new FetchPoolCounter();
  private lastBase = '';
  private lastOrigin = '';

  constructor(readonly options: TransportOptions) {
    this.slots = new Slots(options.maxSockets ?? 16);
    registerFetchCounter(this.counter);
  }

  private closed: (() => Error) | undefined;

  send(request: HttpRequest): Promise<HttpResponse> {
    if (this.closed) return Promise.reject(this.closed());
    return new FetchCall(this, request).start();
  }

  /** @internal Notes the origin a request goes to (the counters listen for it). */
  noteOrigin(baseURL: string): void {
    if (baseURL === this.lastBase) return;
    this.lastBase = baseURL;
    this.lastOrigin = new URL(baseURL).origin;
    this.counter.origins.add(this.lastOrigin);
  }

  pool(): PoolSnapshot {
    return this.counter.snapshot();
  }

  destroy(reason: () => Error): void {
    this.closed = reason;
    for (const call of [...this.live]) call.kill(reason());
    unregisterFetchCounter(this.counter);
  }
}

const ignore = (): void => undefined;

/** One request and, once answered, its body (see {@link TransportCall}). */
class FetchCall extends TransportCall implements SlotWaiter {
  private queued = true;
  private holdsSlot = false;
  private controller: AbortController | undefined;
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private reading = false;
  private flowing = true;
  private readonly onRead = (r: ReadableStreamReadResult<Uint8Array>): void => {
    this.reading = false;
    if (r.done) return this.ended();
    const v = r.value;
    this.received(Buffer.from(v.buffer, v.byteOffset, v.byteLength));
    this.pump();
  };
  private readonly onReadError = (error: unknown): void => {
    this.reading = false;
    this.broke(error);
  };

  constructor(
    private readonly transport: FetchTransport,
    request: HttpRequest,
  ) {
    super(transport, request);
  }

  start(): Promise<HttpResponse> {
    if (this.request.signal?.aborted) return Promise.reject(new APIUserAbortError('Request was aborted.'));
    // Like the node agents' queue, waiting for a slot counts against the headers timeout.
    const head = this.openHead();
    if (this.transport.slots.take(this)) this.granted();
    return head;
  }

  granted(): void {
    this.holdsSlot = true;
    this.queued = false;
    if (!this.awaitingHead) return this.releaseSlot();
    const { request, transport } = this;
    transport.noteOrigin(request.baseURL);
    transport.counter.sent++;
    this.controller = new AbortController();
    fetch(request.baseURL + request.path, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: this.controller.signal,
      redirect: 'manual',
    }).then(
      (response) => this.onResponse(response),
      (error: unknown) => this.onError(error),
    );
  }

  protected abortRequest(): void {
    if (this.queued) this.transport.slots.leave(this);
    this.controller?.abort();
  }

  protected destroySource(): void {
    this.controller?.abort();
    this.reader?.cancel().catch(ignore);
  }

  protected setFlowing(flowing: boolean): void {
    this.flowing = flowing;
    if (flowing) this.pump();
  }

  protected override callEnded(): void {
    this.releaseSlot();
  }

  /** The proxy this request goes through as the configuration describes it (fetch routes by itself). */
  private proxy(): ProxyServer | undefined {
    const settings = this.transport.options.proxy?.();
    return settings ? proxyFor(settings, new URL(this.request.baseURL)) : undefined;
  }

  private target(): string {
    const url = new URL(this.request.baseURL);
    return `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  }

  private onResponse(response: Response): void {
    if (response.status === 407 && this.awaitingHead) {
      // Only a proxy answers 407 (the API never does): a plain-http request the proxy saw itself.
      response.body?.cancel().catch(ignore);
      this.failHead(proxyRefused(this.proxy() ?? 'in use', this.target(), 407, response.statusText));
      return;
    }
    const resolve = this.headArrived();
    if (!resolve) {
      response.body?.cancel().catch(ignore);
      return;
    }
    this.status = response.status;
    const headers = emptyHeaderRecord();
    response.headers.forEach((value, name) => {
      if (name !== HEADER_GETTER_NAME) headers[name] = value;
    });
    this.headers = headers;
    this.reader = response.body?.getReader();
    this.startReading();
    resolve(this);
    if (this.reader) this.pump();
    else this.ended();
  }

  private onError(error: unknown): void {
    // fetch wraps the socket's error as `TypeError: fetch failed` with the real one as its cause.
    const cause = (error as { cause?: unknown } | undefined)?.cause ?? error;
    this.failHead(fetchProxyError(cause, this.proxy(), this.target()) ?? asConnectionError(cause));
  }

  private pump(): void {
    if (this.reading || !this.flowing || this.settled || !this.reader) return;
    this.reading = true;
    this.reader.read().then(this.onRead, this.onReadError);
  }

  private releaseSlot(): void {
    if (!this.holdsSlot) return;
    this.holdsSlot = false;
    this.transport.slots.release();
  }
}
