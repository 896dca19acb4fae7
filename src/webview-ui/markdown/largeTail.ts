import type { Token } from 'marked';
import { appenderFor } from './textGuard';
import type { TextAppender } from './textGuard';

/**
 * An open (still streaming) block of at least this many characters is not re-rendered every
 * frame: re-lexing and re-rendering it is work proportional to its size, once per frame, so one
 * huge paragraph or code block would cost quadratic time overall.
 */
export const LARGE_TAIL = 16_384;

/**
 * A large open block is rendered again in full once it has grown by this factor since its last
 * full render (geometric steps keep the total work linear); frames in between only append the
 * new characters as text.
 */
export const TAIL_GROWTH = 2;

/** Where the text of a large open block goes between its full renders. */
export interface TailAppend {
  readonly appender: TextAppender;
  /** The open block is a fenced code block (else a paragraph). */
  readonly code: boolean;
}

const FENCE_START = /^ {0,3}(?:`{3,}|~{3,})/;
const CLOSING_FENCE = /\n {0,3}(?:`{3,}|~{3,})[ \t]*\n?$/;

/**
 * The appender for the last block of a freshly rendered tail, when it can simply grow: a top-level
 * paragraph, or a fenced code block that is still open. Anything else (lists, quotes, tables, a
 * closed fence) may change shape with the next characters, so it is rendered in full as usual.
 */
export function tailAppendFor(tail: HTMLElement, tokens: readonly Token[]): TailAppend | undefined {
  let last: Token | undefined;
  for (let i = tokens.length - 1; i >= 0 && !last; i--) if (tokens[i].type !== 'space') last = tokens[i];
  const element = tail.lastElementChild;
  if (!last || !(element instanceof HTMLElement)) return undefined;
  if (last.type === 'paragraph' && element.tagName === 'P') return { appender: appenderFor(element), code: false };
  const fenced = last.type === 'code' && FENCE_START.test(last.raw) && last.raw.includes('\n') && !CLOSING_FENCE.test(last.raw);
  const code = fenced ? element.querySelector<HTMLElement>('pre > code') : null;
  return code ? { appender: appenderFor(code), code: true } : undefined;
}

/** How many characters of a line decide whether it starts a fence (three spaces and three marks, and more). */
export const FENCE_PROBE = 8;

/**
 * Whether `added` may be appended as text to the open block: in a paragraph no line break (the
 * next line may start another block), in code no line that starts a fence (it may close the
 * block). `linePrefix` is the start (up to {@link FENCE_PROBE} characters) of the line the new
 * characters continue, since a fence can arrive split across deltas.
 */
export function canAppend(linePrefix: string, added: string, code: boolean): boolean {
  if (!code) return added.indexOf('\n') === -1;
  const line = linePrefix.length >= FENCE_PROBE ? linePrefix : (linePrefix + added.slice(0, FENCE_PROBE)).slice(0, FENCE_PROBE);
  if (FENCE_START.test(line)) return false;
  for (let nl = added.indexOf('\n'); nl !== -1; nl = added.indexOf('\n', nl + 1)) {
    if (FENCE_START.test(added.slice(nl + 1, nl + 1 + FENCE_PROBE))) return false;
  }
  return true;
}

/** The start of the last line once `added` follows a line that starts with `linePrefix`. */
export function nextLinePrefix(linePrefix: string, added: string): string {
  const nl = added.lastIndexOf('\n');
  if (nl !== -1) return added.slice(nl + 1, nl + 1 + FENCE_PROBE);
  return linePrefix.length >= FENCE_PROBE ? linePrefix : (linePrefix + added).slice(0, FENCE_PROBE);
}
