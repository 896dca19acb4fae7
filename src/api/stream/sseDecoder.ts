/**
 * Bytes -> SSE events, correct for any chunking: UTF-8 sequences split across chunks are held back
 * by a StringDecoder, and eventsource-parser copes with CRLF, comments and split lines.
 */
import { StringDecoder } from 'string_decoder';
import { createParser } from 'eventsource-parser';
import type { EventSourceParser } from 'eventsource-parser';

/** One SSE event as received. */
export interface SseEvent {
  event?: string | undefined;
  data: string;
}

/** Incremental decoder; push chunks, get the events completed by each chunk. */
export class SseDecoder {
  // StringDecoder rather than TextDecoder: same output (fuzzed, invalid bytes and split sequences
  // included) but about a third of the CPU on the per-chunk streaming path. TextDecoder's one
  // difference, dropping a leading BOM, is kept by `decoded`.
  private readonly decoder = new StringDecoder('utf8');
  private sawText = false;
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
    this.parser.feed(typeof chunk === 'string' ? chunk : this.decoded(this.decoder.write(chunk)));
    return this.take();
  }

  /** End of input: flushes a final event that lacked its blank line. */
  end(): SseEvent[] {
    const rest = this.decoded(this.decoder.end());
    // A server that closes without the final blank line still meant its last event.
    this.parser.feed(rest + '\n\n');
    return this.take();
  }

  /** Drops a BOM at the very start of the decoded text, as TextDecoder('utf-8') does. */
  private decoded(text: string): string {
    if (this.sawText || text.length === 0) return text;
    this.sawText = true;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  private take(): SseEvent[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}
