/**
 * Bytes -> SSE events, correct for any chunking: UTF-8 sequences split across chunks are held back
 * by a streaming TextDecoder, and eventsource-parser copes with CRLF, comments and split lines.
 */
import { createParser } from 'eventsource-parser';
import type { EventSourceParser } from 'eventsource-parser';

/** One SSE event as received. */
export interface SseEvent {
  event?: string | undefined;
  data: string;
}

/** Incremental decoder; push chunks, get the events completed by each chunk. */
export class SseDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly parser: EventSourceParser;
  private pending: SseEvent[] = [];

  /** With `onEvent`, events are handed over as they complete (no arrays); else `push` returns them. */
  constructor(onEvent?: (event: SseEvent) => void) {
    this.parser = createParser({
      onEvent: onEvent ?? ((e) => {
        this.pending.push({ event: e.event, data: e.data });
      }),
    });
  }

  /** Feeds raw bytes (or text); returns the events this chunk completed. */
  push(chunk: Uint8Array | string): SseEvent[] {
    this.parser.feed(typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true }));
    return this.take();
  }

  /** End of input: flushes a final event that lacked its blank line. */
  end(): SseEvent[] {
    const rest = this.decoder.decode();
    // A server that closes without the final blank line still meant its last event.
    this.parser.feed(rest + '\n\n');
    return this.take();
  }

  private take(): SseEvent[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}
