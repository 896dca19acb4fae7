/**
 * A streamed message: an async iterable of wire events plus SDK-style helpers (`finalMessage()`,
 * `on('text')`, `abort()`). Retries happen only before the first event; once content was
 * delivered a failure surfaces as a typed error carrying `partialMessage`.
 */
import type { Clock } from '../../base/clock';
import type { Message, MessageStreamEvent, RetryInfo } from '../types';
import type { Exchange } from '../core/pipeline';
import type { ErrorHeaders } from '../errors';
import type { SseEvent } from './sseDecoder';
import { AnthropicError, APIConnectionError, APIUserAbortError, MalformedStreamError, errorFromStreamEvent, toErrorHeaders } from '../errors';
import { MessageAccumulator } from './accumulator';
import { parseTextDelta } from './textDelta';
import { createLightSignal } from '../transport/lightSignal';
import type { AbortLike } from '../transport/lightSignal';

/** Listener signatures by event name. */
export interface MessageStreamListeners {
  connect: () => void;
  event: (event: MessageStreamEvent, snapshot: Message) => void;
  /** SDK name of `event`. */
  streamEvent: (event: MessageStreamEvent, snapshot: Message) => void;
  /** A content block finished (its final shape). */
  contentBlock: (block: Message['content'][number]) => void;
  citation: (citation: unknown, citationsSoFar: unknown[]) => void;
  signature: (signature: string) => void;
  text: (delta: string, snapshot: string) => void;
  thinking: (delta: string, snapshot: string) => void;
  inputJson: (partialJson: string, jsonSnapshot: string) => void;
  retry: (info: RetryInfo) => void;
  message: (message: Message) => void;
  finalMessage: (message: Message) => void;
  error: (error: AnthropicError) => void;
  abort: (error: AnthropicError) => void;
  end: () => void;
}

/** What the stream needs to start its request. */
export interface StreamStartContext {
  signal: AbortLike;
  wake: { current?: () => void };
  onRetry: (info: RetryInfo) => void;
}

/** Collaborators of a stream. */
export interface StreamDeps {
  clock: Clock;
  onFirstToken: (ms: number) => void;
}

type Reader = { resolve: (r: IteratorResult<MessageStreamEvent>) => void; reject: (e: unknown) => void };
type Sink = { queue: MessageStreamEvent[]; readers: Reader[] };

/** A streamed message. */
export class MessageStream implements AsyncIterable<MessageStreamEvent> {
  /**
   * What the request path watches. A light signal rather than an AbortController: Node's is an
   * EventTarget whose listener bookkeeping cost about 8 µs of every stream's time to first token.
   */
  private readonly abortSignal = createLightSignal();
  /** The SDK-compatible `controller`, made only when someone asks for it. */
  private publicController: AbortController | undefined;
  /** `request-id` of the response, once connected. */
  requestId: string | undefined;
  /** Response headers, once connected. */
  headers: ErrorHeaders | undefined;
  private readonly accumulator = new MessageAccumulator();
  private readonly listeners: { [K in keyof MessageStreamListeners]?: Array<{ fn: MessageStreamListeners[K]; once: boolean }> } = {};
  private readonly wake: { current?: () => void } = {};
  private readonly sinks = new Set<Sink>();
  /** Events kept for an iterator created late; dropped once `finalMessage()` shows nobody will iterate. */
  private backlog: MessageStreamEvent[] | undefined = [];
  private ended = false;
  private sawToken = false;
  private failure: AnthropicError | undefined;
  private readonly final: Promise<Message>;
  private resolveFinal!: (m: Message) => void;
  private rejectFinal!: (e: unknown) => void;

  constructor(start: (ctx: StreamStartContext) => Promise<Exchange>, private readonly deps: StreamDeps, signal?: AbortSignal) {
    this.final = new Promise<Message>((resolve, reject) => {
      this.resolveFinal = resolve;
      this.rejectFinal = reject;
    });
    // Nobody may be awaiting the result; a failure must not become an unhandled rejection.
    this.final.catch(() => undefined);
    if (signal) {
      if (signal.aborted) this.abort();
      else {
        const onAbort = (): void => this.abort();
        signal.addEventListener('abort', onAbort, { once: true });
        // A long-lived caller signal must not keep every finished stream alive.
        this.final.then(
          () => signal.removeEventListener('abort', onAbort),
          () => signal.removeEventListener('abort', onAbort),
        );
      }
    }
    // Start on the next tick so listeners attached right after creation see every event.
    queueMicrotask(() => void this.run(start));
  }

