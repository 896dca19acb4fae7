/**
 * Errors of what stands between the client and the API: an interceptor that failed, a proxy that
 * refused or cut the connection, a gateway that refused the request signature. Each message names
 * the part and the likely cause, so a user behind a company network knows whom to ask.
 */
import type { ErrorInit } from './errors';
import { AnthropicError, APIConnectionError, AuthenticationError } from './errors';

/** An interceptor's hook threw or rejected: the call failed before (or right after) sending. Never retried. */
export class InterceptorError extends AnthropicError {
  static override readonly defaultType: string = 'interceptor_error';
  /** The interceptor's `name`. */
  readonly interceptor: string;
  /** Which hook failed. */
  readonly hook: 'onRequest' | 'onResponse';

  constructor(interceptor: string, hook: 'onRequest' | 'onResponse', cause: unknown, init: ErrorInit = {}) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Interceptor "${interceptor}" failed in ${hook}: ${reason}`, { ...init, cause });
    this.interceptor = interceptor;
    this.hook = hook;
  }
}

/** What a proxy did. */
export type ProxyFailure =
  /** The proxy answered the tunnel (CONNECT) or the request with a non-2xx status of its own. */
  | 'refused'
  /** The proxy reset or closed the connection before an answer. */
  | 'reset'
  /** The proxy could not be reached at all. */
  | 'unreachable';

/**
 * A proxy refused or cut the connection. `proxy` is the proxy's URL without credentials.
 * A 407 (credentials needed or wrong) and other refusals are not retried; a reset is retried like
 * any connection failure before the response.
 */
export class ProxyError extends APIConnectionError {
  static override readonly defaultType: string = 'proxy_error';
  readonly proxy: string;
  readonly failure: ProxyFailure;
  /** The proxy's status (407, 403, 502, ...) when it answered. */
  readonly proxyStatus: number | undefined;

  constructor(message: string, details: { proxy: string; failure: ProxyFailure; proxyStatus?: number }, init: ErrorInit = {}) {
    super(message, { ...init, status: init.status ?? details.proxyStatus });
    this.proxy = details.proxy;
    this.failure = details.failure;
    this.proxyStatus = details.proxyStatus;
  }
}

/** The likely cause of a refused gateway signature. */
export type SignatureCause = 'clockSkew' | 'wrongSecret' | 'missingSecret' | 'replayed' | 'unknown';

/**
 * A 401 from a gateway about the request signature, not about the key: the key is neither marked
 * bad nor rotated away from. `message` names the likely cause; `cause` the category.
 */
export class GatewaySignatureError extends AuthenticationError {
  static override readonly defaultType: string = 'authentication_error';
  readonly signatureCause: SignatureCause;

  constructor(message: string, signatureCause: SignatureCause, init: ErrorInit = {}) {
    super(message, init);
    this.signatureCause = signatureCause;
  }
}

// Pinned like the other error classes (the minifier renames classes in the bundle).
for (const [name, cls] of Object.entries({ InterceptorError, ProxyError, GatewaySignatureError })) {
  Object.defineProperty(cls, 'name', { value: name });
}
