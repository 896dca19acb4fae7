import type { CodeAction, CodeBlockInfo } from './types';
import { canHighlight, highlightInto } from './highlight';

/** Attribute names the panel's click delegation reads. Only this renderer writes them. */
export const ATTR_ACTION = 'data-action';
export const ATTR_BLOCK_INDEX = 'data-block-index';
export const ATTR_HREF = 'data-href';

const BUTTONS: ReadonlyArray<{ action: CodeAction; label: string; icon: string }> = [
  { action: 'copy', label: 'Copy', icon: 'codicon-copy' },
  { action: 'insert', label: 'Insert at Cursor', icon: 'codicon-insert' },
  { action: 'newFile', label: 'Open in New File', icon: 'codicon-new-file' },
];

/** An http(s) URL, absolute and normalised, or undefined for anything else. */
export function safeLinkTarget(href: string | null): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Links lose `href` (the webview must not navigate); http(s) targets move to `data-href` for the
 * host to open, anything else becomes plain text.
 */
export function decorateLinks(root: DocumentFragment): void {
  for (const anchor of Array.from(root.querySelectorAll('a'))) {
    const target = safeLinkTarget(anchor.getAttribute('href'));
    if (target === undefined) {
      const span = anchor.ownerDocument.createElement('span');
      span.className = 'md-link-disabled';
      span.append(...Array.from(anchor.childNodes));
      anchor.replaceWith(span);
      continue;
    }
    anchor.removeAttribute('href');
    anchor.setAttribute(ATTR_HREF, target);
    anchor.setAttribute('role', 'link');
    anchor.setAttribute('tabindex', '0');
    anchor.className = 'md-link';
    if (!anchor.hasAttribute('title')) anchor.setAttribute('title', target);
  }
}

/**
 * Wraps every `<pre>` in a block with a language label and the three action buttons, built with
 * DOM calls (label via textContent), and highlights it when `closed`. Returns the blocks found, in
 * document order, numbered from `firstIndex`.
 */
export function decorateCodeBlocks(root: DocumentFragment, firstIndex: number, closed: boolean): CodeBlockInfo[] {
  const blocks: CodeBlockInfo[] = [];
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    const doc = pre.ownerDocument;
    const codeElement = pre.querySelector('code');
    const classMatch = codeElement?.className.match(/^language-(.+)$/);
    const language = classMatch ? classMatch[1] : undefined;
    const text = (codeElement ?? pre).textContent ?? '';
    const code = text.endsWith('\n') ? text.slice(0, -1) : text;
    const index = firstIndex + blocks.length;
    blocks.push({ index, code, language, complete: closed });

    const wrapper = doc.createElement('div');
    wrapper.className = 'md-code';
    wrapper.setAttribute(ATTR_BLOCK_INDEX, String(index));
    const header = doc.createElement('div');
    header.className = 'md-code-header';
    const label = doc.createElement('span');
    label.className = 'md-code-lang';
    label.textContent = language ?? 'text';
    header.append(label);
    for (const button of BUTTONS) header.append(actionButton(doc, button, index));
    pre.replaceWith(wrapper);
    wrapper.append(header, pre);
    if (closed && codeElement && canHighlight(language)) highlightInto(codeElement, code + '\n', language);
  }
  return blocks;
}

function actionButton(doc: Document, spec: (typeof BUTTONS)[number], index: number): HTMLButtonElement {
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'md-code-action';
  button.setAttribute(ATTR_ACTION, spec.action);
  button.setAttribute(ATTR_BLOCK_INDEX, String(index));
  button.title = spec.label;
  button.setAttribute('aria-label', spec.label);
  const icon = doc.createElement('span');
  icon.className = `codicon ${spec.icon}`;
  icon.setAttribute('aria-hidden', 'true');
  button.append(icon);
  return button;
}
