/**
 * One HTTP exchange over node-fetch: arms the connect/headers timeout (see deadline.ts), links
 * the caller's abort signal, and turns low-level failures into the library's error classes.
 */
import fetch from 'node-fetch';
import type { RequestInit, Response } from 'node-fetch';
import type { Clock } from '../clock';
import type { ConnectionPool } from './agents';
import { startDeadline } from './deadline';
import { createFetchSignal } from './fetchSignal';
import type { AbortLike } from './fetchSignal';
import { AnthropicError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } from '../errors';

/** What to send. */
export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortLike;
  timeoutMs: number;
}

/** A response whose headers arrived, plus the handle that tears its connection down. */
export interface HttpExchange {
  response: Response;
  /** Aborts the exchange (destroys the socket); `reason` decides the error readers see. */
  abort(reason: 'user' | 'idle'): void;
  /** Why the exchange was aborted, if it was. */
  readonly abortReason: 'user' | 'idle' | 'timeout' | undefined;
  /** Stops listening to the caller's signal (call when the body is consumed). */
  release(): void;
}

type AbortWhy = 'user' | 'idle' | 'timeout';

/** Abort state of one exchange: a class, so a request allocates one object instead of five closures. */
class FetchExchange implements HttpExchange {
  response!: Response;
  readonly signal = createFetchSignal();
  private reason: AbortWhy | undefined;
  private readonly onUserAbort: (() => void) | undefined;

  constructor(private readonly userSignal: AbortLike | undefined) {
    if (userSignal) {
      this.onUserAbort = () => this.abort('user');
      userSignal.addEventListener('abort', this.onUserAbort, { once: true });
    }
  }

  get abortReason(): AbortWhy | undefined {
    return this.reason;
  }

  abort(why: AbortWhy): void {
    this.reason ??= why;
    this.signal.abort();
  }

  release(): void {
    if (this.onUserAbort) this.userSignal?.removeEventListener('abort', this.onUserAbort);
  }
}

/** Sends one request; resolves once the response headers are in. */
export async function sendHttp(req: HttpRequest, pool: ConnectionPool, clock: Clock): Promise<HttpExchange> {
  if (req.signal?.aborted) throw new APIUserAbortError('Request was aborted.');
  const exchange = new FetchExchange(req.signal);
  const deadline = startDeadline(clock, req.timeoutMs, () => exchange.abort('timeout'));
  try {
    exchange.response = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      agent: pool.pickAgent,
      signal: exchange.signal as unknown as RequestInit['signal'],
      compress: true,
    });
    deadline.clear();
    return exchange;
  } catch (error) {
    deadline.clear();
    exchange.release();
    throw mapFetchError(error, exchange.abortReason);
  }
}

/** Maps a node-fetch / socket error to the library's classes. */
export function mapFetchError(error: unknown, reason: 'user' | 'idle' | 'timeout' | undefined): Error {
  if (error instanceof AnthropicError) return error;
  if (reason === 'user') return new APIUserAbortError('Request was aborted.', { cause: error });
  if (reason === 'timeout') return new APIConnectionTimeoutError('Request timed out waiting for response headers.', { cause: error });
  if (reason === 'idle') return new APIConnectionTimeoutError('Stream stalled: no data within the idle timeout.', { cause: error });
  const code = (error as { code?: string } | undefined)?.code;
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  return new APIConnectionError(`Connection error: ${detail}`, { cause: error });
}
