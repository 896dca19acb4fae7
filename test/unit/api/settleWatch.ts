/**
 * Helpers that watch how a stream or call ends: how many times each ending fired, and a hang
 * detector. The bound of {@link within} is generous (seconds): it tells "settles" from "never
 * settles", it does not measure speed.
 */
import type { MessageStream } from '../../../src/api/stream/messageStream';
import type { AnthropicError } from '../../../src/api/errors';
import type { Message } from '../../../src/api/types';

/** Resolves like `promise`, or rejects when it has not settled after `ms` (a hang). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

/** Counts of a stream's endings, and its outcome once settled. */
export interface StreamWatch {
  ends: number;
  finals: number;
  errors: number;
  aborts: number;
  /** The message or the error, once the stream settled. */
  outcome: Promise<{ message?: Message; error?: AnthropicError }>;
}

/** Subscribes to every ending of `stream`. */
export function watch(stream: MessageStream): StreamWatch {
  const w: StreamWatch = {
    ends: 0,
    finals: 0,
    errors: 0,
    aborts: 0,
    outcome: stream.finalMessage().then(
      (message) => ({ message }),
      (error: AnthropicError) => ({ error }),
    ),
  };
  stream.on('end', () => w.ends++).on('finalMessage', () => w.finals++).on('error', () => w.errors++).on('abort', () => w.aborts++);
  return w;
}

/** Lets pending I/O and timers of a few milliseconds run (late duplicate endings would show up). */
export function settleDown(ms = 30): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Resolves once `condition()` holds (checked on every event-loop turn); pair it with {@link within}. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setImmediate(r));
}
