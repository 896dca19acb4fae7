/**
 * The one redactor: last line of defence so a key never reaches a message, an error field, a log
 * line or a metric. Known key values are registered here by the client (every key it sends), and
 * anything shaped like a key is masked too: `sk-ant-...` tokens, `Bearer <token>`, and the values
 * of `x-api-key` / `authorization` written as `name: value` or `"name":"value"`.
 * No imports, so the library, the host's logger and the panel's error text all use this one.
 */

/** What replaces a secret (the default marker). */
export const REDACTED = '[redacted]';

/** Header names whose values are credentials, whatever they look like (request or response). */
export const SECRET_HEADER_NAMES: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'x-signature']);

/** Registered values shorter than this are ignored: masking them would shred ordinary text. */
const MIN_REGISTERED = 6;
/** Values passed per call (`known`) shorter than this are ignored, for the same reason. */
const MIN_KNOWN = 4;

const known = new Set<string>();
const REPEATED_MARKER = /(?:\[redacted\]){2,}/g;

// Each pattern's first group (when present) is kept; the rest of the match is the secret.
const PATTERNS: readonly RegExp[] = [
  /sk-ant-[A-Za-z0-9_-]{4,}/g,
  // RFC 6750's token characters, so a closing bracket or quote after the token survives.
  /(\bBearer\s+)[A-Za-z0-9\-._~+/]+=*/gi,
  /(\bx-api-key["']?\s*[:=]\s*["']?)[^\s"',;]+/gi,
  /(\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?!Bearer\b)[^\s"',;]+/gi,
];

/** Registers a secret (a key the client sends) to mask wherever the library turns values into text. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= MIN_REGISTERED) known.add(value);
}

/**
 * Masks registered secrets, the `known` values given (e.g. a logger's current keys) and anything
 * shaped like a key or an auth header value. Longer values are masked first, so a key that
 * contains another one is masked whole.
 */
export function redactSecrets(text: string, extra: Iterable<string> = []): string {
  let out = text;
  const values = [...known];
  for (const v of extra) if (v.length >= MIN_KNOWN) values.push(v);
  if (values.length > 1) values.sort((a, b) => b.length - a.length);
  for (const value of values) if (out.includes(value)) out = out.split(value).join(REDACTED);
  for (const pattern of PATTERNS) {
    out = out.replace(pattern, (_match: string, prefix?: unknown) => (typeof prefix === 'string' ? prefix : '') + REDACTED);
  }
  // A key-shaped prefix of a registered value masks separately (`sk-ant-x-<key>`): one secret, one marker.
  if (out.includes(REDACTED + REDACTED)) out = out.replace(REPEATED_MARKER, REDACTED);
  return out;
}

/**
 * A copy of a JSON-like value with every string (object keys included) passed through
 * {@link redactSecrets}; numbers, booleans and null are kept. Values it cannot walk (class
 * instances other than arrays and plain objects, functions) become their redacted `String()`.
 * Cycles and depth beyond 32 become `"[circular]"` / `"[too deep]"`, so it always ends.
 */
export function redactDeep(value: unknown, extra: Iterable<string> = []): unknown {
  const extras = [...extra];
  const seen = new WeakSet<object>();
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redactSecrets(v, extras);
    if (v === null || typeof v === 'number' || typeof v === 'boolean' || v === undefined) return v;
    if (typeof v !== 'object') return redactSecrets(String(v), extras);
    if (seen.has(v)) return '[circular]';
    if (depth > 32) return '[too deep]';
    seen.add(v);
    try {
      if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return redactSecrets(String(v), extras);
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v)) {
        // defineProperty, so a "__proto__" key stays data and never becomes the copy's prototype.
        Object.defineProperty(out, redactSecrets(k, extras), { value: walk(item, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return out;
    } finally {
      seen.delete(v);
    }
  };
  return walk(value, 0);
}

/** Whether redacting changed anything (a value JSON cannot write counts as changed: copy it). */
function differs(original: unknown, redacted: unknown): boolean {
  try {
    return JSON.stringify(original) !== JSON.stringify(redacted);
  } catch {
    return true;
  }
}

/**
 * A cause as it may be kept on an error: an `Error` (and its own `cause` chain, up to 8 deep)
 * whose message, stack or fields held a secret is replaced by a copy of the same prototype with
 * them masked; other values go through {@link redactDeep}. A cause with nothing to mask is
 * returned as is, so its identity and fields (`code`, `errno`) stay available.
 */
export function redactCause(cause: unknown, depth = 0): unknown {
  if (!(cause instanceof Error)) {
    if (cause === null || typeof cause !== 'object' && typeof cause !== 'string') return cause;
    const copy = redactDeep(cause);
    return differs(cause, copy) ? copy : cause;
  }
  if (depth >= 8) return cause;
  const inner = (cause as { cause?: unknown }).cause;
  const innerCopy = inner === undefined ? undefined : redactCause(inner, depth + 1);
  const message = redactSecrets(cause.message);
  const stack = cause.stack === undefined ? undefined : redactSecrets(cause.stack);
  const fields = Object.fromEntries(Object.entries(cause).filter(([k]) => k !== 'cause'));
  const fieldsCopy = redactDeep(fields) as Record<string, unknown>;
  if (message === cause.message && stack === cause.stack && innerCopy === inner && !differs(fields, fieldsCopy)) return cause;
  const copy = Object.create(Object.getPrototypeOf(cause) as object) as Error;
  const hidden = (value: unknown): PropertyDescriptor => ({ value, writable: true, configurable: true, enumerable: false });
  Object.defineProperties(copy, { message: hidden(message), stack: hidden(stack), name: hidden(cause.name) });
  Object.assign(copy, fieldsCopy);
  if (inner !== undefined) Object.defineProperty(copy, 'cause', hidden(innerCopy));
  return copy;
}
