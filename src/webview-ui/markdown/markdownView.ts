import type { Token } from 'marked';
import type { CodeBlockInfo, FrameScheduler, MarkdownView, MarkdownViewOptions } from './types';
import { collectDefinitions, emptyLinkMap, lexTail, linkSignature } from './blocks';
import type { LinkMap } from './blocks';
import { LineEndingNormalizer, normalizeLineEndings } from './normalize';
import { renderTokenHtml } from './renderBlock';
import { sanitizeToFragment } from './sanitize';
import { decorateCodeBlocks, decorateLinks } from './decorate';
import { animationFrameScheduler } from './scheduler';
import { HighlightQueue } from './highlightQueue';
import { canHighlight } from './highlight';
import { attachDelegation } from './delegation';
import { guardText, hasLongLine } from './textGuard';
import { FENCE_PROBE, LARGE_TAIL, TAIL_GROWTH, canAppend, nextLinePrefix, tailAppendFor } from './largeTail';
import type { TailAppend } from './largeTail';

/** Frozen blocks per wrapper: each wrapper gets `content-visibility: auto`, so layout stays flat. */
export const BLOCKS_PER_CHUNK = 64;

/**
 * Milliseconds of a frame (from its start, rendering included) that highlighting may use before
 * it waits for the next frame: rendering takes ~1 ms, a frame 16.7 ms, and paint needs the rest.
 */
export const HIGHLIGHT_BUDGET_MS = 8;

/**
 * The incremental renderer. Finished top-level blocks are rendered once, sanitized whole, and
 * frozen into chunk wrappers; only the open tail is re-lexed and re-rendered, once per frame.
 */
export class IncrementalMarkdownView implements MarkdownView {
  /**
   * The source, kept as frozen pieces plus the open tail. One growing string would be a V8 cons
   * string that every `slice` flattens: a full copy of the answer per frame (quadratic, and GC).
   */
  private readonly frozenSource: string[] = [];
  private openSource = '';
  private joinedSource: string | undefined = '';
  private readonly normalizer = new LineEndingNormalizer();
  private readonly scheduler: FrameScheduler;
  private readonly clock: () => number;
  private readonly highlights = new HighlightQueue();
  private frameHandle: number | undefined;
  private dirty = false;
  private finished = false;
  private disposed = false;
  /** The rendered DOM no longer matches the source from the start (replaced text, reopened view). */
  private needsReset = true;

  private frozenLinks: LinkMap = emptyLinkMap();
  /** Definitions the frozen blocks were rendered with; a change means they may be stale. */
  private renderedLinks = '';
  private renderedLinkMap: LinkMap = emptyLinkMap();
  /** Lower-cased frozen text, joined on demand: is a changed label referenced by a frozen block? */
  private readonly frozenLower: string[] = [];
  private frozenLowerJoined: string | undefined = '';
  private frozenCode: CodeBlockInfo[] = [];
  private tailCode: CodeBlockInfo[] = [];
  private chunk: HTMLElement | undefined;
  private blocksInChunk = 0;
  private readonly tail: HTMLElement;
  private readonly undelegate: () => void;
  /** A large open block between full renders: where its new text goes, and how much is shown. */
  private tailAppend: TailAppend | undefined;
  private tailRenderedLength = 0;
  /**
   * Text received since the tail was last shown, and the start of the line it continues. Kept
   * apart because slicing the growing source each frame would copy all of it (a V8 cons string).
   */
  private unshown = '';
  private linePrefix = '';

  constructor(private readonly container: HTMLElement, options: MarkdownViewOptions = {}) {
    this.scheduler = options.scheduler ?? animationFrameScheduler();
    this.clock = options.clock ?? (() => performance.now());
    this.tail = container.ownerDocument.createElement('div');
    this.tail.className = 'md-open';
    this.container.classList.add('md-root');
    this.undelegate = attachDelegation(container, options, (index) => this.getCodeBlock(index));
  }

  get text(): string {
    this.joinedSource ??= this.frozenSource.join('') + this.openSource;
    return this.joinedSource;
  }

  get codeBlockCount(): number {
    return this.frozenCode.length + this.tailCode.length;
  }

