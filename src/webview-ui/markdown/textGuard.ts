/**
 * Decoration of rendered text nodes, applied after sanitizing to everything the panel shows
 * (answers and user turns). It never changes the characters, only the elements around them, so
 * the text a selection copies and the source the Copy buttons copy stay exactly what was sent.
 *
 * - Long unbreakable runs (a 200,000-character word, URL or base64 line) get a `<wbr>` every
 *   {@link BREAK_EVERY} characters, and runs of {@link PIECE_RUN} or more are cut into
 *   inline-block pieces with `content-visibility: auto` (media/markdown.css): Chromium then lays
 *   out only the pieces on screen, where one long word in a narrow panel under
 *   `overflow-wrap: anywhere` took seconds. Inline blocks, unlike blocks, add no line breaks to
 *   a copied selection.
 * - Bidirectional control characters (U+202A-U+202E, U+2066-U+2069, U+200E/F, U+061C) are wrapped
 *   in a visible marker that names them and isolates their effect (`unicode-bidi: isolate`), as
 *   VS Code's editor shows them: "File: <U+202E>gnp.exe is safe" no longer displays as
 *   "exe.png is safe".
 */

/**
 * Runs at least this long get break opportunities. Chromium lays out a word under
 * `overflow-wrap: anywhere` fast up to a few hundred characters (the issue measured a `<wbr>`
 * every 80 characters at 39 ms for 20,000); fewer, longer segments mean fewer nodes to create.
 */
export const LONG_RUN = 256;
/** Characters between two inserted `<wbr>`. */
export const BREAK_EVERY = 256;
/** Runs (or, in code, lines) at least this long are cut into pieces laid out only when visible. */
export const PIECE_RUN = 4096;
/** Characters per piece. */
export const PIECE_CHARS = 1024;

/** Class of a piece of a long run; the CSS gives it `content-visibility: auto`. */
export const PIECE_CLASS = 'md-piece';
/** Class of a bidi control marker. */
export const BIDI_CLASS = 'md-bidi';

/** Bidirectional control characters: abbreviation and Unicode name. */
const BIDI_CONTROLS: Readonly<Record<string, readonly [string, string]>> = {
  '\u061C': ['ALM', 'ARABIC LETTER MARK'],
  '\u200E': ['LRM', 'LEFT-TO-RIGHT MARK'],
  '\u200F': ['RLM', 'RIGHT-TO-LEFT MARK'],
  '\u202A': ['LRE', 'LEFT-TO-RIGHT EMBEDDING'],
  '\u202B': ['RLE', 'RIGHT-TO-LEFT EMBEDDING'],
  '\u202C': ['PDF', 'POP DIRECTIONAL FORMATTING'],
  '\u202D': ['LRO', 'LEFT-TO-RIGHT OVERRIDE'],
  '\u202E': ['RLO', 'RIGHT-TO-LEFT OVERRIDE'],
  '\u2066': ['LRI', 'LEFT-TO-RIGHT ISOLATE'],
  '\u2067': ['RLI', 'RIGHT-TO-LEFT ISOLATE'],
  '\u2068': ['FSI', 'FIRST STRONG ISOLATE'],
  '\u2069': ['PDI', 'POP DIRECTIONAL ISOLATE'],
};
const BIDI_CHARS = '\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069';
const HAS_BIDI = new RegExp(`[${BIDI_CHARS}]`);
/** Text: bidi control | separator | run. The separator is whitespace in text, a newline in code. */
const TEXT_PARTS = new RegExp(`([${BIDI_CHARS}])|(\\s+)|([^\\s${BIDI_CHARS}]+)`, 'g');
const CODE_PARTS = new RegExp(`([${BIDI_CHARS}])|(\\n+)|([^\\n${BIDI_CHARS}]+)`, 'g');

/** Whether a text needs decorating at all (the common case answers no in one regex test). */
export function needsGuard(text: string): boolean {
  return text.length >= LONG_RUN || HAS_BIDI.test(text);
}

