import type { CodeAction, CodeBlockInfo } from './types';

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
    // The tooltip shows where the link goes; a URL of thousands of characters is cut for it.
    if (!anchor.hasAttribute('title')) anchor.setAttribute('title', target.length > 300 ? `${target.slice(0, 299)}…` : target);
  }
}

/** A decorated code block and the element holding its text (what highlighting replaces). */
export interface DecoratedCodeBlock {
  readonly info: CodeBlockInfo;
  readonly codeElement: HTMLElement | undefined;
}

/**
 * Wraps every `<pre>` in a block with a language label and the three action buttons, built with
 * DOM calls (label via textContent). Returns the blocks found, in document order, numbered from
 * `firstIndex`; highlighting is the caller's (it is spread over frames).
 */
export function decorateCodeBlocks(root: DocumentFragment, firstIndex: number, closed: boolean): DecoratedCodeBlock[] {
  const blocks: DecoratedCodeBlock[] = [];
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    const doc = pre.ownerDocument;
    const codeElement = pre.querySelector('code');
    const classMatch = codeElement?.className.match(/^language-(.+)$/);
    const language = classMatch ? classMatch[1] : undefined;
    const text = (codeElement ?? pre).textContent ?? '';
    const code = text.endsWith('\n') ? text.slice(0, -1) : text;
    const index = firstIndex + blocks.length;
    blocks.push({ info: { index, code, language, complete: closed }, codeElement: codeElement ?? undefined });

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
