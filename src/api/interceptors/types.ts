/**
 * Public shapes of request/response interceptors (`client.use(interceptor)`). An interceptor sees
 * each HTTP attempt: it may add or change headers and read the body, never replace the body, and
 * never see or set the credential headers (the key is added after every interceptor ran).
 */

/** The headers of one attempt as an interceptor sees them (names are case-insensitive). */
export interface InterceptorHeaders {
  /** The value, or undefined when absent. Credential headers are never present. */
  get(name: string): string | undefined;
  has(name: string): boolean;
  /**
   * Adds or replaces a header. Throws for the credential headers (`authorization`, `x-api-key`,
   * `proxy-authorization`) and for those the transport owns (`host`, `content-length`,
   * `transfer-encoding`, `connection`); the call then fails with an `InterceptorError`.
   */
  set(name: string, value: string): void;
  /** Removes a header (the same names as `set` are refused). */
  delete(name: string): void;
  /** Every header as `[name, value]`, names lower-cased. */
  entries(): Array<[string, string]>;
}

/** One attempt about to be sent. */
export interface RequestContext {
  readonly method: string;
  /** Path with query string as the server receives it (the base URL's path included), and as signed. */
  readonly path: string;
  /** Base URL + path. */
  readonly url: string;
  /** The JSON body as sent (read-only: assigning to it throws). */
  readonly body: string | undefined;
  readonly headers: InterceptorHeaders;
  /** 1 for the first attempt of a call, 2 for its first retry, ... */
  readonly attempt: number;
  readonly stream: boolean;
  readonly model: string | undefined;
  /** Label of the key this attempt uses (never its value). */
  readonly keyLabel: string | undefined;
}

/** Response headers as an interceptor sees them (values with anything key-like masked). */
export interface ReadonlyHeaders {
  get(name: string): string | undefined;
  has(name: string): boolean;
  entries(): Array<[string, string]>;
}

/** The headers of one attempt's response have arrived (before its body is read). */
export interface ResponseContext {
  readonly request: Pick<RequestContext, 'method' | 'path' | 'url' | 'attempt' | 'stream' | 'model' | 'keyLabel'>;
  readonly status: number;
  readonly headers: ReadonlyHeaders;
  /** Milliseconds from sending to the headers (client clock). */
  readonly elapsedMs: number;
}

/**
 * A request/response hook. Interceptors run in the order they were added (`onRequest` and
 * `onResponse` alike); the built-in signing interceptor always runs last. A hook that throws (or
 * rejects) fails that call with an `InterceptorError` naming it; the call is not retried.
 */
export interface Interceptor {
  /** Shown in errors and logs: "org-header", "audit-log". */
  readonly name: string;
  onRequest?(ctx: RequestContext): void | Promise<void>;
  onResponse?(ctx: ResponseContext): void | Promise<void>;
}
