/**
 * The one owner of a response body. It starts reading the moment the headers arrive (a finished
 * body never sits unread while its socket moves on), keeps what arrives until a consumer attaches,
 * applies the idle timeout between chunks, and settles exactly once, whatever the end: complete,
 * destroyed or cut early, idle timeout, user abort, client dispose, or a consumer that refused
 * the data. Every failure destroys the connection at once, so no pool slot stays checked out; a
 * complete body leaves its socket to the pool.
 *
 * Transports subclass it (nodeTransport.ts, fetchTransport.ts) and report what their source does
 * through `received`, `ended` and `broke`.
 */
import type { Clock } from '../../base/clock';
import type { Deadline } from './deadline';
import { startDeadline } from './deadline';
import { AnthropicError, APIConnectionError, APIConnectionTimeoutError } from '../errors';

/** Chunks an iterating consumer may fall behind by before the source is paused. */
const HIGH_WATER_CHUNKS = 16;

const enum State {
  Reading,
  Complete,
  Failed,
}

type Waiter = { resolve: () => void; reject: (error: unknown) => void };

/** TLS verification failures: the certificate chain is not trusted by this process. */
export const CERTIFICATE_CODES: ReadonlySet<string> = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT', 'CERT_UNTRUSTED', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Turns anything a source or consumer throws into the library's error (typed errors pass). */
export function asConnectionError(error: unknown, what = 'Connection error'): AnthropicError {
  if (error instanceof AnthropicError) return error;
  const code = (error as { code?: unknown } | undefined)?.code;
  const detail = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  // A company proxy that inspects TLS presents its own certificate: say where its CA must go.
  const hint = typeof code === 'string' && CERTIFICATE_CODES.has(code)
    ? " (the server's certificate is not trusted here; behind a TLS-inspecting company proxy, add the company's CA certificate to the system's certificate store)"
    : '';
  return new APIConnectionError(`${what}: ${detail}${hint}`, { cause: error });
}

/** A body being read; see the file comment. */
export abstract class ResponseBody {
  private state = State.Reading;
  private failure: AnthropicError | undefined;
  /** What arrived before a consumer attached (dropped once one did). */
  private buffered: Buffer[] | undefined = [];
  private consumer: ((chunk: Buffer) => void) | undefined;
  /** Set by `detach()`: the consumer has what it needs; the rest is read only to free the socket. */
  private dropping = false;
  private waiter: Waiter | undefined;
  private idle: Deadline | undefined;
  /** Pull mode (`for await`): chunks not yet taken, and a reader waiting for one. */
  private pullQueue: Buffer[] | undefined;
  private pullWaiter: { resolve: (r: IteratorResult<Buffer>) => void; reject: (e: unknown) => void } | undefined;
  private paused = false;

  constructor(
    private readonly clock: Clock,
    private readonly idleTimeoutMs: number,
    private readonly onBytes: (n: number) => void,
  ) {}

  /** Whether the body has ended (complete or not). */
  get settled(): boolean {
    return this.state !== State.Reading;
  }

  /** Hands every chunk (those already here first) to `onChunk`; settles when the body does. A throw from `onChunk` cancels the body with that error. */
  pipe(onChunk: (chunk: Buffer) => void): Promise<void> {
    this.attach();
    const early = this.buffered;
    this.buffered = undefined;
    if (early) {
      for (const chunk of early) {
        try {
          onChunk(chunk);
        } catch (error) {
          // The whole body may be here already (settled): the consumer's verdict still decides.
          const refused = asConnectionError(error);
          this.cancel(refused);
          return Promise.reject(refused);
        }
      }
    }
    if (this.state === State.Reading) this.consumer = onChunk;
    return this.whenSettled();
  }

  /** The whole body as UTF-8 text. */
  async text(): Promise<string> {
    const parts: Buffer[] = [];
    await this.pipe((chunk) => void parts.push(chunk));
    return parts.length === 1 ? parts[0].toString('utf8') : Buffer.concat(parts).toString('utf8');
  }

