/** Token counts and the cost hook of a call: a leaf module, so `types.ts` and `metrics.ts` both import it without a circle. */

/** Token counts of one call, with the API's field names (null and absent count as 0). */
export interface UsageCounts {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

/** What one call cost (USD), and what its cache reads saved against the full input price. */
export interface CallCost {
  usd: number;
  cacheSavingsUsd: number;
}

/**
 * Prices a call's usage for `model`, or undefined for a model without a known price. The library
 * has no price table of its own: the caller passes its one table (the extension passes
 * `callCost` from `src/shared/pricing.ts`), so a cost is computed once, from one table.
 */
export type CostFunction = (model: string, usage: UsageCounts) => CallCost | undefined;