  /** Subscribes to a stream event; returns the stream for chaining. */
  on<K extends keyof MessageStreamListeners>(name: K, fn: MessageStreamListeners[K]): this {
    (this.listeners[name] ??= [] as never[]).push({ fn, once: false } as never);
    return this;
  }

  /** Like `on`, removed after the first call. */
  once<K extends keyof MessageStreamListeners>(name: K, fn: MessageStreamListeners[K]): this {
    (this.listeners[name] ??= [] as never[]).push({ fn, once: true } as never);
    return this;
  }

  /** Removes a listener. */
  off<K extends keyof MessageStreamListeners>(name: K, fn: MessageStreamListeners[K]): this {
    const list = this.listeners[name] as Array<{ fn: unknown }> | undefined;
    const i = list?.findIndex((l) => l.fn === fn) ?? -1;
    if (list && i >= 0) list.splice(i, 1);
    return this;
  }

  /** Resolves with the complete message; rejects with the typed error (with `partialMessage`). */
  finalMessage(): Promise<Message> {
    this.backlog = undefined;
    return this.final;
  }

  /** Text of the final message's text blocks. */
  async finalText(): Promise<string> {
    const message = await this.finalMessage();
    return message.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
  }

  /** Resolves when the stream ended, rejects when it failed. */
  async done(): Promise<void> {
    await this.finalMessage();
  }

  /** Aborting it stops the stream at once (also during a retry wait) and closes the socket. */
  get controller(): AbortController {
    if (!this.publicController) {
      const controller = new AbortController();
      if (this.abortSignal.aborted) controller.abort();
      else controller.signal.addEventListener('abort', () => this.abort(), { once: true });
      this.publicController = controller;
    }
    return this.publicController;
  }

  /** Stops the stream (and any retry wait) and closes the connection. */
  abort(): void {
    this.abortSignal.abort();
    this.publicController?.abort();
  }

  /** Ends a running retry wait now (a "retry now" button). */
  retryNow(): void {
    this.wake.current?.();
  }

  /** Snapshot of the message so far (tool inputs parsed best effort), or undefined before it started. */
  get currentMessage(): Message | undefined {
    return this.accumulator.current();
  }

  /** SDK spelling of `requestId`. */
  get request_id(): string | undefined {
    return this.requestId;
  }

  /** Whether the stream has finished (successfully or not). */
  get finished(): boolean {
    return this.ended;
  }

