import { Parser, Renderer } from 'marked';
import type { Token, Tokens } from 'marked';
import { markedOptions } from './blocks';
import { LIMITS } from '../../shared/validate';

/** A fence info word we are willing to put into a class name and a label. */
const LANGUAGE = /^[\w#+.-]{1,32}$/;

/** The language of a fence info string (`ts {title}` -> `ts`), or undefined when it looks hostile. */
export function fenceLanguage(info: string | undefined): string | undefined {
  const word = (info ?? '').trim().split(/\s/, 1)[0] ?? '';
  return LANGUAGE.test(word) ? word.toLowerCase() : undefined;
}

/**
 * Raw HTML blocks whose end the model controls and that would hide or swallow what follows
 * (`<script>`, `<style>`, `<textarea>`, comments, processing instructions, declarations, CDATA):
 * an unclosed one runs to the end of the answer. They are shown as text instead of being dropped.
 */
const RAW_TEXT_BLOCK = /^\s{0,3}<(?:script|style|textarea|!|\?)/i;

/**
 * Longest link target the panel makes clickable: the host refuses longer ones (the protocol's
 * `openLink` limit), and escaping, encoding and checking a 200,000-character URL three times
 * was most of the cost of rendering it.
 */
export const MAX_LINK_CHARS = LIMITS.href;

/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * Marked's renderer with the parts a chat panel needs changed: code blocks carry only a safe
 * language class (decorated later), images become a link placeholder (remote images would leak
 * the user's IP, and the CSP blocks them anyway), task checkboxes are text (no form controls).
 */
class ChatRenderer extends Renderer {
  override link(token: Tokens.Link): string {
    if (token.href.length <= MAX_LINK_CHARS) return super.link(token);
    // Its text only, marked as a link that cannot be opened (the text may be the URL itself).
    const size = String(token.href.length).replace(/\B(?=(\d{3})+$)/g, ',');
    return `<span title="A link of ${size} characters: too long to open">${this.parser.parseInline(token.tokens)}</span>`;
  }

  override code({ text, lang }: Tokens.Code): string {
    const language = fenceLanguage(lang);
    const body = escapeHtml(text.replace(/\n$/, '') + '\n');
    return `<pre><code${language ? ` class="language-${language}"` : ''}>${body}</code></pre>\n`;
  }

  override html(token: Tokens.HTML | Tokens.Tag): string {
    if (token.block && RAW_TEXT_BLOCK.test(token.text)) return `<p>${escapeHtml(token.text.trimEnd())}</p>\n`;
    return token.text;
  }

  override image({ href, text }: Tokens.Image): string {
    const label = `Image: ${text || href}`;
    return `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
  }

  override checkbox({ checked }: Tokens.Checkbox): string {
    return checked ? '<span class="md-task md-task-checked">☑</span> ' : '<span class="md-task">☐</span> ';
  }
}

let parser: Parser | undefined;

/** Renders one top-level token to (unsanitized) HTML. */
export function renderTokenHtml(token: Token): string {
  if (!parser) {
    const renderer = new ChatRenderer(markedOptions);
    parser = new Parser({ ...markedOptions, renderer });
    renderer.parser = parser;
  }
  try {
    return parser.parse([token]);
  } catch {
    // marked should not throw on any input; if it does, show the source as text, never raw.
    return `<pre><code>${escapeHtml(token.raw)}</code></pre>\n`;
  }
}