/** The marker of one bidi control character (the character itself stays inside it). */
export function bidiMarker(doc: Document, ch: string): HTMLElement {
  const [short, name] = BIDI_CONTROLS[ch] ?? ['BIDI', 'BIDIRECTIONAL CONTROL'];
  const code = `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  const marker = doc.createElement('span');
  marker.className = BIDI_CLASS;
  marker.setAttribute('data-bidi', short);
  marker.title = `${code} ${name}: an invisible character that changes the display order of the text around it`;
  marker.textContent = ch;
  return marker;
}

/** A piece of a long run (an inline block laid out only while visible). */
function piece(doc: Document): HTMLElement {
  const el = doc.createElement('span');
  el.className = PIECE_CLASS;
  return el;
}

/**
 * Appends text to a container the way the guard lays it out: break opportunities in long runs,
 * pieces once a run is long, markers for bidi controls. It keeps its place across calls, so a
 * streamed answer can be appended delta by delta ({@link TextAppender}), and whole text nodes are
 * decorated with the same rules ({@link guardText}).
 */
export class TextAppender {
  private readonly doc: Document;
  private readonly parts: RegExp;
  /** Length of the run (text) or line (code) the last appended characters belong to. */
  private run: number;
  /** Characters of the current run since the last break opportunity. */
  private sinceBreak = 0;
  private current: HTMLElement | undefined;
  private currentLength = 0;
  private pending = '';

  constructor(
    private readonly target: Node,
    private readonly code: boolean,
    /** Length of the run the target's existing content ends with (it continues there). */
    run = 0,
    /** The piece the target ends with, to keep filling it. */
    last?: HTMLElement,
  ) {
    this.doc = target.ownerDocument ?? (target as Document);
    this.parts = new RegExp(code ? CODE_PARTS.source : TEXT_PARTS.source, 'g');
    this.run = run;
    if (last) {
      this.current = last;
      this.currentLength = last.textContent?.length ?? 0;
    }
  }

  /**
   * Appends `text`. With `wholeText` the text is complete (a whole text node), so a run known to be
   * long goes into pieces from its first character instead of from its {@link PIECE_RUN}th.
   */
  append(text: string, wholeText = false): void {
    this.parts.lastIndex = 0;
    for (let m = this.parts.exec(text); m !== null; m = this.parts.exec(text)) {
      if (m[1] !== undefined) {
        this.flush();
        (this.current ?? this.target).appendChild(bidiMarker(this.doc, m[1]));
      } else if (m[2] !== undefined) {
        this.endRun();
        this.pending += m[2];
      } else {
        this.appendRun(m[3], wholeText);
      }
    }
    this.flush();
  }

  private appendRun(chars: string, wholeText: boolean): void {
    // Decorating a whole text node, the run's length is known: a long one goes into pieces from its start.
    if (wholeText && this.run === 0 && chars.length >= PIECE_RUN) this.run = PIECE_RUN;
    let at = 0;
    while (at < chars.length) {
      if (this.run >= PIECE_RUN) {
        if (!this.current || this.currentLength >= PIECE_CHARS) this.openPiece();
        const take = Math.min(chars.length - at, PIECE_CHARS - this.currentLength);
        this.breakable(chars.slice(at, at + take));
        this.currentLength += take;
        this.run += take;
        at += take;
      } else {
        const take = Math.min(chars.length - at, PIECE_RUN - this.run);
        if (this.code) this.pending += chars.slice(at, at + take);
        else this.breakable(chars.slice(at, at + take));
        this.run += take;
        at += take;
      }
    }
  }

  /** Adds run characters, with a `<wbr>` every {@link BREAK_EVERY} once the run is long. */
  private breakable(chars: string): void {
    let at = 0;
    while (at < chars.length) {
      const longRun = this.run + at >= LONG_RUN || this.current !== undefined;
      if (!longRun) {
        const take = Math.min(chars.length - at, LONG_RUN - this.run - at);
        this.pending += chars.slice(at, at + take);
        this.sinceBreak += take;
        at += take;
        continue;
      }
      if (this.sinceBreak >= BREAK_EVERY) {
        this.flush();
        (this.current ?? this.target).appendChild(this.doc.createElement('wbr'));
        this.sinceBreak = 0;
      }
      const take = Math.min(chars.length - at, BREAK_EVERY - this.sinceBreak);
      this.pending += chars.slice(at, at + take);
      this.sinceBreak += take;
      at += take;
    }
  }

  private openPiece(): void {
    this.flush();
    this.current = piece(this.doc);
    this.currentLength = 0;
    this.sinceBreak = 0;
    this.target.appendChild(this.current);
  }

  private endRun(): void {
    this.flush();
    this.current = undefined;
    this.currentLength = 0;
    this.run = 0;
    this.sinceBreak = 0;
  }

  private flush(): void {
    if (!this.pending) return;
    (this.current ?? this.target).appendChild(this.doc.createTextNode(this.pending));
    this.pending = '';
  }
}

/** Whether `node` sits inside a `<pre>` (code keeps its line structure and does not wrap). */
function inCode(node: Node): boolean {
  const parent = node.parentElement;
  return parent !== null && parent.closest('pre') !== null;
}

/** Whether `code` has a line of {@link PIECE_RUN} characters or more (not worth highlighting). */
export function hasLongLine(code: string): boolean {
  let start = 0;
  for (let end = code.indexOf('\n'); ; end = code.indexOf('\n', start)) {
    if ((end === -1 ? code.length : end) - start >= PIECE_RUN) return true;
    if (end === -1) return false;
    start = end + 1;
  }
}

/**
 * Decorates every text node under `root` that holds a long run or a bidi control. Runs in code
 * (`pre`) are whole lines: only lines of {@link PIECE_RUN} or more are cut into (wrapping) pieces.
 */
export function guardText(root: Node): void {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const found: Text[] = [];
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const text = node as Text;
    if (needsGuard(text.data) && !(text.parentElement?.classList.contains(BIDI_CLASS) ?? false)) found.push(text);
  }
  for (const text of found) {
    const fragment = doc.createDocumentFragment();
    new TextAppender(fragment, inCode(text)).append(text.data, true);
    text.replaceWith(fragment);
  }
}

/**
 * The state a {@link TextAppender} continues from when more text is appended to `target`:
 * the length of the run its text ends with, and the piece it ends in.
 */
export function appenderFor(target: HTMLElement): TextAppender {
  const code = target.closest('pre') !== null;
  const text = target.textContent ?? '';
  const separator = code ? /\n/ : /\s/;
  let run = 0;
  while (run < text.length && run < PIECE_RUN && !separator.test(text[text.length - 1 - run])) run++;
  const last = target.lastElementChild;
  const lastPiece = last instanceof HTMLElement && last.classList.contains(PIECE_CLASS) && last === target.lastChild ? last : undefined;
  return new TextAppender(target, code, lastPiece ? PIECE_RUN : run, lastPiece);
}
