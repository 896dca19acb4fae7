import { compileGrammar, highlightHtml, needsGrammar, splitHighlightHtml } from './highlight';
import { sanitizeHighlight } from './sanitize';
import { guardText } from './textGuard';

/** Highlighted HTML per sanitize step: about 130 spans, 1-2 ms of DOMPurify. */
export const HIGHLIGHT_PIECE_CHARS = 4096;

/** A closed code block waiting to be highlighted, and how far it got. */
interface Job {
  readonly target: HTMLElement;
  readonly code: string;
  readonly language: string;
  /** highlight.js output, cut into pieces, and the sanitized pieces so far. */
  output?: { readonly pieces: string[]; readonly staged: DocumentFragment; next: number };
}

/**
 * Highlights closed code blocks in small steps spread over frames, instead of all at once in the
 * frame that closes a block (grammar compile + highlight.js + DOMPurify of ~1,000 spans measured
 * 20-100 ms there for a 6 KB block). Steps: compile the grammar (first use only, two stages), run
 * highlight.js, sanitize one piece of its output; the block's children are swapped in one go at
 * the end, so a block never shows half highlighted. Until then it shows its plain text, which is
 * already safe.
 */
export class HighlightQueue {
  private readonly jobs: Job[] = [];
  /** Grammars to compile ahead: the language of the block still streaming in. */
  private readonly grammars: string[] = [];

  /** Whether any step is left. */
  get pending(): boolean {
    return this.jobs.length > 0 || this.grammars.length > 0;
  }

  /** Queues `target` (a `<code>` holding `code` as text) for highlighting as `language`. */
  add(target: HTMLElement, code: string, language: string): void {
    this.jobs.push({ target, code, language });
  }

  /** Compiles the grammar of `language` in a later step, if it is not compiled yet. */
  prepare(language: string): void {
    if (needsGrammar(language) && !this.grammars.includes(language)) this.grammars.push(language);
  }

  /**
   * Runs one step, then more while `clock()` is before `deadline`. At least one step, so
   * highlighting keeps up even when rendering alone fills the frame. Returns whether work is left.
   */
  run(deadline: number, clock: () => number): boolean {
    if (!this.pending) return false;
    do this.step();
    while (this.pending && clock() < deadline);
    return this.pending;
  }

  /** Runs every step now (a finished answer or a restore must be complete when the call returns). */
  drain(): void {
    while (this.pending) this.step();
  }

  /** Forgets all work (the blocks it referred to were removed). */
  clear(): void {
    this.jobs.length = 0;
    this.grammars.length = 0;
  }

  private step(): void {
    const job = this.jobs[0];
    if (!job) {
      if (!compileGrammar(this.grammars[0])) this.grammars.shift();
      return;
    }
    if (!job.output) {
      if (needsGrammar(job.language)) {
        compileGrammar(job.language);
        return;
      }
      const html = highlightHtml(job.code, job.language);
      if (html === undefined) this.jobs.shift();
      else job.output = { pieces: splitHighlightHtml(html, HIGHLIGHT_PIECE_CHARS), staged: job.target.ownerDocument.createDocumentFragment(), next: 0 };
      return;
    }
    const output = job.output;
    output.staged.append(sanitizeHighlight(output.pieces[output.next++]));
    if (output.next < output.pieces.length) return;
    // Bidi controls in code stay visible once highlighted, as in the plain text it replaces.
    guardText(output.staged);
    job.target.replaceChildren(output.staged);
    job.target.classList.add('hljs');
    this.jobs.shift();
  }
}
