/**
 * One error class per cause, shaped like the official SDK's (same class names, plus descriptive
 * aliases). Every error carries `status`, the API `type`, `requestId`, the parsed body and the
 * response headers; errors thrown mid-stream also carry `partialMessage`.
 */
import type { Message } from '@anthropic-ai/sdk/resources/messages/messages';
import { REDACTED, SECRET_HEADER_NAMES, redactCause, redactDeep, redactSecrets } from '../base/redact';

/** Response headers as a lower-cased record that also answers `get(name)` like `Headers`. */
export type ErrorHeaders = Record<string, string> & { get(name: string): string | null };

/**
 * Shared prototype of every header record: `get` lives here, not enumerable, so a record still
 * spreads, serialises and lists as plain headers, and no response pays for defining it again.
 */
const HEADER_RECORD_PROTO: object = Object.defineProperty({}, 'get', {
  value(this: Record<string, string | undefined>, name: string): string | null {
    const key = name.toLowerCase();
    return Object.prototype.hasOwnProperty.call(this, key) ? (this[key] ?? null) : null;
  },
  enumerable: false,
});

/** A header of this name would hide the record's `get`: it is left out (as before, when `get` replaced it). */
export const HEADER_GETTER_NAME = 'get';

/** An empty header record to fill (lower-cased names). */
export function emptyHeaderRecord(): ErrorHeaders {
  return Object.create(HEADER_RECORD_PROTO) as ErrorHeaders;
}

/** Builds {@link ErrorHeaders} from any header source. */
export function toErrorHeaders(source?: Iterable<[string, string]> | Record<string, string>): ErrorHeaders {
  const record = emptyHeaderRecord();
  if (source) {
    const entries = Symbol.iterator in source ? Array.from(source as Iterable<[string, string]>) : Object.entries(source);
    for (const [k, v] of entries) if (k.toLowerCase() !== HEADER_GETTER_NAME) record[k.toLowerCase()] = v;
  }
  return record;
}

/** The same record with credential headers and secrets in values (and names) masked; itself when clean. */
function redactHeaders(headers: ErrorHeaders): ErrorHeaders {
  let dirty = false;
  const entries = Object.entries(headers).map(([k, v]): [string, string] => {
    const name = redactSecrets(k);
    const value = SECRET_HEADER_NAMES.has(k) ? REDACTED : redactSecrets(String(v));
    if (name !== k || value !== v) dirty = true;
    return [name, value];
  });
  if (!dirty) return headers;
  const record = emptyHeaderRecord();
  for (const [k, v] of entries) record[k] = v;
  return record;
}

/** Constructor fields shared by every error. */
export interface ErrorInit {
  status?: number;
  type?: string;
  requestId?: string;
  error?: unknown;
  headers?: ErrorHeaders;
  partialMessage?: Message;
  cause?: unknown;
}

/** Base of every error the client throws (also exported as `APIError`, like the SDK's base). */
export class AnthropicError extends Error {
  /** HTTP status (for API errors), or the status the API uses for that error type. */
  readonly status: number | undefined;
  /** API error type (`overloaded_error`, ...) or a local one (`connection_error`, ...). */
  readonly type: string;
  /** `request-id` header of the failing response. */
  readonly requestId: string | undefined;
  /** Parsed error body (or the raw text when it was not JSON). */
  readonly error: unknown;
  readonly headers: ErrorHeaders;
  /**
   * For stream errors: the message accumulated before the failure. An accessor: whatever is
   * assigned is stored with secrets masked (a server may have streamed the key back).
   */
  declare partialMessage: Message | undefined;
  /** Default type of the class. */
  static readonly defaultType: string = 'api_error';

  /**
   * Every field is masked on the way in (known keys, `sk-ant-...`, `Bearer ...`, auth header
   * values): the message, the body, header values, the request id, the cause chain and the
   * partial message, so neither `JSON.stringify`, `util.inspect`, `String()` nor a stack trace of
   * an error can show a key a server or proxy echoed back.
   */
  constructor(message: string, init: ErrorInit = {}) {
    super(redactSecrets(message), init.cause === undefined ? undefined : { cause: redactCause(init.cause) });
    this.name = new.target.name;
    this.status = init.status;
    this.type = redactSecrets(init.type ?? (new.target as typeof AnthropicError).defaultType);
    this.requestId = init.requestId === undefined ? undefined : redactSecrets(init.requestId);
    this.error = init.error === undefined ? undefined : redactDeep(init.error);
    this.headers = init.headers ? redactHeaders(init.headers) : toErrorHeaders();
    let partial: Message | undefined;
    Object.defineProperty(this, 'partialMessage', {
      get: () => partial,
      set: (value: Message | undefined) => {
        partial = value === undefined ? undefined : (redactDeep(value) as Message);
      },
      enumerable: true,
      configurable: true,
    });
    this.partialMessage = init.partialMessage;
  }

