/**
 * Proxy failures in words a user can act on. Both transports end up here: `node` from its own
 * CONNECT handshake, `fetch` from undici's errors (the extension host's fetch goes through VS
 * Code's proxy agent, which reports a refused tunnel as "Proxy response (407) !== 200 when HTTP
 * Tunneling").
 */
import { STATUS_CODES } from 'http';
import { AnthropicError, APIUserAbortError } from '../errors';
import { ProxyError } from '../gatewayErrors';
import type { ProxyServer } from './proxy';
import { asConnectionError, CERTIFICATE_CODES } from './responseBody';

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED', 'UND_ERR_CLOSED']);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function hint(status: number): string {
  if (status === 407) return ' It needs credentials, or refused the ones given: put them in the proxy URL (http://user:password@host:port).';
  if (status === 403) return ' Its policy blocks this host: ask for it to be allowed, or list it in NO_PROXY if it is reachable directly.';
  if (status >= 500) return ' It could not reach the host (or is overloaded); the request is retried.';
  return '';
}

/** The proxy answered the tunnel request (or a proxied http request) with `status`. */
export function proxyRefused(proxy: ProxyServer | string, target: string, status: number, statusText?: string): ProxyError {
  const name = typeof proxy === 'string' ? proxy : proxy.display;
  const text = statusText || STATUS_CODES[status] || '';
  return new ProxyError(`The proxy ${name} refused the connection to ${target}: ${status}${text ? ` ${text}` : ''}.${hint(status)}`, {
    proxy: name, failure: 'refused', proxyStatus: status,
  });
}

function codeOf(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Every message down the cause chain: undici nests the proxy's answer (`fetch failed` > `Request was cancelled.` > `Proxy response (407) ...`). */
function messagesOf(error: unknown): string {
  const out: string[] = [];
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e !== undefined && e !== null; depth++) {
    out.push(e instanceof Error || (typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') ? String((e as { message: string }).message) : String(e));
    e = typeof e === 'object' ? (e as { cause?: unknown }).cause : undefined;
  }
  return out.join(' > ');
}

/**
 * A connection failure on the way through a proxy, before any answer from the API: a
 * {@link ProxyError} naming the proxy (reset, or unreachable when the proxy itself could not be
 * reached). Typed errors of the library (timeouts, aborts, a refusal already made) pass unchanged.
 */
export function proxyConnectionError(error: unknown, proxy: ProxyServer | string, target: string, stage: 'tunnel' | 'request'): AnthropicError | ProxyError {
  if (error instanceof AnthropicError) return error;
  const name = typeof proxy === 'string' ? proxy : proxy.display;
  const code = codeOf(error) ?? '';
  // A certificate the client does not trust is the target's (or a TLS-inspecting proxy's) matter.
  if (CERTIFICATE_CODES.has(code)) return asConnectionError(error);
  const detail = code || (error instanceof Error ? error.message : String(error));
  if (UNREACHABLE_CODES.has(code) && stage === 'tunnel') {
    return new ProxyError(`Could not reach the proxy ${name} (${detail}): check the proxy setting, or whether it is running.`, {
      proxy: name, failure: 'unreachable',
    }, { cause: error });
  }
  const where = stage === 'tunnel' ? `before opening a tunnel to ${target}` : `on the way to ${target}, before an answer arrived`;
  const what = RESET_CODES.has(code) || /closed|reset|socket hang up/i.test(detail) ? 'reset the connection' : 'failed';
  return new ProxyError(`The proxy ${name} ${what} ${where} (${detail}).`, { proxy: name, failure: 'reset' }, { cause: error });
}

/**
 * For fetch: undici's errors through a proxy carry no proxy URL, only "Proxy response (N)". With
 * the proxy the request went through (as the host resolved it), such a failure becomes a
 * {@link ProxyError}; undefined when the error is not about the proxy.
 */
export function fetchProxyError(cause: unknown, proxy: ProxyServer | undefined, target: string): ProxyError | undefined {
  if (cause instanceof APIUserAbortError) return undefined;
  const refused = /Proxy response \((\d{3})\)/.exec(messagesOf(cause));
  if (refused) return proxyRefused(proxy ?? 'in use', target, Number(refused[1]));
  if (!proxy) return undefined;
  // fetch does not say how far it got; failing to reach the proxy at all is told by the code.
  const stage = UNREACHABLE_CODES.has(codeOf(cause) ?? '') ? 'tunnel' : 'request';
  const error = proxyConnectionError(cause, proxy, target, stage);
  return error instanceof ProxyError ? error : undefined;
}
