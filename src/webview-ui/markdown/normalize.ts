/**
 * Turns `\r\n` and lone `\r` into `\n` across delta boundaries. Without this a lone `\r` keeps the
 * last block from ever looking complete, and freezing silently stops (quadratic cost).
 */
export class LineEndingNormalizer {
  private pendingCarriageReturn = false;

  /** Normalises one delta; a `\r` at the end of the previous delta eats a leading `\n` here. */
  push(delta: string): string {
    if (delta.length === 0) return '';
    let text = delta;
    if (this.pendingCarriageReturn && text.charCodeAt(0) === 10) text = text.slice(1);
    this.pendingCarriageReturn = delta.charCodeAt(delta.length - 1) === 13;
    return text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n');
  }

  /** Forgets the pending `\r` (the text was replaced). */
  reset(): void {
    this.pendingCarriageReturn = false;
  }
}

/** One-shot form of {@link LineEndingNormalizer}. */
export function normalizeLineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