  /** SDK spelling of `requestId`. */
  get requestID(): string | undefined {
    return this.requestId;
  }
}

/** Any error answered by the API with an HTTP status. */
export class APIStatusError extends AnthropicError {}
/** 400 `invalid_request_error`, also raised locally for bodies the API would reject. */
export class BadRequestError extends APIStatusError {
  static override readonly defaultType: string = 'invalid_request_error';
}
/** 401 `authentication_error`. */
export class AuthenticationError extends APIStatusError {
  static override readonly defaultType: string = 'authentication_error';
}
/** 402 `billing_error`. */
export class BillingError extends APIStatusError {
  static override readonly defaultType: string = 'billing_error';
}
/** 403 `permission_error`. */
export class PermissionDeniedError extends APIStatusError {
  static override readonly defaultType: string = 'permission_error';
}
/** 404 `not_found_error`. */
export class NotFoundError extends APIStatusError {
  static override readonly defaultType: string = 'not_found_error';
}
/** 408 request timeout answered by a server or proxy. */
export class RequestTimeoutError extends APIStatusError {
  static override readonly defaultType: string = 'timeout_error';
}
/** 409 conflict. */
export class ConflictError extends APIStatusError {
  static override readonly defaultType: string = 'conflict_error';
}
/** 413 `request_too_large`. */
export class RequestTooLargeError extends APIStatusError {
  static override readonly defaultType: string = 'request_too_large';
}
/** 422 unprocessable entity. */
export class UnprocessableEntityError extends APIStatusError {
  static override readonly defaultType: string = 'invalid_request_error';
}
/** 429 `rate_limit_error`. */
export class RateLimitError extends APIStatusError {
  static override readonly defaultType: string = 'rate_limit_error';
  /** Server's wait hint, when it sent one. */
  get retryAfterMs(): number | undefined {
    const ms = Number.parseFloat(this.headers['retry-after-ms'] ?? '');
    if (!Number.isNaN(ms)) return ms;
    const s = Number.parseFloat(this.headers['retry-after'] ?? '');
    return Number.isNaN(s) ? undefined : s * 1000;
  }
}
/** 5xx `api_error`. */
export class InternalServerError extends APIStatusError {
  static override readonly defaultType: string = 'api_error';
}
/** 529 `overloaded_error`. */
export class OverloadedError extends InternalServerError {
  static override readonly defaultType: string = 'overloaded_error';
}
/** The connection failed or was cut (no complete answer). */
export class APIConnectionError extends AnthropicError {
  static override readonly defaultType: string = 'connection_error';
}
/**
 * The stream broke the wire format: data that is not JSON, or an event that cannot belong to the
 * message (a block index that is not a small non-negative integer naming a started block, a
 * second start of a block, a second `message_start`). Nothing after it can be trusted, so the
 * stream ends here; `partialMessage` holds what was valid up to that event. A connection-level
 * failure (type `connection_error`): retried like one only while nothing was delivered.
 */
export class MalformedStreamError extends APIConnectionError {}
/** No response headers within `timeoutMs`, or a stream silent for `idleTimeoutMs`. */
export class APIConnectionTimeoutError extends APIConnectionError {
  static override readonly defaultType: string = 'timeout_error';
}
/** The caller aborted (signal, `stream.abort()`). */
export class APIUserAbortError extends AnthropicError {
  static override readonly defaultType: string = 'abort_error';
}
/** The circuit of this endpoint+model is open: nothing was sent. */
export class CircuitOpenError extends AnthropicError {
  static override readonly defaultType: string = 'circuit_open_error';
  /** Epoch ms when a probe will be let through. */
  retryAt: number | undefined;
}

// The minifier renames classes in the extension bundle; pin the names so `error.name` and the
// messages built from it read the same there as in source.
for (const [name, cls] of Object.entries({ AnthropicError, APIStatusError, BadRequestError, AuthenticationError, BillingError, PermissionDeniedError, NotFoundError, RequestTimeoutError, ConflictError, RequestTooLargeError, UnprocessableEntityError, RateLimitError, InternalServerError, OverloadedError, APIConnectionError, MalformedStreamError, APIConnectionTimeoutError, APIUserAbortError, CircuitOpenError })) {
  Object.defineProperty(cls, 'name', { value: name });
}

