import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { sanitizeHighlight } from './sanitize';

// Core plus a fixed set: all of highlight.js is about 1 MB, these are about 67 KB minified.
const languages = { bash, c, cpp, css, diff, go, java, javascript, json, markdown, python, rust, shell, typescript, xml, yaml };
for (const [name, definition] of Object.entries(languages)) hljs.registerLanguage(name, definition);
hljs.configure({ ignoreUnescapedHTML: true, throwUnescapedHTML: false });

/** Whether `language` (a name or alias such as `ts`, `py`, `sh`, `html`) can be highlighted. */
export function canHighlight(language: string | undefined): language is string {
  return language !== undefined && hljs.getLanguage(language) !== undefined;
}

/**
 * Highlights `code` in place of `target`'s children. Called once per block, when the block closes;
 * the output goes through the span-only sanitizer, so a highlighter bug cannot inject markup.
 */
export function highlightInto(target: HTMLElement, code: string, language: string): boolean {
  try {
    const html = hljs.highlight(code, { language, ignoreIllegals: true }).value;
    target.replaceChildren(sanitizeHighlight(html));
    target.classList.add('hljs');
    return true;
  } catch {
    return false; // leave the plain, already safe text
  }
}
