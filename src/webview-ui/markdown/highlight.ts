import hljs from 'highlight.js/lib/core';
import type { Language } from 'highlight.js';
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

// Core plus a fixed set: all of highlight.js is about 1 MB, these are about 67 KB minified.
const languages = { bash, c, cpp, css, diff, go, java, javascript, json, markdown, python, rust, shell, typescript, xml, yaml };
for (const [name, definition] of Object.entries(languages)) hljs.registerLanguage(name, definition);
hljs.configure({ ignoreUnescapedHTML: true, throwUnescapedHTML: false });

/** Whether `language` (a name or alias such as `ts`, `py`, `sh`, `html`) can be highlighted. */
export function canHighlight(language: string | undefined): language is string {
  return language !== undefined && hljs.getLanguage(language) !== undefined;
}

/** Grammars already compiled in this page (aliases share one grammar object). */
const compiled = new WeakSet<Language>();

/** Whether highlighting `language` would first compile its grammar. */
export function needsGrammar(language: string): boolean {
  const grammar = hljs.getLanguage(language);
  return grammar !== undefined && !compiled.has(grammar);
}

/**
 * Compiles the grammar of `language` now. highlight.js compiles a grammar (and V8 its regexes) on
 * first use, and that costs more than highlighting a 6 KB block afterwards: Java's generic-type
 * regexes alone measured 40-57 ms. Doing it as its own step keeps it out of the frame that also
 * highlights and sanitizes the block.
 */
export function compileGrammar(language: string): void {
  const grammar = hljs.getLanguage(language);
  if (!grammar || compiled.has(grammar)) return;
  compiled.add(grammar);
  try {
    hljs.highlight('', { language, ignoreIllegals: true });
  } catch {
    // a broken grammar fails again when highlighting, which leaves the plain text
  }
}

/** highlight.js's HTML for `code`, or undefined when it failed (the plain, already safe text stays). */
export function highlightHtml(code: string, language: string): string | undefined {
  const grammar = hljs.getLanguage(language);
  if (grammar) compiled.add(grammar);
  try {
    return hljs.highlight(code, { language, ignoreIllegals: true }).value;
  } catch {
    return undefined;
  }
}

/**
 * Cuts highlight.js output into pieces of about `maxChars` at top-level tag boundaries, so each
 * piece is balanced markup and sanitizing the pieces one after another builds the same DOM as
 * sanitizing the whole (DOMPurify costs about 10 µs per span: a 6 KB block is ~1,000 spans). The
 * cut is found by counting tags, which is safe: highlight.js escapes every `<` in the code, and
 * each piece is still sanitized, so a wrong cut could only mis-nest spans, never let markup in.
 */
export function splitHighlightHtml(html: string, maxChars: number): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let start = 0;
  for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at + 1)) {
    if (depth === 0 && at - start >= maxChars) {
      pieces.push(html.slice(start, at));
      start = at;
    }
    depth = html.startsWith('</', at) ? Math.max(0, depth - 1) : depth + 1;
  }
  pieces.push(html.slice(start));
  return pieces;
}
