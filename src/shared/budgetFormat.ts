/** Wording of the composer's token meter, shared so the host's messages and the panel agree. */
import { formatCost } from './pricing';

/** 950 -> "950", 12_345 -> "12.3k", 200_000 -> "200k", 1_000_000 -> "1M", 1_250_000 -> "1.25M". */
export function compactTokens(n: number): string {
  const trim = (s: string): string => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);
  if (n < 1000) return String(Math.round(n));
  if (n < 1_000_000) return `${trim((n / 1000).toFixed(n < 100_000 ? 1 : 0))}k`;
  return `${trim((n / 1_000_000).toFixed(2))}M`;
}

/** `12.3k / 200k tokens · ≈ $0.04` (the cost part only when the model has a price). */
export function meterText(tokens: number, contextWindow: number, costUsd?: number): string {
  const base = `${compactTokens(tokens)} / ${compactTokens(contextWindow)} tokens`;
  return costUsd === undefined ? base : `${base} · ≈ ${formatCost(costUsd)}`;
}
