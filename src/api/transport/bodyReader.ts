/**
 * Reads a response body chunk by chunk with an idle timeout on the injected clock: a body that
 * stays silent for `idleMs` is torn down and surfaces as a timeout instead of hanging forever.
 */
import type { Clock } from '../clock';
import type { HttpExchange } from './http';
import { mapFetchError } from './http';

/** Yields body chunks; throws typed errors (abort, idle timeout, connection). */
export async function* readChunks(
  http: HttpExchange,
  clock: Clock,
  idleMs: number,
  onBytes: (n: number) => void,
): AsyncGenerator<Buffer> {
  const body = http.response.body as unknown as AsyncIterable<Buffer>;
  let last = clock.now();
  let timer: unknown;
  // One timer per idle period (re-armed for the remainder) instead of one per chunk: cheap at 200k chunks.
  const check = (): void => {
    const idle = clock.now() - last;
    if (idle >= idleMs) http.abort('idle');
    else timer = clock.setTimeout(check, idleMs - idle);
  };
  if (idleMs > 0) timer = clock.setTimeout(check, idleMs);
  try {
    for await (const chunk of body) {
      last = clock.now();
      onBytes(chunk.length);
      yield chunk;
    }
    if (http.abortReason) throw mapFetchError(new Error('aborted'), http.abortReason);
  } catch (error) {
    throw mapFetchError(error, http.abortReason);
  } finally {
    clock.clearTimeout(timer);
  }
}

/** Reads a whole body as text (idle timeout applies between chunks). */
export async function readText(http: HttpExchange, clock: Clock, idleMs: number, onBytes: (n: number) => void): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of readChunks(http, clock, idleMs, onBytes)) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}
