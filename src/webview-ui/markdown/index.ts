/**
 * The chat panel's markdown renderer: incremental (only the open block re-renders, at most once
 * per frame), sanitized (DOMPurify, strict allow-list, whole blocks), highlighted (highlight.js
 * core + a few languages, once per closed block). The panel wires clicks by delegation:
 * `button[data-action][data-block-index]` -> `getCodeBlock(index)`, `a[data-href]` -> host.
 */
import { IncrementalMarkdownView } from './markdownView';
import type { MarkdownView, MarkdownViewOptions } from './types';

export type { CodeAction, CodeBlockInfo, FrameScheduler, MarkdownView, MarkdownViewOptions } from './types';
export { sanitizeHtml, sanitizeToFragment } from './sanitize';
export { ATTR_ACTION, ATTR_BLOCK_INDEX, ATTR_HREF, safeLinkTarget } from './decorate';
export { animationFrameScheduler, createManualScheduler } from './scheduler';
export type { ManualScheduler } from './scheduler';
export { BLOCKS_PER_CHUNK } from './markdownView';
export { guardText } from './textGuard';

/** Renders markdown into `container` (which the view owns: it replaces its children). */
export function createMarkdownView(container: HTMLElement, opts?: MarkdownViewOptions): MarkdownView {
  return new IncrementalMarkdownView(container, opts);
}
