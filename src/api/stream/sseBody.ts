/**
 * SSE events over a response body, decoded from the moment the headers arrive (the body owner
 * reads at once; events wait here until the stream listens). The executor asks {@link first}
 * before it calls a stream attempt answered: a stream is retried only while nothing arrived. The
 * stream then {@link listen}s; it never calls back into the executor.
 */
import type { ResponseBody } from '../transport/responseBody';
import type { SseEvent } from './sseDecoder';
import { APIConnectionError } from '../errors';
import { asConnectionError } from '../transport/responseBody';
import { SseDecoder } from './sseDecoder';

const ignore = (): void => undefined;

/** See the file comment. */
export class SseBody {
  private readonly decoder: SseDecoder;
  /** Events that arrived before anyone listened. */
  private early: SseEvent[] = [];
  private listener: ((event: SseEvent) => void) | undefined;
  private detached = false;
  private gotFirst = false;
  private firstWaiter: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  private failure: unknown;
  /** Settles when the body does (after the decoder flushed a last event that lacked its blank line). */
  private readonly done: Promise<void>;

  constructor(readonly body: ResponseBody) {
    this.decoder = new SseDecoder((event) => this.onEvent(event));
    this.done = body.pipe((chunk) => void this.decoder.push(chunk)).then(
      () => {
        if (!this.detached) this.decoder.end();
        if (!this.gotFirst) throw new APIConnectionError('Connection error: the stream ended before its first event.', { type: 'connection_error' });
      },
      (error: unknown) => {
        throw asConnectionError(error);
      },
    );
    this.done.then(
      () => undefined,
      (error: unknown) => {
        this.failure = error;
        this.firstWaiter?.reject(error);
      },
    );
    // Whoever listens sees the failure; without a listener (a retried attempt) it is already reported.
    this.done.catch(ignore);
  }

  /** Resolves when the first event (not a ping) arrived; rejects when the body ended or failed before. */
  first(): Promise<void> {
    if (this.gotFirst) return Promise.resolve();
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      this.firstWaiter = { resolve, reject };
    });
  }

  /**
   * Hands every event to `onEvent` (those that arrived already first). Settles when the body ends
   * (rejecting when it failed); a throw from `onEvent` cancels the body with that error.
   */
  listen(onEvent: (event: SseEvent) => void): Promise<void> {
    const early = this.early;
    this.early = [];
    for (const event of early) {
      if (this.detached) break;
      try {
        onEvent(event);
      } catch (error) {
        const refused = asConnectionError(error);
        this.body.cancel(refused);
        return Promise.reject(refused);
      }
    }
    if (!this.detached) this.listener = onEvent;
    return this.done;
  }

  /** The stream has what it needs: later events are dropped; the body drains to free its socket. */
  detach(): void {
    this.detached = true;
    this.listener = undefined;
    this.early = [];
    this.body.detach();
  }

  private onEvent(event: SseEvent): void {
    if (this.detached) return;
    if (!this.gotFirst && event.event !== 'ping') {
      this.gotFirst = true;
      const waiter = this.firstWaiter;
      this.firstWaiter = undefined;
      waiter?.resolve();
    }
    const listener = this.listener;
    if (listener) listener(event);
    else this.early.push(event);
  }
}
