/**
 * Structural audit of rendered output, run in the page (serialised by playwright: keep it
 * self-contained). Returns one line per violation: a tag or attribute outside the allow-list, an
 * href/src left behind, a data-href that is not http(s), delegation attributes model text forged.
 */
export function auditRenderedTree(container: Element): string[] {
  const tags = new Set([
    'a', 'abbr', 'b', 'blockquote', 'br', 'code', 'dd', 'del', 'details', 'div', 'dl', 'dt', 'em', 'h1', 'h2', 'h3',
    'h4', 'h5', 'h6', 'hr', 'i', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q', 's', 'samp', 'small', 'span',
    'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'u', 'ul', 'var', 'button',
    // break opportunities the renderer adds to long runs (the sanitizer never lets one through)
    'wbr',
  ]);
  const attributes = new Set([
    'title', 'align', 'start', 'colspan', 'rowspan', 'class', 'data-href', 'data-action', 'data-block-index', 'role',
    'tabindex', 'aria-label', 'aria-hidden', 'type', 'data-bidi',
  ]);
  const problems: string[] = [];
  for (const element of Array.from(container.querySelectorAll('*'))) {
    const tag = element.localName;
    if (element.namespaceURI !== 'http://www.w3.org/1999/xhtml') problems.push(`foreign namespace <${tag}>`);
    if (!tags.has(tag)) problems.push(`tag <${tag}>`);
    for (const attr of Array.from(element.attributes)) {
      if (!attributes.has(attr.name)) problems.push(`attribute ${attr.name} on <${tag}>`);
    }
    const isOurButton = tag === 'button' && element.classList.contains('md-code-action') &&
      element.parentElement?.classList.contains('md-code-header') === true &&
      element.parentElement.parentElement?.classList.contains('md-code') === true &&
      element.getAttribute('type') === 'button';
    if (tag === 'button' && !isOurButton) problems.push('button not made by the renderer');
    if (element.hasAttribute('data-action') && !isOurButton) problems.push(`data-action on <${tag}>`);
    if (element.hasAttribute('type') && !isOurButton) problems.push(`type on <${tag}>`);
    const href = element.getAttribute('data-href');
    if (href !== null && (tag !== 'a' || !/^https?:\/\/[^\s"<>]+$/.test(href))) problems.push(`data-href ${JSON.stringify(href)} on <${tag}>`);
    const bidi = element.getAttribute('data-bidi');
    if (bidi !== null && !(tag === 'span' && element.classList.contains('md-bidi') && /^[A-Z]{3}$/.test(bidi))) problems.push(`data-bidi ${JSON.stringify(bidi)} on <${tag}>`);
    if (tag === 'wbr' && element.attributes.length > 0) problems.push('attributes on <wbr>');
    if ((element.hasAttribute('role') || element.hasAttribute('tabindex')) && !(tag === 'a' && href !== null)) problems.push(`role/tabindex on <${tag}>`);
    for (const cls of Array.from(element.classList)) {
      if (!/^(md-[\w-]+|language-[\w#+.-]+|hljs(-[\w-]+)?|[a-z]+_|codicon(-[\w-]+)?)$/.test(cls)) problems.push(`class ${cls} on <${tag}>`);
    }
  }
  return problems;
}
