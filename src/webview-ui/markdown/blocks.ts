import { Lexer } from 'marked';
import type { MarkedOptions, Token, Tokens, TokensList } from 'marked';

/** Reference-link definitions in the lexer's shape (label, lower-cased -> target). */
export type LinkMap = Record<string, { href: string | null; title?: string | null }>;

/** Marked options shared by lexing and rendering, so both agree. */
export const markedOptions: MarkedOptions = { gfm: true, breaks: false, pedantic: false, async: false };

/** Result of lexing the not-yet-frozen tail of the document. */
export interface TailLex {
  /** Top-level tokens of the tail. */
  readonly tokens: Token[];
  /** How many leading tokens are final and may be frozen. */
  readonly freezeCount: number;
  /** Every definition visible to the tail (frozen ones first, then the tail's own). */
  readonly links: LinkMap;
}

/**
 * Lexes `tail` (the text after the last frozen block) with the definitions already frozen, and
 * decides how many of its top-level blocks are final. A block is final only when a later non-space
 * block's first line is complete: `para\n___` is a paragraph and a rule, `para\n___x` one paragraph,
 * so a shorter look-ahead would freeze blocks that the next delta changes. Splitting at blank lines
 * instead would break loose lists and fences inside list items.
 */
export function lexTail(tail: string, frozenLinks: LinkMap, finished: boolean): TailLex {
  let tokens: TokensList;
  try {
    if (isPathologicallyNested(tail)) throw new Error('nesting too deep');
    const lexer = new Lexer(markedOptions);
    Object.assign(lexer.tokens.links, frozenLinks);
    tokens = lexer.lex(tail);
  } catch {
    return literalTail(tail, frozenLinks, finished);
  }
  const freezeCount = finished ? (rawLength(tokens) === tail.length ? tokens.length : 0) : countFinal(tail, tokens);
  return { tokens, freezeCount, links: tokens.links };
}

/**
 * Hundreds of nested quotes or list levels make marked's lexer overflow the stack (5,000 `> `) or
 * take seconds per frame (300 nested list levels: about 2 s, growing faster than cubic). Hostile
 * output must not freeze the panel, so such text is shown literally instead.
 */
const NESTING_PREFIX = /^(?:[ \t>]|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])){160,}/gm;
const STRUCTURE = /[->*+]|\d[.)]/;

/** A line opens 160+ characters of quote/list structure (plain deep indentation, as in code, does not count). */
export function isPathologicallyNested(text: string): boolean {
  for (const match of text.matchAll(NESTING_PREFIX)) if (STRUCTURE.test(match[0])) return true;
  return false;
}

/** The whole tail as one literal code block (no markup at all), used when lexing is unsafe. */
function literalTail(tail: string, frozenLinks: LinkMap, finished: boolean): TailLex {
  const token: Tokens.Code = { type: 'code', raw: tail, text: tail, codeBlockStyle: 'indented' };
  const tokens = [token] as Token[];
  return { tokens, freezeCount: finished ? 1 : 0, links: Object.assign(emptyLinkMap(), frozenLinks) };
}

/** Number of leading tokens followed by a non-space token whose first line is complete. */
export function countFinal(tail: string, tokens: readonly Token[]): number {
  const starts: number[] = [];
  let offset = 0;
  for (const token of tokens) {
    starts.push(offset);
    offset += token.raw.length;
  }
  // If marked ever rewrote the source, raw offsets would not map back to it: freeze nothing
  // rather than freeze at a wrong place (output stays correct, only slower).
  if (offset !== tail.length) return 0;
  for (let m = tokens.length - 1; m > 0; m--) {
    if (tokens[m].type !== 'space' && tail.indexOf('\n', starts[m]) !== -1) return m;
  }
  return 0;
}

function rawLength(tokens: readonly Token[]): number {
  let length = 0;
  for (const token of tokens) length += token.raw.length;
  return length;
}

/** Adds the definitions found in `token` (at any depth) to `links`; the first definition wins. */
export function collectDefinitions(token: Token, links: LinkMap): void {
  if (token.type === 'def') {
    const def = token as Tokens.Def;
    if (!Object.prototype.hasOwnProperty.call(links, def.tag)) links[def.tag] = { href: def.href, title: def.title };
    return;
  }
  const nested = (token as { tokens?: Token[] }).tokens;
  if (nested) for (const child of nested) collectDefinitions(child, links);
  const items = (token as { items?: Tokens.ListItem[] }).items;
  if (items) for (const item of items) collectDefinitions(item, links);
}

/** A string that changes whenever any definition changes (cheap when there are none). */
export function linkSignature(links: LinkMap): string {
  let signature = '';
  for (const key in links) {
    const link = links[key];
    signature += `${key}\u0000${link.href ?? ''}\u0000${link.title ?? ''}\u0001`;
  }
  return signature;
}

/** Creates an empty map without a prototype (labels such as `__proto__` stay plain keys). */
export function emptyLinkMap(): LinkMap {
  return Object.create(null) as LinkMap;
}
