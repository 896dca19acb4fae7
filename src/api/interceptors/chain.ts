/**
 * Runs interceptors in order around one attempt. The views handed to them are built only when an
 * interceptor has that hook, so a client without interceptors pays nothing per request. The
 * credential headers are added after the chain ran (see core/attempt.ts), so no interceptor can
 * read them; the guard below also refuses writes to them and to the headers the transport owns.
 */
import type { ErrorHeaders } from '../errors';
import type { Interceptor, InterceptorHeaders, ReadonlyHeaders, RequestContext, ResponseContext } from './types';
import { InterceptorError } from '../gatewayErrors';
import { redactSecrets } from '../../base/redact';

/** Credential headers: never visible to, nor settable by, an interceptor. */
export const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'x-api-key', 'proxy-authorization']);
/** Headers the transport writes itself. */
export const TRANSPORT_HEADERS: ReadonlySet<string> = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
 
const BAD_VALUE = /[\r\n\0]/;

/** A guarded view over `headers` (lower-cased names); writes go straight into it. */
export function guardedHeaders(headers: Record<string, string>): InterceptorHeaders {
  const check = (name: string): string => {
    const lower = String(name).toLowerCase();
    if (!TOKEN.test(lower)) throw new TypeError(`"${name}" is not a valid header name`);
    if (CREDENTIAL_HEADERS.has(lower)) throw new TypeError(`an interceptor may not set or remove the credential header "${lower}"`);
    if (TRANSPORT_HEADERS.has(lower)) throw new TypeError(`the header "${lower}" is written by the transport`);
    return lower;
  };
  return {
    get: (name) => {
      const lower = String(name).toLowerCase();
      return Object.prototype.hasOwnProperty.call(headers, lower) ? headers[lower] : undefined;
    },
    has: (name) => Object.prototype.hasOwnProperty.call(headers, String(name).toLowerCase()),
    set: (name, value) => {
      const lower = check(name);
      const text = String(value);
      if (BAD_VALUE.test(text)) throw new TypeError(`the value of "${lower}" holds a line break or NUL`);
      headers[lower] = text;
    },
    delete: (name) => {
      delete headers[check(name)];
    },
    entries: () => Object.entries(headers),
  };
}

/** A read-only, redacted view of response headers. */
function readonlyHeaders(source: ErrorHeaders): ReadonlyHeaders {
  const copy = new Map<string, string>();
  for (const [k, v] of Object.entries(source)) copy.set(k, CREDENTIAL_HEADERS.has(k) ? '[redacted]' : redactSecrets(String(v)));
  return {
    get: (name) => copy.get(String(name).toLowerCase()),
    has: (name) => copy.has(String(name).toLowerCase()),
    entries: () => [...copy.entries()],
  };
}

/** What the attempt knows when it asks the chain to run. */
export type RequestInfo = Omit<RequestContext, 'headers'>;

const isThenable = (v: unknown): v is PromiseLike<void> => !!v && typeof (v as { then?: unknown }).then === 'function';

/** The ordered interceptors of one client (the signing interceptor, when set, is passed last). */
export class InterceptorChain {
  private readonly list: Interceptor[] = [];

  /** Adds an interceptor at the end; returns a function that removes it. */
  add(interceptor: Interceptor): () => void {
    if (!interceptor || typeof interceptor.name !== 'string' || !interceptor.name.trim()) {
      throw new TypeError('An interceptor needs a non-empty name (it is shown when the interceptor fails).');
    }
    this.list.push(interceptor);
    return () => {
      const i = this.list.indexOf(interceptor);
      if (i >= 0) this.list.splice(i, 1);
    };
  }

  /** The user's interceptors followed by `last` (signing), or undefined when there is nothing to run. */
  forAttempt(last: Interceptor | undefined): readonly Interceptor[] | undefined {
    if (!this.list.length) return last ? [last] : undefined;
    return last ? [...this.list, last] : [...this.list];
  }
}

/** Runs every `onRequest` in order over `headers`; the first failure becomes an {@link InterceptorError}. */
export async function runRequestHooks(chain: readonly Interceptor[], info: RequestInfo, headers: Record<string, string>): Promise<void> {
  let ctx: RequestContext | undefined;
  for (const interceptor of chain) {
    if (!interceptor.onRequest) continue;
    ctx ??= Object.freeze({ ...info, headers: guardedHeaders(headers) });
    try {
      const result = interceptor.onRequest(ctx);
      if (isThenable(result)) await result;
    } catch (error) {
      throw new InterceptorError(interceptor.name, 'onRequest', error);
    }
  }
}

/** Runs every `onResponse` in order; the first failure becomes an {@link InterceptorError}. */
export async function runResponseHooks(
  chain: readonly Interceptor[],
  info: RequestInfo,
  status: number,
  headers: ErrorHeaders,
  elapsedMs: number,
): Promise<void> {
  let ctx: ResponseContext | undefined;
  for (const interceptor of chain) {
    if (!interceptor.onResponse) continue;
    ctx ??= Object.freeze({
      request: Object.freeze({
        method: info.method, path: info.path, url: info.url, attempt: info.attempt, stream: info.stream, model: info.model, keyLabel: info.keyLabel,
      }),
      status,
      headers: readonlyHeaders(headers),
      elapsedMs,
    });
    try {
      const result = interceptor.onResponse(ctx);
      if (isThenable(result)) await result;
    } catch (error) {
      throw new InterceptorError(interceptor.name, 'onResponse', error, { headers, requestId: headers['request-id'] });
    }
  }
}
