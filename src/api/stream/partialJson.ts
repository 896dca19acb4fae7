/**
 * Best-effort parse of truncated JSON (a tool_use input whose stream was cut), with the SDK's
 * semantics: a token cut by the end of the text (an unterminated string, a number that may still
 * grow, a partial `true`/`false`/`null`) is dropped, then a dangling `:`/`,` or an object key
 * without its value, and finally the open brackets are closed.
 */

type Kind = 'open' | 'close' | 'colon' | 'comma' | 'string' | 'number' | 'literal';
interface Token {
  kind: Kind;
  text: string;
}

const NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/;
const LITERALS = ['true', 'false', 'null'];

/** Parses complete JSON, else the completed prefix; `{}` when nothing usable is left. */
export function parsePartialJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // repair below
  }
  const tokens = tokenize(text);
  if (!tokens) return {};
  const kept = dropTrailing(tokens);
  const closers: string[] = [];
  for (const t of kept) {
    if (t.kind === 'open') closers.push(t.text === '{' ? '}' : ']');
    else if (t.kind === 'close') closers.pop();
  }
  const completed = kept.map((t) => t.text).join(' ') + ' ' + closers.reverse().join('');
  try {
    return JSON.parse(completed);
  } catch {
    return {};
  }
}

/** Splits into tokens, leaving out a token the end of the text cut short; null for non-JSON text. */
function tokenize(input: string): Token[] | null {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
    } else if (ch === '{' || ch === '[') {
      tokens.push({ kind: 'open', text: ch });
      i++;
    } else if (ch === '}' || ch === ']') {
      tokens.push({ kind: 'close', text: ch });
      i++;
    } else if (ch === ':') {
      tokens.push({ kind: 'colon', text: ch });
      i++;
    } else if (ch === ',') {
      tokens.push({ kind: 'comma', text: ch });
      i++;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < input.length && input[j] !== '"') j += input[j] === '\\' ? 2 : 1;
      if (j >= input.length) return tokens; // unterminated string: dropped
      tokens.push({ kind: 'string', text: input.slice(i, j + 1) });
      i = j + 1;
    } else if (/[-0-9.]/.test(ch)) {
      let j = i + 1;
      while (j < input.length && /[0-9.eE+-]/.test(input[j])) j++;
      const text = input.slice(i, j);
      // A number running to the end may still grow; a malformed one never completes.
      if (j >= input.length || !NUMBER.test(text)) return tokens;
      tokens.push({ kind: 'number', text });
      i = j;
    } else if (/[a-z]/i.test(ch)) {
      let j = i;
      while (j < input.length && /[a-z]/i.test(input[j])) j++;
      const word = input.slice(i, j);
      if (LITERALS.includes(word)) tokens.push({ kind: 'literal', text: word });
      else if (j >= input.length && LITERALS.some((l) => l.startsWith(word))) return tokens;
      else return null;
      i = j;
    } else {
      return null;
    }
  }
  return tokens;
}

/** Drops what cannot end a value: `:`, an object key awaiting its value, then one `,`. */
function dropTrailing(tokens: Token[]): Token[] {
  const stack: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'open') stack.push(t.text);
    else if (t.kind === 'close') stack.pop();
  }
  const inObject = stack[stack.length - 1] === '{';
  let n = tokens.length;
  while (n > 0) {
    const last = tokens[n - 1];
    if (last.kind === 'colon') {
      n--;
      continue;
    }
    if (last.kind === 'string' && inObject) {
      const before = tokens[n - 2];
      if (before && (before.kind === 'comma' || (before.kind === 'open' && before.text === '{'))) {
        n--;
        continue;
      }
    }
    if (last.kind === 'comma') n--;
    break;
  }
  return tokens.slice(0, n);
}
