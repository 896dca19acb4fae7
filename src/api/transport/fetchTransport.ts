/**
 * The global `fetch` transport (undici in Node). In the VS Code extension host it is the one that
 * keeps connection reuse and honours `http.proxy` / `http.noProxy`: the host's proxy support
 * replaces an extension's own `http.Agent` and drops its keep-alive (see the README, "Transport").
 * Redirects are not followed (a key must not travel to another origin). `maxSockets` bounds the
 * requests in flight (slots.ts); connections are counted from undici's diagnostics (fetchPool.ts).
 */
import type { Clock } from '../clock';
import type { ErrorHeaders } from '../errors';
import type { Deadline } from './deadline';
import type { SlotWaiter } from './slots';
import type { HttpRequest, HttpResponse, PoolSnapshot, Transport } from './types';
import { APIConnectionTimeoutError, APIUserAbortError, emptyHeaderRecord, HEADER_GETTER_NAME } from '../errors';
import { startDeadline } from './deadline';
import { FetchPoolCounter, registerFetchCounter, unregisterFetchCounter } from './fetchPool';
import { asConnectionError, ResponseBody } from './responseBody';
import { Slots } from './slots';

/** Options of {@link FetchTransport}. */
export interface FetchTransportOptions {
  clock: Clock;
  maxSockets?: number;
  onBytes: (n: number) => void;
}

/** See the file comment. */
export class FetchTransport implements Transport {
  readonly kind = 'fetch' as const;
  /** @internal */ readonly live = new Set<FetchCall>();
  /** @internal */ readonly slots: Slots;
  /** @internal */ readonly counter = new FetchPoolCounter();
  private lastBase = '';
  private lastOrigin = '';

  constructor(readonly options: FetchTransportOptions) {
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

const enum Phase {
  Queued,
  Sending,
  Body,
  Over,
}

const ignore = (): void => undefined;

/** One request and, once answered, its body (also the {@link HttpResponse}: one object per request). */
class FetchCall extends ResponseBody implements HttpResponse, SlotWaiter {
  status = 0;
  headers!: ErrorHeaders;
  readonly body: ResponseBody = this;
  private phase = Phase.Queued;
  private holdsSlot = false;
  private controller: AbortController | undefined;
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private reading = false;
  private flowing = true;
  private deadline: Deadline | undefined;
  private resolveHead: ((response: HttpResponse) => void) | undefined;
  private rejectHead: ((error: unknown) => void) | undefined;
  private readonly onAbort = (): void => this.kill(new APIUserAbortError('Request was aborted.'));
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
    private readonly request: HttpRequest,
  ) {
    super(transport.options.clock, request.idleTimeoutMs, transport.options.onBytes);
  }

  start(): Promise<HttpResponse> {
    const { request, transport } = this;
    if (request.signal?.aborted) return Promise.reject(new APIUserAbortError('Request was aborted.'));
    const head = new Promise<HttpResponse>((resolve, reject) => {
      this.resolveHead = resolve;
      this.rejectHead = reject;
    });
    transport.live.add(this);
    request.signal?.addEventListener('abort', this.onAbort);
    // Like the node agents' queue, waiting for a slot counts against the headers timeout.
    this.deadline = startDeadline(transport.options.clock, request.timeoutMs, () =>
      this.kill(new APIConnectionTimeoutError('Request timed out waiting for response headers.')),
    );
    if (transport.slots.take(this)) this.granted();
    return head;
  }

  granted(): void {
    this.holdsSlot = true;
    if (this.phase !== Phase.Queued) return this.releaseSlot();
    this.phase = Phase.Sending;
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

  /** Ends the call with `error`, before or after the headers (abort, timeout, dispose). */
  kill(error: Error): void {
    if (this.phase === Phase.Body) this.cancel(asConnectionError(error));
    else if (this.phase !== Phase.Over) this.failHead(error);
  }

  protected destroySource(): void {
    this.controller?.abort();
    this.reader?.cancel().catch(ignore);
  }

  protected setFlowing(flowing: boolean): void {
    this.flowing = flowing;
    if (flowing) this.pump();
  }

  protected onSettled(): void {
    this.phase = Phase.Over;
    this.finishCall();
  }

  private onResponse(response: Response): void {
    if (this.phase !== Phase.Sending) {
      response.body?.cancel().catch(ignore);
      return;
    }
    this.phase = Phase.Body;
    this.deadline?.clear();
    this.status = response.status;
    const headers = emptyHeaderRecord();
    response.headers.forEach((value, name) => {
      if (name !== HEADER_GETTER_NAME) headers[name] = value;
    });
    this.headers = headers;
    this.reader = response.body?.getReader();
    this.startReading();
    const resolve = this.resolveHead;
    this.resolveHead = undefined;
    this.rejectHead = undefined;
    resolve?.(this);
    if (this.reader) this.pump();
    else this.ended();
  }

  private onError(error: unknown): void {
    // fetch wraps the socket's error as `TypeError: fetch failed` with the real one as its cause.
    const cause = (error as { cause?: unknown } | undefined)?.cause ?? error;
    if (this.phase === Phase.Sending) this.failHead(asConnectionError(cause));
  }

  private pump(): void {
    if (this.reading || !this.flowing || this.settled || !this.reader) return;
    this.reading = true;
    this.reader.read().then(this.onRead, this.onReadError);
  }

  private failHead(error: unknown): void {
    const reject = this.rejectHead;
    this.resolveHead = undefined;
    this.rejectHead = undefined;
    if (this.phase === Phase.Queued) this.transport.slots.leave(this);
    this.phase = Phase.Over;
    this.controller?.abort();
    this.finishCall();
    reject?.(error);
  }

  private finishCall(): void {
    this.deadline?.clear();
    this.request.signal?.removeEventListener('abort', this.onAbort);
    this.transport.live.delete(this);
    this.releaseSlot();
  }

  private releaseSlot(): void {
    if (!this.holdsSlot) return;
    this.holdsSlot = false;
    this.transport.slots.release();
  }
}
