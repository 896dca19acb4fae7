/**
 * What both transports do for one request before its body owner takes over: register the call
 * (so `destroy()` can end it), follow the caller's abort signal, arm the connect/headers timeout,
 * and end the wait for the headers exactly once. A call is also its own {@link HttpResponse} and,
 * once answered, its {@link ResponseBody}: one object per request.
 */
import type { ErrorHeaders } from '../errors';
import type { Deadline } from './deadline';
import type { HttpRequest, HttpResponse, TransportOptions } from './types';
import { APIConnectionTimeoutError, APIUserAbortError } from '../errors';
import { startDeadline } from './deadline';
import { asConnectionError, ResponseBody } from './responseBody';

/** What a transport shares with its calls. */
export interface CallHost {
  readonly live: Set<TransportCall>;
  readonly options: TransportOptions;
}

type HeadWaiter = { resolve: (response: HttpResponse) => void; reject: (error: unknown) => void };

/** See the file comment. */
export abstract class TransportCall extends ResponseBody implements HttpResponse {
  status = 0;
  headers!: ErrorHeaders;
  readonly body: ResponseBody = this;
  private head: HeadWaiter | undefined;
  private deadline: Deadline | undefined;
  private readonly onAbort = (): void => this.kill(new APIUserAbortError('Request was aborted.'));

  constructor(
    protected readonly host: CallHost,
    protected readonly request: HttpRequest,
  ) {
    super(host.options.clock, request.idleTimeoutMs, host.options.onBytes);
  }

  /** Ends the call with `error`, before or after the headers (abort, timeout, dispose). */
  kill(error: Error): void {
    if (this.head) this.failHead(error);
    else this.cancel(asConnectionError(error));
  }

  /** Whether the call still waits for its headers. */
  protected get awaitingHead(): boolean {
    return this.head !== undefined;
  }

  /** Starts waiting for the headers: registers the call, follows the signal, arms the timeout. */
  protected openHead(): Promise<HttpResponse> {
    const promise = new Promise<HttpResponse>((resolve, reject) => (this.head = { resolve, reject }));
    this.host.live.add(this);
    this.request.signal?.addEventListener('abort', this.onAbort);
    this.deadline = startDeadline(this.host.options.clock, this.request.timeoutMs, () =>
      this.kill(new APIConnectionTimeoutError('Request timed out waiting for response headers.')),
    );
    return promise;
  }

  /**
   * The headers are in: stops the headers timeout and hands back what resolves the wait (to call
   * once status, headers and reading are set up), or undefined when the call already ended.
   */
  protected headArrived(): ((response: HttpResponse) => void) | undefined {
    const head = this.head;
    this.head = undefined;
    this.deadline?.clear();
    return head?.resolve;
  }

  /** Ends the wait for the headers with `error` (once) and tears the request down. */
  protected failHead(error: unknown): void {
    const head = this.head;
    if (!head) return;
    this.head = undefined;
    this.abortRequest();
    this.release();
    head.reject(error);
  }

  protected onSettled(): void {
    this.release();
  }

  /** Subclass: stop the request before its headers arrived (idempotent). */
  protected abstract abortRequest(): void;

  /** Subclass hook: the call is over (before or after its headers), once. */
  protected callEnded(): void {}

  private release(): void {
    this.deadline?.clear();
    this.request.signal?.removeEventListener('abort', this.onAbort);
    if (this.host.live.delete(this)) this.callEnded();
  }
}
