import { redactSecrets } from '../base/redact';
import type { ErrorKind } from '../shared/chatTypes';

const BY_NAME: Readonly<Record<string, ErrorKind>> = {
  BadRequestError: 'invalid_request',
  InvalidRequestError: 'invalid_request',
  AuthenticationError: 'authentication',
  PermissionDeniedError: 'permission',
  PermissionError: 'permission',
  NotFoundError: 'not_found',
  RequestTooLargeError: 'request_too_large',
  RateLimitError: 'rate_limit',
  InternalServerError: 'api',
  ApiError: 'api',
  APIError: 'api',
  OverloadedError: 'overloaded',
  APIConnectionError: 'connection',
  ConnectionError: 'connection',
  APIConnectionTimeoutError: 'timeout',
  TimeoutError: 'timeout',
  APIUserAbortError: 'aborted',
  UserAbortError: 'aborted',
  AbortError: 'aborted',
  CircuitOpenError: 'circuit_open',
  NoApiKeyError: 'no_key',
};

const BY_TYPE: Readonly<Record<string, ErrorKind>> = {
  invalid_request_error: 'invalid_request',
  authentication_error: 'authentication',
  permission_error: 'permission',
  not_found_error: 'not_found',
  request_too_large: 'request_too_large',
  rate_limit_error: 'rate_limit',
  api_error: 'api',
  overloaded_error: 'overloaded',
  billing_error: 'permission',
  timeout_error: 'timeout',
  connection_error: 'connection',
  abort_error: 'aborted',
  circuit_open_error: 'circuit_open',
  proxy_error: 'connection',
};

const BY_STATUS: Readonly<Record<number, ErrorKind>> = {
  400: 'invalid_request',
  401: 'authentication',
  403: 'permission',
  404: 'not_found',
  413: 'request_too_large',
  429: 'rate_limit',
  529: 'overloaded',
};

function field(e: object, key: string): unknown {
  return (e as Record<string, unknown>)[key];
}

/** Classifies an error from the client (by API error type, class name, then status). */
export function errorKind(e: unknown): ErrorKind {
  if (typeof e !== 'object' || e === null) return 'unknown';
  // The API error `type` first: class names do not survive minification in the bundle.
  const type = field(e, 'type') ?? field(e, 'errorType');
  if (typeof type === 'string' && BY_TYPE[type]) return BY_TYPE[type];
  const name = field(e, 'name');
  if (typeof name === 'string' && BY_NAME[name]) return BY_NAME[name];
  const status = field(e, 'status');
  if (typeof status === 'number') return BY_STATUS[status] ?? (status >= 500 ? 'api' : 'unknown');
  return 'unknown';
}


/** A short, user-facing message for an error. */
export function errorMessage(e: unknown): string {
  const raw = e instanceof Error ? e.message : typeof e === 'string' ? e : 'Unknown error';
  // Defence in depth: the client never puts keys in messages, but the panel must never show one.
  const msg = redactSecrets(raw || 'Unknown error');
  return msg.length > 1000 ? `${msg.slice(0, 1000)}…` : msg;
}

