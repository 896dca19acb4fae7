/** Plain formatting for the history picker and exports (no vscode, unit-tested). */

/** "3 min ago", "yesterday", or a date: relative to `now` (injected for tests). */
export function relativeTime(then: number, now: number): string {
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  if (s < 2 * 86400) return 'yesterday';
  return new Date(then).toISOString().slice(0, 10);
}

/** A file name from a title: keeps letters and digits, joins the rest with dashes. */
export function exportFileName(title: string): string {
  const base = title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `${base || 'conversation'}.md`;
}
