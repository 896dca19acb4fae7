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
import { AnthropicError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } from '../errors';

/** What to send. */
export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
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

/** Sends one request; resolves once the response headers are in. */
export async function sendHttp(req: HttpRequest, pool: ConnectionPool, clock: Clock): Promise<HttpExchange> {
  const fetchSignal = createFetchSignal();
  let reason: 'user' | 'idle' | 'timeout' | undefined;
  const abort = (why: 'user' | 'idle' | 'timeout'): void => {
    reason ??= why;
    fetchSignal.abort();
  };
  const onUserAbort = (): void => abort('user');
  if (req.signal?.aborted) throw new APIUserAbortError('Request was aborted.');
  req.signal?.addEventListener('abort', onUserAbort, { once: true });
  const deadline = startDeadline(clock, req.timeoutMs, () => abort('timeout'));
  const release = (): void => req.signal?.removeEventListener('abort', onUserAbort);
  try {
    const response = await fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      agent: (parsed: URL) => pool.agentFor(parsed),
      signal: fetchSignal as unknown as RequestInit['signal'],
      compress: true,
    });
    deadline.clear();
    return {
      response,
      abort: (why) => abort(why),
      get abortReason() {
        return reason;
      },
      release,
    };
  } catch (error) {
    deadline.clear();
    release();
    throw mapFetchError(error, reason);
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
