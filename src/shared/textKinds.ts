/**
 * The kinds of text that cross the panel boundary, defined once: the protocol parsers check them
 * (validate.ts) and the host builds values with {@link toOneLine} so they pass (a title the panel
 * refused would cost it the whole state message it came in).
 */

/**
 * A UTF-16 surrogate without its partner. Under the `u` flag a well-formed pair is one code point
 * outside this range, so only lone halves match. They cannot be encoded as UTF-8: a file, a log
 * line or a request body would carry U+FFFD or be refused instead.
 */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const LONE_SURROGATES = /[\uD800-\uDFFF]/gu;

/** Characters that break a one-line name: C0 (NUL, tab, newline...), DEL, C1, line and paragraph separators. */
const NOT_ONE_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
const NOT_ONE_LINE_ALL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g;

/** Whitespace and the invisible zero-width characters a "blank" prompt may be made of. */
const BLANK = /^[\s\u200B-\u200D\u2060]*$/;

/** True when `text` holds a lone surrogate. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** True for a one-line name: no control or line-break characters and no lone surrogates. */
export function isOneLine(text: string): boolean {
  return !NOT_ONE_LINE.test(text) && !LONE_SURROGATE.test(text);
}

/** True when `text` has nothing a reader would see (empty, whitespace, zero-width characters). */
export function isBlank(text: string): boolean {
  return BLANK.test(text);
}

/**
 * Makes `text` a one-line name of at most `max` UTF-16 units that {@link isOneLine} accepts: lone
 * surrogates become U+FFFD, control characters and runs of whitespace one space, the ends are
 * trimmed, and a long line is cut on a code point boundary with an ellipsis. Blank gives `fallback`.
 * Idempotent, so a stored title stays the same however often it is normalized.
 */
export function toOneLine(text: string, max: number, fallback: string): string {
  const line = text.replace(LONE_SURROGATES, '\uFFFD').replace(NOT_ONE_LINE_ALL, ' ').replace(/\s+/g, ' ').trim();
  if (isBlank(line)) {
    return fallback;
  }
  if (line.length <= max) {
    return line;
  }
  let cut = max - 1;
  const last = line.charCodeAt(cut - 1);
  // Never keep the first half of a pair (that would be a lone surrogate).
  if (last >= 0xd800 && last <= 0xdbff) {
    cut--;
  }
  return `${line.slice(0, cut)}…`;
}