// Descriptive aliases (same classes, so `instanceof` works with either name).
export { AnthropicError as APIError };
export { BadRequestError as InvalidRequestError };
export { PermissionDeniedError as PermissionError };
export { RequestTooLargeError as ContentTooLargeError };
export { InternalServerError as ApiError };
export { APIConnectionError as ConnectionError };
export { APIConnectionTimeoutError as TimeoutError };
export { APIUserAbortError as UserAbortError };

type ErrorClass = new (message: string, init?: ErrorInit) => AnthropicError;

const byType: Record<string, [ErrorClass, number]> = {
  invalid_request_error: [BadRequestError, 400],
  authentication_error: [AuthenticationError, 401],
  billing_error: [BillingError, 402],
  permission_error: [PermissionDeniedError, 403],
  not_found_error: [NotFoundError, 404],
  request_too_large: [RequestTooLargeError, 413],
  rate_limit_error: [RateLimitError, 429],
  timeout_error: [RequestTimeoutError, 408],
  api_error: [InternalServerError, 500],
  overloaded_error: [OverloadedError, 529],
};

function classForStatus(status: number, type: string | undefined): ErrorClass {
  if (status === 529 || type === 'overloaded_error') return OverloadedError;
  switch (status) {
    case 400: return BadRequestError;
    case 401: return AuthenticationError;
    case 402: return BillingError;
    case 403: return PermissionDeniedError;
    case 404: return NotFoundError;
    case 408: return RequestTimeoutError;
    case 409: return ConflictError;
    case 413: return RequestTooLargeError;
    case 422: return UnprocessableEntityError;
    case 429: return RateLimitError;
  }
  if (status >= 500) return InternalServerError;
  return (type && byType[type]?.[0]) || APIStatusError;
}

/** Pulls `{ type, message }` out of an error body (`{type:'error', error:{type,message}}`) or text. */
export function describeBody(body: unknown): { type?: string; message?: string } {
  if (body && typeof body === 'object') {
    const inner = (body as { error?: unknown }).error;
    const source = inner && typeof inner === 'object' ? inner : body;
    const type = (source as { type?: unknown }).type;
    const message = (source as { message?: unknown }).message;
    return {
      type: typeof type === 'string' && type !== 'error' ? type : undefined,
      message: typeof message === 'string' ? message : undefined,
    };
  }
  if (typeof body === 'string' && body.trim()) {
    // An HTML page from a proxy: its <title> (or the text without tags) is the readable part.
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1];
    const text = (title ?? body.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
    return { message: text.slice(0, 200) || undefined };
  }
  return {};
}

/** Parses a raw error body: JSON when it is JSON, else the text. */
export function parseErrorBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Maps an HTTP error response to its class. */
export function errorFromResponse(status: number, body: unknown, headers: ErrorHeaders): AnthropicError {
  const { type, message } = describeBody(body);
  const Cls = classForStatus(status, type);
  const readable = message ?? (statusText[status] || 'Request failed');
  return new Cls(`${status} ${type ?? Cls.name}: ${readable}`, {
    status,
    type,
    requestId: headers['request-id'] ?? undefined,
    error: body,
    headers,
  });
}

/**
 * Maps an error body that came without an HTTP status of its own (an SSE `error` event, an
 * `errored` batch result) to the class its `type` names, with that type's status. The message
 * reads `<type> <where>: <message>`.
 */
export function errorFromTypedBody(
  body: unknown,
  where: string,
  fallbackMessage: string,
  init: Omit<ErrorInit, 'status' | 'type' | 'error'> = {},
): AnthropicError {
  const { type, message } = describeBody(body);
  const [Cls, status] = (type && byType[type]) || [InternalServerError, 500];
  return new Cls(`${type ?? 'api_error'} ${where}: ${message ?? fallbackMessage}`, { status, type, error: body, ...init });
}

/** Maps an SSE `error` event (`{type:'error', error:{type,message}}`) to its class. */
export function errorFromStreamEvent(body: unknown, headers: ErrorHeaders, partial?: Message): AnthropicError {
  return errorFromTypedBody(body, 'during stream', 'stream error', { requestId: headers['request-id'] ?? undefined, headers, partialMessage: partial });
}

const statusText: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found',
  408: 'Request Timeout', 409: 'Conflict', 413: 'Payload Too Large', 422: 'Unprocessable Entity',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable',
  504: 'Gateway Timeout', 529: 'Overloaded',
};
