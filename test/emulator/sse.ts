/**
 * Writes SSE events to a response, applying the wire-level faults of a step: pacing,
 * tiny chunks, UTF-8 characters cut in half, CRLF, comment lines, compression, stalls, sockets
 * destroyed mid-stream, `event: error` and malformed data (optionally with the response held
 * open afterwards, as a server that never closes).
 */
import type { ServerResponse } from 'node:http';
import type { SseOut } from './compress';
import { sseOut } from './compress';
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

/** What `malformedAfter` writes: an event whose data is cut-off JSON. */
export const MALFORMED_EVENT = 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_del\n\n';

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

async function writePiece(res: ServerResponse, out: SseOut, text: string, step: FaultStep | undefined): Promise<void> {
  if (!step?.chunkSize && !step?.splitUtf8) return out.write(text);
  const buf = Buffer.from(text, 'utf8');
  let from = 0;
  for (const cut of [...cutPoints(buf, step.chunkSize, step.splitUtf8), buf.length]) {
    if (res.destroyed) return;
    await out.write(buf.subarray(from, cut));
    from = cut;
  }
}

/** Writes the events and ends (or stalls / destroys) the response as the step says. */
export async function writeSse(res: ServerResponse, events: readonly string[], opts: SseWriteOptions): Promise<void> {
  const step = opts.step;
  const pace = step?.paceMs ?? opts.paceMs;
  const limits = [step?.stallAfterEvents, step?.destroyAfterEvents, step?.errorEventAfter, step?.malformedAfter].filter(
    (n): n is number => typeof n === 'number',
  );
  const limit = limits.length > 0 ? Math.min(...limits) : Infinity;
  const cutAt = limit === Infinity ? events.length : indexAfter(events, limit);
  const list = events.slice(0, cutAt).map((e, i) => transform(e, step, i));
  const endWith =
    step?.errorEventAfter === limit && opts.errorEvent ? 'error'
    : step?.malformedAfter === limit ? 'malformed'
    : step?.stallAfterEvents === limit ? 'stall'
    : step?.destroyAfterEvents === limit ? 'destroy'
    : 'end';
  if (endWith === 'error' && opts.errorEvent) list.push(transform(opts.errorEvent, step, list.length));
  if (endWith === 'malformed') list.push(transform(MALFORMED_EVENT, step, list.length));
  const out = sseOut(res, step?.compress);

  if (pace > 0) {
    for (let i = 0; i < list.length; i++) {
      if (res.destroyed) return;
      if (i > 0) await sleep(pace);
      await writePiece(res, out, list[i], step);
    }
  } else {
    await writePiece(res, out, list.join(''), step);
  }
  if (res.destroyed) return;
  // A server that never closes after its error (the socket stays open until the client acts).
  const hold = step?.holdOpen === true && (endWith === 'error' || endWith === 'malformed');
  switch (hold ? 'stall' : endWith) {
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
      out.end();
  }
}
