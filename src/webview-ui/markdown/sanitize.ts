import createDOMPurify from 'dompurify';
import type { Config, DOMPurify } from 'dompurify';

/**
 * What model output may keep. An allow-list, so anything new in HTML stays out: no style, no
 * svg/math, no forms or inputs, no iframes/objects/embeds/images/media, no ids or names (DOM
 * clobbering), no data-* (the panel's click delegation keys on data-action / data-href, which only
 * this renderer may write), no event handlers, and URLs only http(s)/mailto.
 */
const ALLOWED_TAGS = [
  'a', 'abbr', 'b', 'blockquote', 'br', 'code', 'dd', 'del', 'details', 'div', 'dl', 'dt', 'em',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q',
  's', 'samp', 'small', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot',
  'th', 'thead', 'tr', 'u', 'ul', 'var',
];
const ALLOWED_ATTR = ['href', 'title', 'align', 'start', 'colspan', 'rowspan', 'class'];
const SAFE_URL = /^(?:https?|mailto):/i;
/** Classes this renderer itself emits; every other class value is dropped. */
const CODE_CLASS = /^language-[\w#+.-]{1,32}$/;
const TASK_CLASS = /^md-task(?: md-task-checked)?$/;

const markdownConfig: Config = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  ALLOWED_URI_REGEXP: SAFE_URL,
  ALLOWED_NAMESPACES: ['http://www.w3.org/1999/xhtml'],
  KEEP_CONTENT: true,
  SANITIZE_DOM: true,
  SANITIZE_NAMED_PROPS: true,
  WHOLE_DOCUMENT: false,
};

const highlightConfig: Config = {
  ALLOWED_TAGS: ['span'],
  ALLOWED_ATTR: ['class'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOWED_NAMESPACES: ['http://www.w3.org/1999/xhtml'],
  KEEP_CONTENT: true,
};

/**
 * Own instances (created on first use, in the page's window), each configured once with
 * `setConfig`: passing a config to every `sanitize` call re-parses it, which measured as the
 * larger part of sanitizing a small block. Own instances also keep our hooks away from others.
 */
const instances = new Map<string, DOMPurify>();

function instance(kind: 'fragment' | 'string' | 'highlight'): DOMPurify {
  let purifier = instances.get(kind);
  if (purifier) return purifier;
  purifier = createDOMPurify(window);
  if (kind === 'highlight') {
    purifier.setConfig({ ...highlightConfig, RETURN_DOM_FRAGMENT: true });
    purifier.addHook('uponSanitizeAttribute', (_node, event) => {
      if (event.attrName === 'class') event.keepAttr = /^[\w -]{1,80}$/.test(event.attrValue);
    });
  } else {
    purifier.setConfig({ ...markdownConfig, RETURN_DOM_FRAGMENT: kind === 'fragment' });
    purifier.addHook('uponSanitizeAttribute', (node, event) => {
      if (event.attrName !== 'class') return;
      const tag = node.nodeName;
      const value = event.attrValue.trim();
      event.keepAttr = (tag === 'CODE' && CODE_CLASS.test(value)) || (tag === 'SPAN' && TASK_CLASS.test(value));
    });
  }
  instances.set(kind, purifier);
  return purifier;
}

/**
 * Sanitizes HTML from model output with the markdown allow-list and returns a string. Prefer
 * {@link sanitizeToFragment} when inserting: it hands over nodes, so nothing is parsed twice.
 */
export function sanitizeHtml(html: string): string {
  return String(instance('string').sanitize(html));
}

/** Sanitizes one whole top-level block of HTML into a fragment ready to insert. */
export function sanitizeToFragment(html: string): DocumentFragment {
  return instance('fragment').sanitize(html) as unknown as DocumentFragment;
}

/** Sanitizes highlight.js output: only `<span class>` survives. */
export function sanitizeHighlight(html: string): DocumentFragment {
  return instance('highlight').sanitize(html) as unknown as DocumentFragment;
}