  /** Chunks as they come, with backpressure (the source pauses while the loop falls behind). Leaving the loop early cancels the body. */
  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    this.attach();
    this.pullQueue = this.buffered ?? [];
    this.buffered = undefined;
    return {
      next: () => this.pullNext(),
      return: () => {
        if (this.state === State.Reading) this.cancel(new APIConnectionError('Body no longer wanted.'));
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  /** Ends the body now with `error` (destroys the connection); no-op once settled. */
  cancel(error: AnthropicError): void {
    if (this.state !== State.Reading) return;
    this.settle(State.Failed, error);
    this.destroySource();
  }

  /**
   * The consumer has all it needs (a stream saw `message_stop`): later chunks are dropped, and the
   * body is still read to its end so the socket can go back to the pool, or destroyed if it stalls.
   */
  detach(): void {
    this.consumer = undefined;
    this.buffered = undefined;
    this.dropping = true;
  }

  /** Subclass: the headers are in; reading starts now. */
  protected startReading(): void {
    this.idle = startDeadline(this.clock, this.idleTimeoutMs, () =>
      this.cancel(new APIConnectionTimeoutError('Stream stalled: no data within the idle timeout.')),
    );
  }

  /** Subclass: a chunk arrived. */
  protected received(chunk: Buffer): void {
    if (this.state !== State.Reading) return;
    this.idle?.reset();
    this.onBytes(chunk.length);
    const consumer = this.consumer;
    if (consumer) {
      try {
        consumer(chunk);
      } catch (error) {
        // The consumer refused the data (an SSE error event, malformed JSON): stop reading.
        this.cancel(asConnectionError(error));
      }
      return;
    }
    if (this.pullQueue) return this.pushPull(chunk);
    if (!this.dropping) this.buffered?.push(chunk);
  }

  /** Subclass: the source reached its end. */
  protected ended(): void {
    if (this.state === State.Reading) this.settle(State.Complete, undefined);
  }

  /** Subclass: the source failed or closed before its end. */
  protected broke(error: unknown): void {
    if (this.state !== State.Reading) return;
    this.settle(State.Failed, asConnectionError(error));
    this.destroySource();
  }

  /** Subclass: tear the connection down (idempotent). */
  protected abstract destroySource(): void;

  /** Subclass: stop or restart the flow of chunks (pull-mode backpressure). */
  protected abstract setFlowing(flowing: boolean): void;

  /** Subclass hook, called once when the body settles. */
  protected abstract onSettled(): void;

  private attach(): void {
    if (this.consumer || this.pullQueue || this.dropping) throw new Error('a response body has one consumer');
  }

  private whenSettled(): Promise<void> {
    if (this.state === State.Complete) return Promise.resolve();
    if (this.state === State.Failed) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  private settle(state: State, error: AnthropicError | undefined): void {
    this.state = state;
    this.failure = error;
    this.consumer = undefined;
    this.idle?.clear();
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) {
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
    const reader = this.pullWaiter;
    this.pullWaiter = undefined;
    if (reader) {
      if (error) reader.reject(error);
      else reader.resolve({ value: undefined, done: true });
    }
    this.onSettled();
  }

  private pushPull(chunk: Buffer): void {
    const reader = this.pullWaiter;
    if (reader) {
      this.pullWaiter = undefined;
      reader.resolve({ value: chunk, done: false });
      return;
    }
    const queue = this.pullQueue as Buffer[];
    queue.push(chunk);
    if (queue.length >= HIGH_WATER_CHUNKS && !this.paused) {
      // The consumer is slow, not the server: the idle clock must not run meanwhile.
      this.paused = true;
      this.idle?.clear();
      this.setFlowing(false);
    }
  }

  private pullNext(): Promise<IteratorResult<Buffer>> {
    const queue = this.pullQueue as Buffer[];
    const chunk = queue.shift();
    if (this.paused && queue.length < HIGH_WATER_CHUNKS / 2 && this.state === State.Reading) {
      this.paused = false;
      this.startReading();
      this.setFlowing(true);
    }
    if (chunk) return Promise.resolve({ value: chunk, done: false });
    if (this.state === State.Complete) return Promise.resolve({ value: undefined, done: true });
    if (this.state === State.Failed) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.pullWaiter = { resolve, reject }));
  }
}
