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
  for await (const chunk of readChunks(http, clock, idleMs, onBytes)) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}