  append(delta: string): void {
    if (this.disposed || delta.length === 0) return;
    if (this.finished) {
      // Reopening is rare (a restored answer continued): the last blocks must become open again.
      this.finished = false;
      this.needsReset = true;
    }
    const normalized = this.normalizer.push(delta);
    this.openSource += normalized;
    if (this.tailAppend) this.unshown += normalized;
    this.joinedSource = undefined;
    this.dirty = true;
    this.requestFrame();
  }

  setText(full: string, options?: { streaming?: boolean }): void {
    if (this.disposed) return;
    this.cancelFrame();
    this.normalizer.reset();
    this.frozenSource.length = 0;
    this.openSource = normalizeLineEndings(full);
    this.joinedSource = this.openSource;
    this.finished = !options?.streaming;
    this.needsReset = true;
    this.render();
    this.continueHighlighting();
  }

  finish(): void {
    if (this.disposed) return;
    this.cancelFrame();
    if (this.finished && !this.dirty) return;
    this.finished = true;
    this.render();
  }

  flush(): void {
    if (this.disposed) return;
    this.cancelFrame();
    if (this.dirty || this.needsReset) this.update();
    this.continueHighlighting();
  }

  getCodeBlock(index: number): CodeBlockInfo | undefined {
    if (index < this.frozenCode.length) return this.frozenCode[index];
    return this.tailCode[index - this.frozenCode.length];
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cancelFrame();
    this.highlights.clear();
    this.undelegate();
    this.container.replaceChildren();
    this.frozenCode = [];
    this.tailCode = [];
  }

  private onFrame(): void {
    this.frameHandle = undefined;
    if (this.disposed) return;
    const start = this.clock();
    if (this.dirty || this.needsReset) this.update();
    if (this.highlights.run(start + HIGHLIGHT_BUDGET_MS, this.clock)) this.requestFrame();
  }

  private requestFrame(): void {
    if (this.frameHandle === undefined) this.frameHandle = this.scheduler.request(() => this.onFrame());
  }

  /** Outside a frame (flush, streaming restore): leave the highlighting to the coming frames. */
  private continueHighlighting(): void {
    if (this.highlights.pending) this.requestFrame();
  }

  private cancelFrame(): void {
    if (this.frameHandle !== undefined) this.scheduler.cancel(this.frameHandle);
    this.frameHandle = undefined;
  }

  /**
   * Shows new text: appended as text to a large open block while it is cheap and safe (see
   * largeTail.ts), otherwise by rendering the tail again.
   */
  private update(): void {
    const append = this.tailAppend;
    if (
      append && !this.needsReset && !this.finished &&
      this.openSource.length < this.tailRenderedLength * TAIL_GROWTH &&
      canAppend(this.linePrefix, this.unshown, append.code)
    ) {
      this.dirty = false;
      append.appender.append(this.unshown);
      this.linePrefix = nextLinePrefix(this.linePrefix, this.unshown);
      this.unshown = '';
      return;
    }
    this.render();
  }

  private reset(): void {
    this.needsReset = false;
    this.tailAppend = undefined;
    if (this.frozenSource.length > 0) {
      this.openSource = this.text;
      this.frozenSource.length = 0;
    }
    this.frozenLinks = emptyLinkMap();
    this.renderedLinks = '';
    this.renderedLinkMap = emptyLinkMap();
    this.frozenLower.length = 0;
    this.frozenLowerJoined = '';
    this.frozenCode = [];
    this.tailCode = [];
    this.highlights.clear();
    this.chunk = undefined;
    this.blocksInChunk = 0;
    this.tail.replaceChildren();
    this.container.replaceChildren(this.tail);
  }

