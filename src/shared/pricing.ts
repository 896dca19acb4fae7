import type { TokenUsage } from './chatTypes';

/** US dollars per million tokens. */
export interface ModelPrice {
  readonly input: number;
  readonly output: number;
  /** Writing the prompt cache (5-minute TTL). */
  readonly cacheWrite: number;
  readonly cacheRead: number;
}

function price(input: number, output: number): ModelPrice {
  // Anthropic's published multipliers: cache writes 1.25x input, cache reads 0.1x input.
  return { input, output, cacheWrite: input * 1.25, cacheRead: input * 0.1 };
}

/**
 * The one price table of the extension (list prices, USD per MTok). Entries match a model id
 * by prefix, longest first, so dated snapshots ("claude-opus-4-1-20250805") find their family.
 * Update here only; the panel shows costs as estimates.
 */
export const PRICES: ReadonlyArray<readonly [prefix: string, price: ModelPrice]> = [
  ['claude-opus-4-5', price(5, 25)],
  ['claude-opus-4-1', price(15, 75)],
  ['claude-opus-4', price(15, 75)],
  ['claude-sonnet-4', price(3, 15)],
  ['claude-3-7-sonnet', price(3, 15)],
  ['claude-haiku-4', price(1, 5)],
  ['claude-3-5-haiku', price(0.8, 4)],
  ['claude-3-haiku', price(0.25, 1.25)],
  // Families without a dated entry above: the latest known price of that family.
  ['claude-opus', price(5, 25)],
  ['claude-sonnet', price(3, 15)],
  ['claude-haiku', price(1, 5)],
];

/** Price of a model, or undefined when it is not in the table. */
export function priceOf(model: string): ModelPrice | undefined {
  let best: readonly [string, ModelPrice] | undefined;
  for (const entry of PRICES) {
    if (model.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  return best?.[1];
}

/** Token counts with the API's field names (null and absent count as 0). */
export interface ApiUsage {
  readonly input_tokens?: number | null;
  readonly output_tokens?: number | null;
  readonly cache_creation_input_tokens?: number | null;
  readonly cache_read_input_tokens?: number | null;
}

/** What a call cost, and what its cache reads saved against paying the full input price (USD). */
export interface UsageCost {
  readonly usd: number;
  readonly cacheSavingsUsd: number;
}

/**
 * The one cost formula: every token kind at its price, and the saving of each cache read (input
 * price minus cache-read price). Undefined when the model has no known price. The API client
 * gets this function as its `costOf` option (per-key cost and metrics), so the dashboard and the
 * panel agree.
 */
export function callCost(model: string, usage: ApiUsage): UsageCost | undefined {
  const p = priceOf(model);
  if (!p) return undefined;
  const perToken = 1 / 1_000_000;
  const read = usage.cache_read_input_tokens ?? 0;
  return {
    usd:
      ((usage.input_tokens ?? 0) * p.input +
        (usage.output_tokens ?? 0) * p.output +
        (usage.cache_creation_input_tokens ?? 0) * p.cacheWrite +
        read * p.cacheRead) *
      perToken,
    cacheSavingsUsd: read * (p.input - p.cacheRead) * perToken,
  };
}

/** Cost in USD of one answer's usage, or undefined when the model has no known price (the one formula, {@link callCost}). */
export function costOf(model: string, usage: TokenUsage): number | undefined {
  return callCost(model, usage)?.usd;
}

/** "$0.0123" style, with enough digits for small answers. */
export function formatCost(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(usd < 1 ? 3 : 2)}`;
}

/** The Message Batches API bills every token at half the list price. */
export const BATCH_PRICE_FACTOR = 0.5;

/** Cost in USD of one batch answer's usage (half of {@link costOf}), or undefined when the model has no known price. */
export function batchCostOf(model: string, usage: TokenUsage): number | undefined {
  const list = costOf(model, usage);
  return list === undefined ? undefined : list * BATCH_PRICE_FACTOR;
}
