/**
 * Renders the client's metrics snapshot as Markdown. The snapshot's exact shape belongs to
 * src/api, so this walks any plain object: scalars of a level become a two-column table, nested
 * objects become sub-sections, arrays of objects become tables with their keys as columns.
 */

type Json = null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };

/** Words for keys of the client's snapshot whose names say little on their own. */
const LABELS: Readonly<Record<string, string>> = {
  requests: 'Calls',
  attempts: 'HTTP attempts (with retries)',
  rateLimitWaits: 'Waits for a rate-limit reset',
  circuitRejections: 'Refused by an open circuit',
  deduplicated: 'Shared with an identical call',
  latencyMs: 'Latency (ms)',
  ttftMs: 'Time to first token (ms)',
  created: 'Connections opened',
  reused: 'Connections reused',
};

/** Abbreviations spelled out or kept upper-case, word by word. */
const WORDS: Readonly<Record<string, string>> = { ttft: 'time to first token', ms: '(ms)', http: 'HTTP', api: 'API', id: 'ID' };

/** `requestsTotal` -> `Requests total`, `p95_ms` -> `P95 (ms)`, `ttftMs` -> `Time to first token (ms)`. */
export function humanizeKey(key: string): string {
  const known = LABELS[key];
  if (known) return known;
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .map((w) => WORDS[w] ?? w)
    .join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Formats epoch ms for the document: local time, as the user reads a clock. */
export type TimeFormat = (epochMs: number) => string;

const localTime: TimeFormat = (t) => new Date(t).toLocaleString();

/** Markdown table cells must not break the row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function formatScalar(key: string, value: Json, time: TimeFormat): string {
  if (typeof value === 'number') {
    const rounded = Number.isInteger(value) ? value.toLocaleString('en') : value.toLocaleString('en', { maximumFractionDigits: 2 });
    // Timestamps in epoch ms read better as dates.
    if (/(At|Time|timestamp)$/i.test(key) && value > 1e12) {
      return time(value);
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

function section(title: string, value: Json, depth: number, out: string[], time: TimeFormat): void {
  const heading = '#'.repeat(Math.min(depth, 6));
  if (isScalar(value)) {
    out.push(`${heading} ${title}`, '', formatScalar(title, value, time), '');
    return;
  }
  if (Array.isArray(value)) {
    out.push(`${heading} ${title}`, '');
    arrayTable(value, out, time);
    return;
  }
  const record = value as Record<string, Json>;
  // The client reports some figures under two names (`latencyMs` and `latency`): show them once.
  const entries = Object.entries(record).filter(([k, v]) => !(`${k}Ms` in record && JSON.stringify(record[`${k}Ms`]) === JSON.stringify(v)));
  const scalars = entries.filter(([, v]) => isScalar(v));
  const nested = entries.filter(([, v]) => !isScalar(v));
  out.push(`${heading} ${title}`, '');
  if (scalars.length > 0) {
    out.push('| Name | Value |', '| --- | ---: |');
    for (const [k, v] of scalars) {
      out.push(`| ${cell(humanizeKey(k))} | ${cell(formatScalar(k, v, time))} |`);
    }
    out.push('');
  }
  if (entries.length === 0) {
    out.push('_none yet_', '');
  }
  for (const [k, v] of nested) {
    section(humanizeKey(k), v, depth + 1, out, time);
  }
}

function arrayTable(items: readonly Json[], out: string[], time: TimeFormat): void {
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
    out.push(`| ${columns.map((c) => cell(row[c] === undefined ? '' : isScalar(row[c]) ? formatScalar(c, row[c], time) : JSON.stringify(row[c]))).join(' | ')} |`);
  }
  out.push('');
}

/** The whole document: a title, when it was taken, then every section of the snapshot. */
export function metricsToMarkdown(snapshot: unknown, takenAt: number, time: TimeFormat = localTime): string {
  const out: string[] = [];
  section('Claude Chat — client metrics', toJson(snapshot), 1, out, time);
  out.splice(2, 0, `_Snapshot of ${time(takenAt)} (since VS Code started). Run **Claude: Show Metrics** again to refresh this page._`, '');
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
