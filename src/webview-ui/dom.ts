/** Attributes {@link h} may set; never `style` or `on*` (CSP forbids inline styles and handlers). */
export type Attrs = Readonly<Record<string, string | boolean | undefined>>;

/**
 * Creates an element with attributes and children. Text children become text nodes, so model
 * output passed here can never become markup; only the markdown renderer inserts (sanitized) HTML.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Node | string | undefined>): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'style' || k.startsWith('on')) throw new Error(`refusing attribute ${k}`);
    el.setAttribute(k === 'className' ? 'class' : k, v === true ? '' : v);
  }
  for (const c of children) if (c !== undefined) el.append(c);
  return el;
}

/** A codicon glyph (decorative: the button around it carries the label). */
export function icon(name: string): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

/** An icon button with an accessible name and tooltip. */
export function iconButton(name: string, label: string, action: string, extra: Attrs = {}): HTMLButtonElement {
  return h('button', { type: 'button', class: 'icon-button', title: label, 'aria-label': label, 'data-ui': action, ...extra }, icon(name));
}

/** A text button with an optional icon. */
export function textButton(label: string, action: string, iconName?: string, extra: Attrs = {}): HTMLButtonElement {
  return h('button', { type: 'button', class: 'text-button', 'data-ui': action, ...extra }, iconName ? icon(iconName) : undefined, label);
}
