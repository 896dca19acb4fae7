/**
 * Reads a response body chunk by chunk with an idle timeout (see deadline.ts): a body that
 * stays silent for `idleMs` is torn down and surfaces as a timeout instead of hanging forever.
 */
import type { Clock } from '../clock';
import type { HttpExchange } from './http';
import { mapFetchError } from './http';
import { startDeadline } from './deadline';

/** Yields body chunks; throws typed errors (abort, idle timeout, connection). */
export async function* readChunks(
  http: HttpExchange,
  clock: Clock,
  idleMs: number,
  onBytes: (n: number) => void,
): AsyncGenerator<Buffer> {
  const body = http.response.body as unknown as AsyncIterable<Buffer>;
  const idle = startDeadline(clock, idleMs, () => http.abort('idle'));
  try {
    for await (const chunk of body) {
      idle.reset();
      onBytes(chunk.length);
      yield chunk;
    }
    if (http.abortReason) throw mapFetchError(new Error('aborted'), http.abortReason);
  } catch (error) {
    throw mapFetchError(error, http.abortReason);
  } finally {
    idle.clear();
  }
}

/** Reads a whole body as text (idle timeout applies between chunks). */
export async function readText(http: HttpExchange, clock: Clock, idleMs: number, onBytes: (n: number) => void): Promise<string> {
  const parts: Buffer[] = [];
  await pumpBody(http, clock, idleMs, onBytes, (chunk) => parts.push(chunk));
  return parts.length === 1 ? parts[0].toString('utf8') : Buffer.concat(parts).toString('utf8');
}

/**
 * Pushes body chunks to `onChunk` from 'data' events (cheaper than async iteration on the hot
 * streaming path); resolves at the end, rejects with typed errors like `readChunks`.
 */
export function pumpBody(
  http: HttpExchange,
  clock: Clock,
  idleMs: number,
  onBytes: (n: number) => void,
  onChunk: (chunk: Buffer) => void,
): Promise<void> {
  const body = http.response.body as unknown as NodeJS.ReadableStream;
  const idle = startDeadline(clock, idleMs, () => http.abort('idle'));
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      idle.clear();
      reject(mapFetchError(error, http.abortReason));
    };
    body.on('data', (chunk: Buffer) => {
      if (settled) return;
      idle.reset();
      onBytes(chunk.length);
      try {
        onChunk(chunk);
      } catch (error) {
        // The consumer refused the data (an error event, malformed JSON): stop reading.
        settled = true;
        idle.clear();
        (body as unknown as { destroy?: () => void }).destroy?.();
        reject(error);
      }
    });
    body.on('error', fail);
    body.on('end', () => {
      if (settled) return;
      if (http.abortReason) return fail(new Error('aborted'));
      settled = true;
      idle.clear();
      resolve();
    });
    body.on('close', () => {
      // Destroyed without 'end' or 'error' (aborted): still settle.
      if (!settled) fail(new Error('body closed before its end'));
    });
  });
}
