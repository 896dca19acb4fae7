import { hasLoneSurrogate, isBlank, isOneLine } from './textKinds';

/**
 * Small, dependency-free validators for data that crosses a trust boundary (webview <-> host).
 * They throw {@link ValidationError} internally; the protocol parsers catch it and return a
 * result object, so nothing escapes to the caller.
 */

/** Raised by the validators; always caught by the parsers in this folder. */
export class ValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValidationError';
  }
}

/** A plain JSON object, as received from postMessage. */
export type Obj = Readonly<Record<string, unknown>>;

/** Limits shared by both directions; generous but finite, so a bad peer cannot exhaust memory. */
export const LIMITS = {
  id: 128,
  prompt: 200_000,
  title: 200,
  href: 2048,
  code: 1_000_000,
  text: 2_000_000,
  message: 4000,
  list: 1000,
  turns: 5000,
  model: 200,
  label: 500,
} as const;

/** Ids are opaque but tame: no markup, no whitespace, no path separators. */
const ID_PATTERN = /^[A-Za-z0-9_.:-]+$/;

/** Requires a non-null, non-array object. */
export function asObject(value: unknown, path: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(`${path} must be an object`);
  }
  return value as Obj;
}

/** Options for {@link str}. */
export interface StrOptions {
  readonly max: number;
  readonly min?: number;
  readonly pattern?: RegExp;
  /** A one-line name (titles, links): no control characters (NUL included), no lone surrogates. */
  readonly oneLine?: boolean;
  /** Text a user sends: not blank, and no lone surrogates (the API body must be valid UTF-8). */
  readonly prompt?: boolean;
}

/**
 * The kinds of string field, each used for every field of that kind so a new field cannot miss
 * a rule: ids, prompts (send, editLast), titles (rename, history rows, the open conversation),
 * links.
 */
export const TEXT = {
  id: { max: LIMITS.id, min: 1, pattern: ID_PATTERN },
  prompt: { max: LIMITS.prompt, min: 1, prompt: true },
  title: { max: LIMITS.title, oneLine: true },
  href: { max: LIMITS.href, min: 1, oneLine: true },
} as const satisfies Record<string, StrOptions>;

/** Checks one string value; `where` names it in errors (`message.chipIds[2]`). */
export function strValue(v: unknown, opts: StrOptions, where: string): string {
  if (typeof v !== 'string') throw new ValidationError(`${where} must be a string`);
  if (v.length > opts.max) throw new ValidationError(`${where} is too long (${v.length} > ${opts.max})`);
  if (v.length < (opts.min ?? 0)) throw new ValidationError(`${where} is too short`);
  if (opts.pattern && !opts.pattern.test(v)) throw new ValidationError(`${where} has an invalid format`);
  if (opts.oneLine && !isOneLine(v)) throw new ValidationError(`${where} must be one line of text (no control characters or lone surrogates)`);
  if (opts.prompt && isBlank(v)) throw new ValidationError(`${where} is blank`);
  if (opts.prompt && hasLoneSurrogate(v)) throw new ValidationError(`${where} holds a lone surrogate`);
  return v;
}

/** A required string field with a length bound. */
export function str(o: Obj, key: string, opts: StrOptions, path = 'message'): string {
  return strValue(o[key], opts, `${path}.${key}`);
}

/** An optional string field: absent or undefined gives undefined. */
export function optStr(o: Obj, key: string, opts: StrOptions, path = 'message'): string | undefined {
  return o[key] === undefined ? undefined : str(o, key, opts, path);
}

/** A required id field (bounded, restricted alphabet). */
export function id(o: Obj, key: string, path = 'message'): string {
  return str(o, key, TEXT.id, path);
}

/** An id as an array item (`arr(o, 'chipIds', n, idItem)`), held to the same pattern as id fields. */
export function idItem(v: unknown, where: string): string {
  return strValue(v, TEXT.id, where);
}

/** An optional id field. */
export function optId(o: Obj, key: string, path = 'message'): string | undefined {
  return o[key] === undefined ? undefined : id(o, key, path);
}

/** Options for {@link num}. */
export interface NumOptions {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

/** A required finite number within bounds. */
export function num(o: Obj, key: string, opts: NumOptions = {}, path = 'message'): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValidationError(`${path}.${key} must be a finite number`);
  if (opts.integer && !Number.isInteger(v)) throw new ValidationError(`${path}.${key} must be an integer`);
  if (opts.min !== undefined && v < opts.min) throw new ValidationError(`${path}.${key} is below ${opts.min}`);
  if (opts.max !== undefined && v > opts.max) throw new ValidationError(`${path}.${key} is above ${opts.max}`);
  // -0 would come back from JSON (and postMessage's peers) as 0: hand on the value the wire keeps.
  return v === 0 ? 0 : v;
}

/** An optional number. */
export function optNum(o: Obj, key: string, opts: NumOptions = {}, path = 'message'): number | undefined {
  return o[key] === undefined ? undefined : num(o, key, opts, path);
}

/** A required boolean. */
export function bool(o: Obj, key: string, path = 'message'): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new ValidationError(`${path}.${key} must be a boolean`);
  return v;
}

/** One of a fixed set of string literals. */
export function oneOf<T extends string>(o: Obj, key: string, allowed: readonly T[], path = 'message'): T {
  const v = o[key];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new ValidationError(`${path}.${key} must be one of ${allowed.join(', ')}`);
  }
  return v as T;
}

/**
 * A bounded array whose items are each checked by `item`. Holes (`["c1", , "c2"]`, which a
 * structured clone keeps) are refused: `map` would skip them and hand on a sparse array. The
 * result is a fresh, dense array.
 */
export function arr<T>(o: Obj, key: string, max: number, item: (v: unknown, path: string) => T, path = 'message'): T[] {
  const v: unknown = o[key];
  if (!Array.isArray(v)) throw new ValidationError(`${path}.${key} must be an array`);
  if (v.length > max) throw new ValidationError(`${path}.${key} has too many items (${v.length} > ${max})`);
  const out: T[] = [];
  for (let i = 0; i < v.length; i++) {
    // Own properties only: an index inherited from a polluted Array.prototype is still a hole.
    if (!Object.prototype.hasOwnProperty.call(v, i)) throw new ValidationError(`${path}.${key}[${i}] is a hole in a sparse array`);
    out.push(item(v[i], `${path}.${key}[${i}]`));
  }
  return out;
}

/**
 * Reads an untrusted message with `read`: anything that fails (a {@link ValidationError}, a throwing
 * getter, a proxy) gives `{ ok: false, error }`, so the parsers never throw.
 */
export function readMessage<T>(raw: unknown, read: (o: Obj) => T): { readonly ok: true; readonly message: T } | { readonly ok: false; readonly error: string } {
  try {
    return { ok: true, message: read(asObject(raw, 'message')) };
  } catch (e) {
    return { ok: false, error: e instanceof ValidationError ? e.message : 'message could not be read' };
  }
}

/** A message has its `type` and the fields `keys`, nothing else. */
export function messageFields(o: Obj, ...keys: string[]): void {
  noExtraKeys(o, ['type', ...keys]);
}

/** Rejects keys the schema does not know, so typos and smuggled fields surface early. */
export function noExtraKeys(o: Obj, allowed: readonly string[], path = 'message'): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new ValidationError(`${path} has an unknown field "${k}"`);
  }
}
