/**
 * Best-effort parse of truncated JSON (a tool_use input whose stream was cut): closes open strings,
 * arrays and objects, and drops a dangling key, comma or incomplete literal.
 */

/** Parses complete JSON, else the longest sensible prefix; `{}` for nothing usable. */
export function parsePartialJson(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed) return {};
  try {
    return JSON.parse(trimmed);
  } catch {
    // fall through to repair
  }
  for (let end = trimmed.length; end > 0; end--) {
    const candidate = close(trimmed.slice(0, end));
    if (candidate === undefined) continue;
    try {
      return JSON.parse(candidate);
    } catch {
      // shorter prefix next
    }
  }
  return {};
}

/** Appends the closers the prefix needs, or undefined when the prefix ends mid-token. */
function close(prefix: string): string | undefined {
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  for (const ch of prefix) {
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') stack.push(ch === '{' ? '}' : ']');
    else if (ch === '}' || ch === ']') stack.pop();
  }
  if (escaped) return undefined;
  let body = prefix;
  if (inString) body += '"';
  const tail = body.trimEnd();
  const last = tail[tail.length - 1];
  // A dangling comma or colon cannot be closed; a shorter prefix will be tried.
  if (last === ',' || last === ':') return undefined;
  return body + stack.reverse().join('');
}
