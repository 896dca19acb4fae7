import type { TokenUsage } from '../shared/chatTypes';
import { compactTokens } from '../shared/budgetFormat';
import { formatCost } from '../shared/pricing';

/** Human wording for the client's retry reasons (API error types and local causes). */
const REASONS: Readonly<Record<string, string>> = {
  overloaded_error: 'Overloaded',
  overloaded: 'Overloaded',
  rate_limit_error: 'Rate limited',
  rate_limit: 'Rate limited',
  rate_limit_reset: 'Rate limit reached',
  api_error: 'Server error',
  connection: 'Connection failed',
  connection_error: 'Connection failed',
  timeout: 'Timed out',
  timeout_error: 'Timed out',
  request_timeout: 'Timed out',
  conflict: 'Conflict',
};

/** "Overloaded" from "overloaded_error"; unknown reasons are shown tidied, never as markup. */
export function retryReason(reason: string): string {
  const known = REASONS[reason.toLowerCase()];
  if (known) return known;
  const t = reason.replace(/_/g, ' ').trim();
  return t ? t[0].toUpperCase() + t.slice(1) : 'Temporary error';
}

/**
 * "Overloaded — retrying in 8 s, attempt 2 of 5". The client numbers retries from 1, so the
 * attempt about to run is retry + 1 of maxRetries + 1 in total.
 */
export function retryText(reason: string, secondsLeft: number, attempt: number, maxRetries: number): string {
  const when = secondsLeft > 0 ? `retrying in ${secondsLeft} s` : 'retrying now';
  return `${retryReason(reason)} — ${when}, attempt ${attempt + 1} of ${maxRetries + 1}`;
}

/** 12345 -> "12,345" (fixed locale so tests and screenshots are stable). */
export function tokens(n: number): string {
  return n.toLocaleString('en-US');
}

/** The totals of a history row: "12.3k tokens · $0.042" (nothing for a file without totals). */
export function totalsText(tokensTotal: number | undefined, cost: number | undefined): string {
  if (tokensTotal === undefined) return '';
  return cost === undefined ? `${compactTokens(tokensTotal)} tokens` : `${compactTokens(tokensTotal)} tokens · ${formatCost(cost)}`;
}

/**
 * The per-answer usage line. Output tokens are final only once the answer ended normally: while
 * it streams, and for a stopped or broken answer, the API has not reported them (message_start's
 * placeholder "1" is not a count), so neither they nor a cost are shown.
 */
export function usageText(u: TokenUsage, cost: number | undefined, outputFinal = true, streaming = false, cacheSavings?: number): string {
  const parts = [`${tokens(u.input_tokens)} in`];
  if (outputFinal) parts.push(`${tokens(u.output_tokens)} out`);
  else if (!streaming) parts.push('output not reported');
  if (u.cache_read_input_tokens) parts.push(`${tokens(u.cache_read_input_tokens)} cache read`);
  if (u.cache_creation_input_tokens) parts.push(`${tokens(u.cache_creation_input_tokens)} cache write`);
  if (cost !== undefined && outputFinal) parts.push(`≈ ${formatCost(cost)}`);
  if (cacheSavings !== undefined && cacheSavings > 0 && outputFinal) parts.push(`cache saved ${formatCost(cacheSavings)}`);
  return parts.join(' · ');
}