  [Symbol.asyncIterator](): AsyncIterator<MessageStreamEvent> {
    const sink: Sink = { queue: this.backlog ?? [], readers: [] };
    this.backlog = undefined;
    this.sinks.add(sink);
    return {
      next: () => {
        const event = sink.queue.shift();
        if (event) return Promise.resolve({ value: event, done: false });
        if (this.ended) {
          this.sinks.delete(sink);
          return this.failure ? Promise.reject(this.failure) : Promise.resolve({ value: undefined, done: true });
        }
        return new Promise((resolve, reject) => sink.readers.push({ resolve, reject }));
      },
      return: () => {
        // Leaving the loop early means the caller no longer wants the answer.
        this.sinks.delete(sink);
        if (!this.ended) this.abort();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  private emit<K extends keyof MessageStreamListeners>(name: K, ...args: Parameters<MessageStreamListeners[K]>): void {
    const list = this.listeners[name];
    if (!list?.length) return;
    for (const l of list.length === 1 ? list.slice() : [...list]) {
      if (l.once) list.splice(list.indexOf(l), 1);
      try {
        (l.fn as (...a: unknown[]) => void)(...args);
      } catch {
        // A faulty listener must not break the stream (or its retries) for everyone else.
      }
    }
  }

  private deliver(event: MessageStreamEvent): void {
    if (this.backlog) this.backlog.push(event);
    if (this.sinks.size === 0) return; // the common case; skips an iterator allocation per event
    for (const sink of this.sinks) {
      const reader = sink.readers.shift();
      if (reader) reader.resolve({ value: event, done: false });
      else sink.queue.push(event);
    }
  }

  /**
   * One path from start to end: the executor answers (retries included) once the first event
   * arrived; from then on events are handled as they come. The stream settles exactly once: at
   * `message_stop` (the rest of the body only drains, to free its socket), or at the first
   * failure of any kind (body cut or destroyed, idle timeout, abort, client disposed, an `error`
   * event or malformed data, which destroy the connection at once).
   */
  private async run(start: (ctx: StreamStartContext) => Promise<Exchange>): Promise<void> {
    let exchange: Exchange | undefined;
    try {
      const startedAt = this.deps.clock.now();
      exchange = await start({ signal: this.abortSignal, wake: this.wake, onRetry: (info) => this.emit('retry', info) });
      const current = exchange;
      this.headers = current.headers;
      this.requestId = current.requestId;
      this.emit('connect');
      const events = current.events;
      if (!events) throw new APIConnectionError('Connection error: not an event stream.', { type: 'connection_error' });
      await events.listen((sse) => {
        const token = this.handle(sse);
        if (token && !this.sawToken) {
          this.sawToken = true;
          this.deps.onFirstToken(this.deps.clock.now() - startedAt);
        }
        if (this.accumulator.stopped && !this.ended) {
          events.detach();
          this.succeed(current);
        }
      });
      if (!this.ended) throw new APIConnectionError('Connection error: the stream ended before message_stop.', { type: 'connection_error' });
    } catch (raw) {
      this.fail(raw, exchange);
    }
  }

  private succeed(exchange: Exchange): void {
    const message = this.accumulator.finish() as Message;
    exchange.finish({ usage: message.usage });
    this.ended = true;
    this.emit('message', message);
    this.emit('finalMessage', message);
    this.resolveFinal(message);
    this.closeSinks();
    this.emit('end');
  }

  private fail(raw: unknown, exchange: Exchange | undefined): void {
    if (this.ended) return;
    let error = raw instanceof AnthropicError ? raw : new APIConnectionError(`Connection error: ${String(raw)}`, { cause: raw });
    if (this.abortSignal.aborted && !(error instanceof APIUserAbortError)) {
      error = new APIUserAbortError('Request was aborted.', { cause: raw });
    }
    error.partialMessage ??= this.accumulator.started ? this.accumulator.current() : undefined;
    exchange?.finish({ error, usage: error.partialMessage?.usage });
    this.ended = true;
    this.failure = error;
    if (error instanceof APIUserAbortError) this.emit('abort', error);
    this.emit('error', error);
    this.rejectFinal(error);
    this.closeSinks();
    this.emit('end');
  }

  private closeSinks(): void {
    for (const sink of this.sinks) {
      if (sink.queue.length) continue; // the reader drains the queue, then sees the end
      for (const r of sink.readers.splice(0)) {
        if (this.failure) r.reject(this.failure);
        else r.resolve({ value: undefined, done: true });
      }
    }
  }

  /** Handles one SSE event; returns true when it carried the first content delta. */
  private handle(sse: SseEvent): boolean {
    if (sse.event === 'ping') return false;
    let data: unknown = sse.event === 'content_block_delta' ? parseTextDelta(sse.data) : undefined;
    if (data === undefined) {
      try {
        data = JSON.parse(sse.data);
      } catch {
        if (sse.event === 'error') throw errorFromStreamEvent(sse.data, this.headers ?? toErrorHeaders(), this.accumulator.current());
        throw new MalformedStreamError(`Malformed stream data for event "${sse.event ?? 'message'}".`, { type: 'connection_error' });
      }
    }
    const type = (data as { type?: string } | null)?.type ?? sse.event;
    if (type === 'ping') return false;
    if (type === 'error' || sse.event === 'error') {
      throw errorFromStreamEvent(data, this.headers ?? toErrorHeaders(), this.accumulator.current());
    }
    const event = data as MessageStreamEvent;
    if (!this.accumulator.apply(event)) return false;
    this.deliver(event);
    if (this.listeners.event?.length) this.emit('event', event, this.accumulator.live() as Message);
    if (this.listeners.streamEvent?.length) this.emit('streamEvent', event, this.accumulator.live() as Message);
    if (event.type === 'content_block_stop' && this.listeners.contentBlock?.length) {
      const block = this.accumulator.current()?.content[event.index];
      if (block) this.emit('contentBlock', block);
    }
    if (event.type === 'content_block_delta') {
      const d = event.delta;
      if (d.type === 'text_delta' && this.listeners.text?.length) {
        const block = this.accumulator.peek(event.index);
        this.emit('text', d.text, typeof block?.text === 'string' ? block.text : '');
      } else if (d.type === 'thinking_delta' && this.listeners.thinking?.length) {
        const block = this.accumulator.peek(event.index);
        this.emit('thinking', d.thinking, typeof block?.thinking === 'string' ? block.thinking : '');
      } else if (d.type === 'input_json_delta' && this.listeners.inputJson?.length) {
        this.emit('inputJson', d.partial_json, this.accumulator.partialJson(event.index) ?? '');
      } else if (d.type === 'citations_delta' && this.listeners.citation?.length) {
        const block = this.accumulator.peek(event.index);
        this.emit('citation', d.citation, Array.isArray(block?.citations) ? (block.citations as unknown[]) : []);
      } else if (d.type === 'signature_delta' && this.listeners.signature?.length) {
        this.emit('signature', d.signature);
      }
      return true;
    }
    return false;
  }
}
