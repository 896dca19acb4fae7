/** Plain formatting of per-key usage for Manage API Keys and the status-bar tooltip (no vscode, unit-tested). */
import type { KeyUsage } from '../api';
import { formatCost } from '../shared/pricing';
import { compact } from '../statusBar/rateLimitView';
import { relativeTime } from '../commands/historyFormat';

const plural = (n: number, one: string, many = `${one}s`): string => `${compact(n)} ${n === 1 ? one : many}`;

/**
 * One line: "12 requests · 3.4k in / 1.2k out tokens · $0.041 · 2 × 429 · last used 5 min ago".
 * Counts that are 0 are left out, except the requests; undefined for a key never used.
 */
export function formatKeyUsage(u: KeyUsage | undefined, now: number): string | undefined {
  if (!u || (u.requests === 0 && u.lastUsedAt === undefined)) return undefined;
  const parts = [plural(u.requests, 'request')];
  if (u.inputTokens || u.outputTokens) parts.push(`${compact(u.inputTokens)} in / ${compact(u.outputTokens)} out tokens`);
  if (u.costUsd > 0) parts.push(`${formatCost(u.costUsd)}${u.unpricedAnswers ? ' (some models unpriced)' : ''}`);
  if (u.rateLimited) parts.push(`${compact(u.rateLimited)} × 429`);
  if (u.unauthorized) parts.push(`${compact(u.unauthorized)} × 401`);
  if (u.lastUsedAt !== undefined) parts.push(`last used ${relativeTime(u.lastUsedAt, now)}`);
  return parts.join(' · ');
}

// Only what could change the meaning of a tooltip line (emphasis, code, links, HTML, table cells).
const escapeMd = (text: string): string => text.replace(/[\\`*_[\]<>|]/g, '\\$&');

/**
 * The tooltip section, Markdown: a heading and one line per used key, labels as the store names
 * them now (`labelOf`), most recently used first. Empty when no key was used.
 */
export function keyUsageTooltip(usage: readonly KeyUsage[], labelOf: (keyId: string) => string | undefined, now: number): string {
  const lines = [...usage]
    .sort((a, b) => (b.lastUsedAt ?? 0) - (a.lastUsedAt ?? 0))
    .map((u) => [labelOf(u.keyId) ?? u.label, formatKeyUsage(u, now)] as const)
    .filter((pair): pair is readonly [string, string] => pair[1] !== undefined)
    .map(([label, text]) => `- **${escapeMd(label)}**: ${text}`);
  return lines.length ? `\n\n---\n\n**Key usage** (estimated cost)\n\n${lines.join('\n')}` : '';
}
