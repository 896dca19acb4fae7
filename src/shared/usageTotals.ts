/** Totals of a conversation's answers, from the usage each stored turn keeps (one formula: {@link callCost}). */
import type { TokenUsage } from './chatTypes';
import { callCost } from './pricing';
import type { ApiUsage } from './pricing';

/** Summed usage (the API's field names) and the cost of the answers whose model has a price. */
export interface UsageTotals {
  readonly usage: TokenUsage;
  /** USD; absent when no answer had a known price. */
  readonly costUsd?: number;
}

/** Every token an answer was billed for: input, output, cache writes and cache reads. */
export function billedTokens(u: ApiUsage): number {
  return (u.input_tokens ?? 0) + (u.output_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
}

/** Totals of `turns` (those without usage add nothing); undefined when none has usage. */
export function usageTotals(turns: Iterable<{ readonly model?: string; readonly usage?: ApiUsage }>): UsageTotals | undefined {
  let input = 0;
  let output = 0;
  let write = 0;
  let read = 0;
  let cost: number | undefined;
  let any = false;
  for (const t of turns) {
    const u = t.usage;
    if (!u) continue;
    any = true;
    input += u.input_tokens ?? 0;
    output += u.output_tokens ?? 0;
    write += u.cache_creation_input_tokens ?? 0;
    read += u.cache_read_input_tokens ?? 0;
    const c = t.model ? callCost(t.model, u) : undefined;
    if (c) cost = (cost ?? 0) + c.usd;
  }
  if (!any) return undefined;
  const usage: TokenUsage = { input_tokens: input, output_tokens: output, cache_creation_input_tokens: write, cache_read_input_tokens: read };
  return cost === undefined ? { usage } : { usage, costUsd: cost };
}
