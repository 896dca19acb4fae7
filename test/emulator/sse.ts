/**
 * Writes SSE events to a response, applying the wire-level faults of a step: pacing,
 * tiny chunks, UTF-8 characters cut in half, CRLF, comment lines, stalls, sockets
 * destroyed mid-stream and `event: error`.
 */
import type { ServerResponse } from 'node:http';
import type { FaultStep } from './types';

/** How to write one stream. */
export interface SseWriteOptions {
  paceMs: number;
  step?: FaultStep;
  /** The `event: error` to send when the step asks for one. */
  errorEvent?: string;
  /** Called when a stalled stream is parked, so close() can destroy it. */
  onStall?: (res: ServerResponse) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Byte offsets to cut at: every `chunkSize` bytes and/or inside each multi-byte character. */
export function cutPoints(buf: Buffer, chunkSize?: number, splitUtf8?: boolean): number[] {
  const cuts = new Set<number>();
  if (chunkSize && chunkSize > 0) for (let i = chunkSize; i < buf.length; i += chunkSize) cuts.add(i);
  if (splitUtf8) for (let i = 0; i < buf.length; i++) if (buf[i] >= 0xc0) cuts.add(i + 1);
  return [...cuts].sort((a, b) => a - b);
}

function writeAsync(res: ServerResponse, data: string | Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed || res.writableEnded) return resolve();
    res.write(data, () => resolve());
  });
}

const isPing = (event: string): boolean => /^event: ping\r?$/m.test(event);

/**
 * Index just past the n-th counted event. Pings are not counted: clients ignore them, so
 * "after 4 events" means 4 events a client can see (a ping among them is still written).
 */
export function indexAfter(events: readonly string[], n: number): number {
  let counted = 0;
  for (let i = 0; i < events.length; i++) {
    if (counted === n) return i;
    if (!isPing(events[i])) counted++;
  }
  return events.length;
}

/** Applies the text-level transforms (comments, CRLF) to one event. */
function transform(event: string, step: FaultStep | undefined, i: number): string {
  let out = event;
  if (step?.comments) out = `: emulator comment ${i}\n${out}`;
  if (step?.crlf) out = out.replace(/\r?\n/g, '\r\n');
  return out;
}

async function writePiece(res: ServerResponse, text: string, step: FaultStep | undefined): Promise<void> {
  if (!step?.chunkSize && !step?.splitUtf8) return writeAsync(res, text);
  const buf = Buffer.from(text, 'utf8');
  let from = 0;
  for (const cut of [...cutPoints(buf, step.chunkSize, step.splitUtf8), buf.length]) {
    if (res.destroyed) return;
    await writeAsync(res, buf.subarray(from, cut));
    from = cut;
  }
}

/** Writes the events and ends (or stalls / destroys) the response as the step says. */
export async function writeSse(res: ServerResponse, events: readonly string[], opts: SseWriteOptions): Promise<void> {
  const step = opts.step;
  const pace = step?.paceMs ?? opts.paceMs;
  const limits = [step?.stallAfterEvents, step?.destroyAfterEvents, step?.errorEventAfter].filter(
    (n): n is number => typeof n === 'number',
  );
  const limit = limits.length > 0 ? Math.min(...limits) : Infinity;
  const cutAt = limit === Infinity ? events.length : indexAfter(events, limit);
  const list = events.slice(0, cutAt).map((e, i) => transform(e, step, i));
  const endWith = step?.errorEventAfter === limit && opts.errorEvent ? 'error' : step?.stallAfterEvents === limit ? 'stall' : step?.destroyAfterEvents === limit ? 'destroy' : 'end';
  if (endWith === 'error' && opts.errorEvent) list.push(transform(opts.errorEvent, step, list.length));

  if (pace > 0) {
    for (let i = 0; i < list.length; i++) {
      if (res.destroyed) return;
      if (i > 0) await sleep(pace);
      await writePiece(res, list[i], step);
    }
  } else {
    await writePiece(res, list.join(''), step);
  }
  if (res.destroyed) return;
  switch (endWith) {
    case 'stall':
      opts.onStall?.(res);
      return;
    case 'destroy': {
      const socket = res.socket;
      if (step?.reset && socket && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
      else socket?.destroy();
      return;
    }
    default:
      res.end();
  }
}