  private render(): void {
    this.dirty = false;
    if (this.needsReset) this.reset();
    let lex = lexTail(this.openSource, this.frozenLinks, this.finished);
    const signature = linkSignature(lex.links);
    if (signature !== this.renderedLinks && this.frozenSource.length > 0 && this.frozenMayUse(lex.links)) {
      // A definition appeared or changed: `[x]: url` applies to the whole document, so blocks
      // frozen without it may be wrong. Start over; this happens once per definition line.
      this.reset();
      lex = lexTail(this.openSource, this.frozenLinks, this.finished);
    }
    this.renderedLinks = signature;
    this.renderedLinkMap = lex.links;
    let consumed = 0;
    for (let i = 0; i < lex.freezeCount; i++) consumed += this.freeze(lex.tokens[i]);
    if (consumed > 0) {
      const piece = this.openSource.slice(0, consumed);
      this.frozenSource.push(piece);
      this.frozenLower.push(piece.toLowerCase());
      this.frozenLowerJoined = undefined;
      this.openSource = this.openSource.slice(consumed);
    }
    const tailTokens = lex.tokens.slice(lex.freezeCount);
    this.renderTail(tailTokens);
    this.tailRenderedLength = this.openSource.length;
    this.unshown = '';
    this.tailAppend = !this.finished && this.openSource.length >= LARGE_TAIL ? tailAppendFor(this.tail, tailTokens) : undefined;
    if (this.tailAppend) {
      const lineStart = this.openSource.lastIndexOf('\n') + 1;
      this.linePrefix = this.openSource.slice(lineStart, lineStart + FENCE_PROBE);
    }
    // A finished answer (finish, restore) is complete when the call returns, as a one-shot render.
    if (this.finished) this.highlights.drain();
  }

  /**
   * Whether a frozen block may reference a definition that differs from the one it was rendered
   * with. A label that appears nowhere in the frozen text cannot (a model writing a list of
   * definitions at the end would otherwise cost a full re-render per frame); labels with
   * whitespace match across line breaks, so they are always assumed used.
   */
  private frozenMayUse(links: LinkMap): boolean {
    const previous = this.renderedLinkMap;
    const changed: string[] = [];
    for (const label in links) {
      const old = previous[label];
      if (!old || old.href !== links[label].href || (old.title ?? null) !== (links[label].title ?? null)) changed.push(label);
    }
    for (const label in previous) if (!(label in links)) changed.push(label);
    if (changed.length === 0) return false;
    this.frozenLowerJoined ??= this.frozenLower.join('');
    const frozen = this.frozenLowerJoined;
    return changed.some((label) => /\s/.test(label) || frozen.includes(label));
  }

  /** Renders a final block into the current chunk; returns how much source it consumed. */
  private freeze(token: Token): number {
    collectDefinitions(token, this.frozenLinks);
    if (token.type === 'space' || token.type === 'def') return token.raw.length; // render to nothing
    const fragment = this.renderFragment(token, true, this.frozenCode.length);
    if (!this.chunk || this.blocksInChunk >= BLOCKS_PER_CHUNK) {
      this.chunk = this.container.ownerDocument.createElement('div');
      this.chunk.className = 'md-chunk';
      this.blocksInChunk = 0;
      this.container.insertBefore(this.chunk, this.tail);
    }
    this.chunk.append(fragment);
    this.blocksInChunk++;
    return token.raw.length;
  }

  private renderTail(tokens: Token[]): void {
    this.tailCode = [];
    const fragment = this.container.ownerDocument.createDocumentFragment();
    for (const token of tokens) {
      if (token.type === 'space' || token.type === 'def') continue;
      fragment.append(this.renderFragment(token, false, this.frozenCode.length + this.tailCode.length));
    }
    this.tail.replaceChildren(fragment);
  }

  /**
   * Renders, sanitizes (the whole block at once) and decorates one top-level token. Closed code
   * blocks are queued for highlighting; an open one only has its grammar compiled ahead.
   */
  private renderFragment(token: Token, closed: boolean, firstCodeIndex: number): DocumentFragment {
    const fragment = sanitizeToFragment(renderTokenHtml(token));
    decorateLinks(fragment);
    for (const { info, codeElement } of decorateCodeBlocks(fragment, firstCodeIndex, closed)) {
      (closed ? this.frozenCode : this.tailCode).push(info);
      // A line of thousands of characters (base64, minified code) is shown plain: highlighting it costs much and shows little.
      if (!codeElement || !canHighlight(info.language) || hasLongLine(info.code)) continue;
      if (closed) this.highlights.add(codeElement, info.code + '\n', info.language);
      else this.highlights.prepare(info.language);
    }
    guardText(fragment);
    return fragment;
  }
}
