/**
 * Renders the client's metrics snapshot as Markdown. The snapshot's exact shape belongs to
 * src/api, so this walks any plain object: scalars of a level become a two-column table, nested
 * objects become sub-sections, arrays of objects become tables with their keys as columns.
 */

type Json = null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };

/** `requestsTotal` -> `Requests total`, `p95_ms` -> `P95 ms`. */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Markdown table cells must not break the row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function formatScalar(key: string, value: Json): string {
  if (typeof value === 'number') {
    const rounded = Number.isInteger(value) ? value.toLocaleString('en') : value.toLocaleString('en', { maximumFractionDigits: 2 });
    // Timestamps in epoch ms read better as dates.
    if (/(At|Time|timestamp)$/i.test(key) && value > 1e12) {
      return new Date(value).toISOString();
    }
    return /ms$/i.test(key) ? `${rounded} ms` : rounded;
  }
  if (value === null) {
    return '—';
  }
  return String(value);
}

function isScalar(v: Json): boolean {
  return v === null || typeof v !== 'object';
}

function toJson(value: unknown): Json {
  // Drops functions, undefined and cycles-free class instances to plain data; Maps become objects.
  if (value instanceof Map) {
    return toJson(Object.fromEntries(value));
  }
  return JSON.parse(JSON.stringify(value ?? null)) as Json;
}

function section(title: string, value: Json, depth: number, out: string[]): void {
  const heading = '#'.repeat(Math.min(depth, 6));
  if (isScalar(value)) {
    out.push(`${heading} ${title}`, '', formatScalar(title, value), '');
    return;
  }
  if (Array.isArray(value)) {
    out.push(`${heading} ${title}`, '');
    arrayTable(value, out);
    return;
  }
  const entries = Object.entries(value as Record<string, Json>);
  const scalars = entries.filter(([, v]) => isScalar(v));
  const nested = entries.filter(([, v]) => !isScalar(v));
  out.push(`${heading} ${title}`, '');
  if (scalars.length > 0) {
    out.push('| Name | Value |', '| --- | ---: |');
    for (const [k, v] of scalars) {
      out.push(`| ${cell(humanizeKey(k))} | ${cell(formatScalar(k, v))} |`);
    }
    out.push('');
  }
  if (entries.length === 0) {
    out.push('_none yet_', '');
  }
  for (const [k, v] of nested) {
    section(humanizeKey(k), v, depth + 1, out);
  }
}

function arrayTable(items: readonly Json[], out: string[]): void {
  if (items.length === 0) {
    out.push('_none yet_', '');
    return;
  }
  if (!items.every((i) => i !== null && typeof i === 'object' && !Array.isArray(i))) {
    out.push(items.map((i) => `- ${cell(JSON.stringify(i))}`).join('\n'), '');
    return;
  }
  const rows = items as readonly Record<string, Json>[];
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  out.push(`| ${columns.map(humanizeKey).join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`);
  for (const row of rows) {
    out.push(`| ${columns.map((c) => cell(row[c] === undefined ? '' : isScalar(row[c]) ? formatScalar(c, row[c]) : JSON.stringify(row[c]))).join(' | ')} |`);
  }
  out.push('');
}

/** The whole document: a title, when it was taken, then every section of the snapshot. */
export function metricsToMarkdown(snapshot: unknown, takenAt: number): string {
  const out: string[] = [];
  section('Claude Chat — client metrics', toJson(snapshot), 1, out);
  out.splice(2, 0, `_Snapshot taken ${new Date(takenAt).toISOString()}. Run **Claude: Show Metrics** again to refresh._`, '');
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
