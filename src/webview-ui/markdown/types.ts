/** The three buttons every rendered code block carries (value of its `data-action`). */
export type CodeAction = 'copy' | 'insert' | 'newFile';

/** A code block as the model wrote it (plain text, never HTML). */
export interface CodeBlockInfo {
  /** Position among the code blocks of this view, in document order (matches `data-block-index`). */
  readonly index: number;
  /** The code, exactly as written between the fences (no trailing newline added). */
  readonly code: string;
  /** First word of the fence's info string when it looks like a language name, else undefined. */
  readonly language: string | undefined;
  /** False while the block may still grow (it is the open block of a running stream). */
  readonly complete: boolean;
}

/**
 * Runs a callback before the next paint. The default wraps `requestAnimationFrame`; tests and the
 * benchmark inject a manual one so "one DOM update per frame" is exact and no test sleeps.
 */
export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

/** Options of {@link MarkdownView}. */
export interface MarkdownViewOptions {
  /**
   * When set, the view listens (one delegated listener) for clicks on code block buttons and calls
   * this. Panels that delegate clicks themselves leave it unset and use `getCodeBlock`.
   */
  onCodeAction?: (action: CodeAction, block: CodeBlockInfo) => void;
  /** When set, clicks (and Enter) on validated http/https links call this with the absolute URL. */
  onOpenLink?: (href: string) => void;
  /** Frame scheduler; defaults to `requestAnimationFrame`. */
  scheduler?: FrameScheduler;
  /**
   * Milliseconds clock for the per-frame highlighting budget; defaults to `performance.now`.
   * Tests pass their own so the number of highlighting steps per frame is exact.
   */
  clock?: () => number;
}

/** Incremental, sanitized markdown view of one streamed answer. */
export interface MarkdownView {
  /** Adds streamed text; the DOM is updated at most once per frame. Reopens a finished view. */
  append(delta: string): void;
  /**
   * Replaces the whole text and renders it at once (restore from history). The view is finished
   * afterwards (last block closed, every code block highlighted) unless `streaming` is true; then
   * closed code blocks are highlighted over the following frames.
   */
  setText(full: string, options?: { streaming?: boolean }): void;
  /**
   * The stream ended: closes the open block and synchronously completes the highlighting of every
   * code block (while streaming, closed blocks are highlighted a few milliseconds per frame).
   */
  finish(): void;
  /** Applies pending text now instead of waiting for the next frame (highlighting goes on in frames). */
  flush(): void;
  /** The code block with this `data-block-index`, or undefined. */
  getCodeBlock(index: number): CodeBlockInfo | undefined;
  /** Number of code blocks currently rendered. */
  readonly codeBlockCount: number;
  /** The normalised markdown source received so far. */
  readonly text: string;
  /** Cancels the pending frame, removes listeners and the rendered nodes. */
  dispose(): void;
}
