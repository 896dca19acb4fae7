/**
 * Request headers (version, betas, caller and extra headers; then, after the interceptors ran, the
 * key, which only ever goes into the auth header), and the record of a response's headers.
 */
import type { ResolvedConfig } from './config';
import type { ApiKey } from '../keys';
import type { ErrorHeaders } from '../errors';
import { emptyHeaderRecord, HEADER_GETTER_NAME } from '../errors';
import { registerSecret } from '../../base/redact';

/** Library version for the user-agent. */
export const LIBRARY_VERSION = '0.1.0';

/** Inputs of {@link buildHeaders}. */
export interface HeaderInputs {
  config: ResolvedConfig;
  stream: boolean;
  betas: string[];
  extra?: Record<string, string>;
  retryCount: number;
}

/** Same for every request: built once instead of per attempt. */
const USER_AGENT = `claude-chat-api/${LIBRARY_VERSION} node/${process.versions.node}`;

/** Copies `source` into `headers` with lower-cased names (no-op for the usual empty record). */
function copyLowerCased(headers: Record<string, string>, source: Record<string, string> | undefined): void {
  if (!source) return;
  for (const name of Object.keys(source)) headers[name.toLowerCase()] = source[name];
}

/**
 * Builds the header set of one attempt, without credentials: what interceptors (signing last) see
 * and may change before {@link addCredentials}.
 */
export function buildHeaders(input: HeaderInputs): Record<string, string> {
  const { config } = input;
  const headers: Record<string, string> = {
    accept: input.stream ? 'text/event-stream' : 'application/json',
    'content-type': 'application/json',
    'anthropic-version': config.apiVersion,
    'user-agent': USER_AGENT,
    'x-stainless-retry-count': String(input.retryCount),
  };
  copyLowerCased(headers, config.defaultHeaders);
  copyLowerCased(headers, config.extraHeaders);
  copyLowerCased(headers, input.extra);
  const given = headers['anthropic-beta'];
  // Most requests carry no beta at all: skip the de-duplication arrays then.
  if (config.betas.length || input.betas.length || given !== undefined) {
    const betas = [...new Set([...config.betas, ...input.betas, ...splitBetas(given)])];
    if (betas.length) headers['anthropic-beta'] = betas.join(',');
    else delete headers['anthropic-beta'];
  }
  // `delete` turns the record into a slow dictionary, so only when a caller header is really there.
  // Credentials come only from the key provider (addCredentials), never from a caller's headers.
  if ('authorization' in headers) delete headers.authorization;
  if ('x-api-key' in headers) delete headers['x-api-key'];
  if ('proxy-authorization' in headers) delete headers['proxy-authorization'];
  return headers;
}

/** Puts the key into the auth header: the last step, after every interceptor ran. */
export function addCredentials(headers: Record<string, string>, config: ResolvedConfig, key: ApiKey | undefined): void {
  if (!key) return;
  // Every key that is sent is masked wherever the library builds text or errors, even one from
  // a provider that never registered it (a server or proxy may echo it back).
  registerSecret(key.value);
  if (config.authHeader === 'x-api-key') headers['x-api-key'] = key.value;
  else headers.authorization = `Bearer ${key.value}`;
}

function splitBetas(value: string | undefined): string[] {
  return value ? value.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/**
 * The {@link ErrorHeaders} record of a response from Node's flat `rawHeaders` list
 * (`[name, value, ...]`, a repeated header joined with ", "): skips building
 * `IncomingMessage.headers` first, which every response would otherwise pay for.
 */
export function headersFromRaw(raw: readonly string[]): ErrorHeaders {
  const record = emptyHeaderRecord();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (name === HEADER_GETTER_NAME) continue;
    const value = raw[i + 1];
    // Own properties only: a header named like an Object.prototype member must not join onto it.
    record[name] = Object.prototype.hasOwnProperty.call(record, name) ? `${record[name]}, ${value}` : value;
  }
  return record;
}
