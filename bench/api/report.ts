/** Prints the benchmark table and writes the JSON results. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One measured figure compared with its baseline. */
export interface BenchRow {
  name: string;
  ours: number | null;
  baseline: number | null;
  unit: string;
  /** ours / baseline (null when either is missing). */
  ratio: number | null;
  /** e.g. "<= 1.15" or ">= 0.7". */
  target: string;
  pass: boolean | null;
  note?: string;
}

/**
 * Builds a row and checks the target. The ratio is ours / baseline unless given: paired
 * per-round ratios (median) resist load that drifts during a run better than medians do.
 */
export function row(name: string, ours: number | null, baseline: number | null, unit: string, target: string, note?: string, pairedRatio?: number | null): BenchRow {
  const ratio = pairedRatio !== undefined ? pairedRatio : ours !== null && baseline !== null && baseline !== 0 ? ours / baseline : null;
  const m = /^(<=|>=)\s*([\d.]+)$/.exec(target);
  let pass: boolean | null = null;
  if (m && ratio !== null) pass = m[1] === '<=' ? ratio <= Number(m[2]) : ratio >= Number(m[2]);
  return { name, ours, baseline, unit, ratio, target, pass, note };
}

const fmt = (n: number | null, digits = 1): string => (n === null ? 'n/a' : n < 10 && digits < 3 ? n.toFixed(3) : n.toFixed(digits));

/** A plain-text table. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['benchmark', 'ours', 'baseline', 'unit', 'ratio', 'target', 'result'];
  const lines = rows.map((r) => [r.name, fmt(r.ours), fmt(r.baseline), r.unit, fmt(r.ratio, 3), r.target, r.pass === null ? 'n/a' : r.pass ? 'PASS' : 'MISS']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const render = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  const notes = rows.filter((r) => r.note).map((r) => `  - ${r.name}: ${r.note}`);
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(render), ...(notes.length ? ['', 'notes:', ...notes] : [])].join('\n');
}

/** Writes `{ date, node, rows, extra }` as JSON. */
export function writeResults(file: string, rows: readonly BenchRow[], extra: Record<string, unknown>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows, ...extra }, null, 2)}\n`);
}
