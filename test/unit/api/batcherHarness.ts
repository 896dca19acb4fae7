/** Helpers of the request batcher's tests: bodies, what the emulator saw, waiting for batcher events. */
import type { RequestBatcher } from '../../../src/api/batch/requestBatcher';
import type { BatchCreatedEvent, BatchEndedEvent } from '../../../src/api/batch/types';
import type { Message, MessageCreateBody } from '../../../src/api/types';
import type { Emulator, RecordedRequest } from '../../emulator/types';
import { until, within } from './settleWatch';

/** A body the emulator answers with exactly `text` (its `echo` prompt). */
export function echo(text: string, extra: Partial<MessageCreateBody> = {}): MessageCreateBody {
  return { model: 'claude-sonnet-5-5', max_tokens: 256, messages: [{ role: 'user', content: `echo ${text}` }], ...extra };
}

/** The text of a message's first block. */
export function textOf(message: Message): string {
  const block = message.content[0];
  return block?.type === 'text' ? block.text : '';
}

/** `POST /v1/messages/batches` the emulator received. */
export function creates(emu: Emulator): RecordedRequest[] {
  return emu.requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages/batches');
}

/** Retrieves (polls) of batches the emulator received. */
export function polls(emu: Emulator): RecordedRequest[] {
  return emu.requests.filter((r) => r.method === 'GET' && /^\/v1\/messages\/batches\/[^/]+$/.test(r.path));
}

/** Cancels the emulator received. */
export function cancels(emu: Emulator): RecordedRequest[] {
  return emu.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/cancel'));
}

/** The custom ids a create request carried, in order. */
export function customIdsOf(request: RecordedRequest): string[] {
  return ((request.body as { requests: { custom_id: string }[] }).requests ?? []).map((r) => r.custom_id);
}

/** Waits (by event-loop turns, never by the clock) until `condition` holds. */
export function eventually(condition: () => boolean, what: string): Promise<void> {
  return within(until(condition), 5_000, what);
}

/** The next event of one kind (`batcher.onBatchCreated`, `onBatchEnded`, ...). */
export function nextEvent<T>(subscribe: (listener: (event: T) => void) => { dispose(): void }, what: string): Promise<T> {
  return within(new Promise<T>((resolve) => {
    const sub = subscribe((event) => {
      sub.dispose();
      resolve(event);
    });
  }), 5_000, what);
}

/** The next batch the batcher creates. */
export function nextCreated(batcher: RequestBatcher): Promise<BatchCreatedEvent> {
  return nextEvent((l) => batcher.onBatchCreated(l), 'a batch created');
}

/** The next batch the batcher reads to the end. */
export function nextEnded(batcher: RequestBatcher): Promise<BatchEndedEvent> {
  return nextEvent((l) => batcher.onBatchEnded(l), 'a batch ended');
}

/** How a promise settled, without letting a rejection go unhandled. */
export function outcome<T>(promise: Promise<T>): Promise<{ value?: T; error?: Error }> {
  return within(promise.then((value) => ({ value }), (error: Error) => ({ error })), 5_000, 'an item settled');
}
