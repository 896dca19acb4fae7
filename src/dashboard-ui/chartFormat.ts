/** Number formats of the dashboard (figures, tables, axis labels). */
import { compactTokens } from '../shared/budgetFormat';

/** `1.2 s`, `340 ms`, `0.8 ms`. */
export function ms(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  if (v >= 10_000) return `${(v / 1000).toFixed(0)} s`;
  if (v >= 1000) return `${(v / 1000).toFixed(1)} s`;
  return v >= 10 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`;
}

/** `97.5 %`, or `—` without a value. */
export function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${(v * 100).toFixed(v === 1 || v === 0 ? 0 : 1)} %`;
}

/** Dollars as everywhere else in the extension. */
export { formatCost as usd } from '../shared/pricing';

/** Token counts as `12.3k`. */
export function tokens(n: number): string {
  return compactTokens(n);
}

/** `1.25/s`. */
export function rate(v: number | null): string {
  return v === null ? '—' : `${v < 10 ? v.toFixed(2) : v.toFixed(0)}/s`;
}

// One formatter for the page's life: `toLocaleDateString` builds a new one per call, which cost
// seconds per frame when a week's table was formatted (about 0.4 ms a call in the bench).
let dayFormat: Intl.DateTimeFormat | undefined;

/** Local `14:05` (or `Nov 30 14:05` across days) for a time. */
export function clockTime(t: number, withDay: boolean): string {
  const d = new Date(t);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  if (!withDay) return hm;
  dayFormat ??= new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
  return `${dayFormat.format(d)} ${hm}`;
}
