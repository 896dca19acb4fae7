/**
 * Extra headers sent on every request (a gateway's org or project id): values may reference
 * environment variables as `${env:NAME}`. Headers the client owns are refused with the reason,
 * so a user who tries to set the key, the API version or a signing header through them learns
 * where that setting lives instead of seeing it silently dropped.
 */
import type { SigningHeaderNames } from './signing';
import { DEFAULT_SIGNING_HEADERS } from './signing';
import { CREDENTIAL_HEADERS, TRANSPORT_HEADERS } from './interceptors/chain';

/** One refused or unusable entry. */
export interface HeaderProblem {
  /** The name as written. */
  readonly name: string;
  /** Why, in a sentence that can follow the name ("refused: ..."). */
  readonly reason: string;
}

/** Outcome of {@link resolveExtraHeaders}. */
export interface ExtraHeaders {
  /** Lower-cased names, values with `${env:NAME}` replaced: what is sent. */
  readonly headers: Record<string, string>;
  /** The usable entries as written (to hand to the client, which resolves them again). */
  readonly accepted: Record<string, string>;
  readonly problems: readonly HeaderProblem[];
  /** Values read from the environment: likely tokens, so the client masks them like keys. */
  readonly fromEnv: readonly string[];
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
 
const BAD_VALUE = /[\r\n\0]/;
const REFERENCE = /\$\{([^}]*)\}/g;

function refusal(lower: string, signing: SigningHeaderNames): string | undefined {
  if (CREDENTIAL_HEADERS.has(lower)) {
    return lower === 'proxy-authorization'
      ? 'refused: proxy credentials belong in the proxy URL (http://user:password@host:port)'
      : 'refused: it carries the API key, which is sent from the stored key (choose the header with the auth header setting)';
  }
  if (lower === 'anthropic-version') return 'refused: the API version is set by the API version setting';
  if (lower === 'content-type') return 'refused: the body is always JSON (application/json)';
  const signingNames = [signing.timestamp, signing.nonce, signing.signature];
  if (signingNames.includes(lower)) return `refused: it is a request-signing header (${signingNames.join(', ')}), written when a request is signed`;
  if (TRANSPORT_HEADERS.has(lower)) return 'refused: the transport writes it';
  return undefined;
}

/**
 * Checks and resolves `map` against `env`. Every entry either lands in `headers` or yields one
 * problem (a refused name, an invalid name or value, an unset variable, a `${...}` that is not
 * `${env:NAME}`); a problem never stops the other entries.
 */
export function resolveExtraHeaders(
  map: Readonly<Record<string, unknown>> | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
  signing: SigningHeaderNames = DEFAULT_SIGNING_HEADERS,
): ExtraHeaders {
  const headers: Record<string, string> = {};
  const accepted: Record<string, string> = {};
  const problems: HeaderProblem[] = [];
  const fromEnv: string[] = [];
  if (!map || typeof map !== 'object') return { headers, accepted, problems, fromEnv };
  for (const name of Object.keys(map)) {
    const raw = map[name];
    const lower = name.trim().toLowerCase();
    const problem = (reason: string): void => {
      problems.push({ name, reason });
    };
    if (!TOKEN.test(lower)) { problem('is not a valid header name'); continue; }
    const refused = refusal(lower, signing);
    if (refused) { problem(refused); continue; }
    if (typeof raw !== 'string') { problem('needs a string value'); continue; }
    const missing: string[] = [];
    const unsupported: string[] = [];
    const value = raw.replace(REFERENCE, (whole, inner: string) => {
      const m = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(inner.trim());
      if (!m) {
        unsupported.push(whole);
        return whole;
      }
      const v = env[m[1]];
      if (v === undefined) missing.push(m[1]);
      else fromEnv.push(v);
      return v ?? '';
    });
    if (unsupported.length) { problem(`uses ${unsupported.join(', ')}: only \${env:NAME} references are supported`); continue; }
    if (missing.length) { problem(`references the environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which ${missing.length > 1 ? 'are' : 'is'} not set`); continue; }
    if (BAD_VALUE.test(value)) { problem('has a line break or NUL in its value'); continue; }
    headers[lower] = value.trim();
    accepted[name] = raw;
  }
  return { headers, accepted, problems, fromEnv };
}

/** "x-org: refused: ...; x-b: ..." — one line for an error or a log. */
export function describeHeaderProblems(problems: readonly HeaderProblem[]): string {
  return problems.map((p) => `"${p.name}" ${p.reason}`).join('; ');
}
