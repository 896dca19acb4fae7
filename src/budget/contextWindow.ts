/**
 * The context window of a model, in input tokens: the setting when the user set one, else what the
 * API's model data says (`max_input_tokens` of `GET /v1/models`), else this table, else 200,000.
 * The table is the one documented in the README ("Token budget"); entries match a model id by
 * prefix, longest first, like the price table.
 */

/** Known context windows (input tokens) of model families without API data. */
export const CONTEXT_WINDOWS: ReadonlyArray<readonly [prefix: string, tokens: number]> = [
  ['claude-opus-4', 200_000],
  ['claude-sonnet-4', 200_000],
  ['claude-haiku-4', 200_000],
  ['claude-3-7-sonnet', 200_000],
  ['claude-3-5', 200_000],
  ['claude-3', 200_000],
  ['claude-', 200_000],
];

/** Used when nothing else knows the model (a gateway alias). */
export const DEFAULT_CONTEXT_WINDOW = 200_000;

/** Where a context window came from, for the meter's tooltip. */
export type ContextWindowSource = 'setting' | 'api' | 'table' | 'default';

/** A model as `/v1/models` describes it (only what is read here). */
export interface ModelLimits {
  readonly id: string;
  readonly max_input_tokens?: number | null;
}

/** The context window of `model` and where it came from. */
export function contextWindowFor(
  model: string,
  options: { readonly override?: number; readonly models?: readonly ModelLimits[] } = {},
): { readonly tokens: number; readonly source: ContextWindowSource } {
  const override = options.override;
  if (typeof override === 'number' && Number.isFinite(override) && override > 0) return { tokens: Math.floor(override), source: 'setting' };
  const fromApi = options.models?.find((m) => m.id === model)?.max_input_tokens;
  if (typeof fromApi === 'number' && fromApi > 0) return { tokens: fromApi, source: 'api' };
  let best: readonly [string, number] | undefined;
  for (const entry of CONTEXT_WINDOWS) {
    if (model.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  return best ? { tokens: best[1], source: 'table' } : { tokens: DEFAULT_CONTEXT_WINDOW, source: 'default' };
}
