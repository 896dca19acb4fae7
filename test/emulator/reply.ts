/** Writes responses with the headers every API response carries. */
import type { ServerResponse } from 'node:http';
import { compressWhole } from './compress';
import { errorBody, defaultMessage, errorTypeForStatus } from './errors';
import type { RateLimiter } from './rateLimits';
import type { FaultStep, RecordedRequest } from './types';

/** Response writer for one request: request-id, rate-limit headers, the step's extra headers. */
export class Reply {
  constructor(
    readonly res: ServerResponse,
    readonly record: RecordedRequest,
    private readonly rate: RateLimiter,
    private readonly step: FaultStep | undefined,
  ) {}

  /** Headers common to every response, plus the step's retry and extra headers. */
  headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { 'request-id': this.record.requestId, ...this.rate.headers() };
    const s = this.step;
    if (s?.rateLimits) Object.assign(h, s.rateLimits);
    if (s?.retryAfter !== undefined) h['retry-after'] = String(s.retryAfter);
    if (s?.retryAfterMs !== undefined) h['retry-after-ms'] = String(s.retryAfterMs);
    if (s?.shouldRetry !== undefined) h['x-should-retry'] = s.shouldRetry;
    Object.assign(h, extra);
    if (s?.headers) Object.assign(h, s.headers);
    if (s?.echoKey && this.record.apiKey !== undefined) {
      h['x-echoed-key'] = this.record.apiKey;
      h['x-echoed-authorization'] = `Bearer ${this.record.apiKey}`;
    }
    return h;
  }

  /** Sends a body with a status (compressed when the step says so). */
  raw(status: number, contentType: string, body: string, extra: Record<string, string> = {}): void {
    if (this.res.destroyed) return;
    this.record.status = status;
    const encoding = this.step?.compress;
    const bytes = encoding ? compressWhole(body, encoding) : body;
    const encoded: Record<string, string> = encoding ? { 'content-encoding': encoding } : {};
    this.record.responseHeaders = this.headers({ 'content-type': contentType, 'content-length': String(Buffer.byteLength(bytes)), ...encoded, ...extra });
    this.res.writeHead(status, this.record.responseHeaders);
    this.res.end(bytes);
  }

  /**
   * Sends a body in writes of `chunkBytes` bytes (cut anywhere, UTF-8 characters included), one
   * event-loop turn apart, with chunked transfer encoding. With `destroyAt`, the socket is destroyed
   * once that many bytes went out (a connection lost mid-body).
   */
  chunked(status: number, contentType: string, body: string, chunkBytes: number, destroyAt?: number): void {
    if (this.res.destroyed) return;
    if (this.step?.compress) return this.raw(status, contentType, body);
    this.record.status = status;
    this.record.responseHeaders = this.headers({ 'content-type': contentType });
    this.res.writeHead(status, this.record.responseHeaders);
    const bytes = Buffer.from(body, 'utf8');
    const size = Math.max(1, Math.floor(chunkBytes));
    const res = this.res;
    let at = 0;
    const next = (): void => {
      if (res.destroyed) return;
      if (destroyAt !== undefined && at >= destroyAt) return void res.destroy();
      if (at >= bytes.length) return void res.end();
      const slice = bytes.subarray(at, Math.min(at + size, destroyAt ?? Infinity));
      at += slice.length;
      // Wait for the socket when it is full, else give the event loop a turn between writes.
      if (res.write(slice)) setImmediate(next);
      else res.once('drain', next);
    };
    next();
  }

  /** Sends JSON. */
  json(status: number, value: unknown, extra: Record<string, string> = {}): void {
    this.raw(status, 'application/json', JSON.stringify(value), extra);
  }

  /** Sends an Anthropic error body (`fields` go into its `error` object, as a gateway's codes do). */
  error(status: number, type?: string, message?: string, extra: Record<string, string> = {}, fields?: Record<string, string>): void {
    const t = type ?? errorTypeForStatus(status);
    const key = this.step?.echoKey ? this.record.apiKey : undefined;
    if (fields) {
      const body = JSON.parse(errorBody(t, message ?? defaultMessage(t), this.record.requestId)) as { error: Record<string, unknown> };
      Object.assign(body.error, fields);
      return this.raw(status, 'application/json', JSON.stringify(body), extra);
    }
    if (key === undefined) return this.raw(status, 'application/json', errorBody(t, message ?? defaultMessage(t), this.record.requestId), extra);
    const leaky = { type: 'error', error: { type: t, message: `${message ?? defaultMessage(t)} (key: ${key})`, echo: { authorization: `Bearer ${key}`, key: [key] } }, request_id: this.record.requestId };
    this.raw(status, 'application/json', JSON.stringify(leaky), extra);
  }

  /** The key to echo into text (step `echoKey`), else undefined. */
  get echoedKey(): string | undefined {
    return this.step?.echoKey ? this.record.apiKey : undefined;
  }

  /** Starts a 200 event stream. */
  sseHead(): void {
    this.record.status = 200;
    const encoded: Record<string, string> = this.step?.compress ? { 'content-encoding': this.step.compress } : {};
    this.record.responseHeaders = this.headers({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...encoded });
    this.res.writeHead(200, this.record.responseHeaders);
    this.res.flushHeaders();
  }
}
