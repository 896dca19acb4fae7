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

/**
 * How far a grammar is compiled in this page: highlight.js compiles a grammar's modes on first use
 * (`modes`), and V8 compiles the combined matcher regex the first time it runs (`done`).
 */
const compiled = new WeakMap<Language, 'modes' | 'done'>();

/** highlight.js runs a grammar's own tokenizer, if it has one, instead of its matcher regexes. */
type TokenizerGrammar = Language & { __emitTokens?: (code: string, emitter: unknown) => void };

/** Whether highlighting `language` would first compile (part of) its grammar. */
export function needsGrammar(language: string): boolean {
  const grammar = hljs.getLanguage(language);
  return grammar !== undefined && compiled.get(grammar) !== 'done';
}

/**
 * Compiles the grammar of `language` one stage further; returns whether a stage is left. A grammar
 * costs more on first use than highlighting a 6 KB block afterwards, and Java's measured 40-63 ms
 * in one piece (10-13 ms for its modes, ~30 ms for V8 to compile its 13 KB matcher regex). So the
 * first stage compiles the modes with a no-op tokenizer in place (highlight.js then skips the
 * matcher) and the second runs the matcher once. Should a highlight.js version ignore the hook,
 * the first stage simply does both: slower, never wrong.
 */
export function compileGrammar(language: string): boolean {
  const grammar = hljs.getLanguage(language) as TokenizerGrammar | undefined;
  if (!grammar || compiled.get(grammar) === 'done') return false;
  const modesOnly = compiled.get(grammar) === undefined && grammar.__emitTokens === undefined;
  if (modesOnly) grammar.__emitTokens = () => undefined;
  try {
    hljs.highlight('', { language, ignoreIllegals: true });
  } catch {
    // a broken grammar fails again when highlighting, which leaves the plain text
  } finally {
    if (modesOnly) delete grammar.__emitTokens;
  }
  compiled.set(grammar, modesOnly ? 'modes' : 'done');
  return modesOnly;
}

/** highlight.js's HTML for `code`, or undefined when it failed (the plain, already safe text stays). */
export function highlightHtml(code: string, language: string): string | undefined {
  const grammar = hljs.getLanguage(language);
  if (grammar) compiled.set(grammar, 'done');
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
