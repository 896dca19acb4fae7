/**
 * The token budget as the panel sees it: the composer's meter reading, and what the host found
 * when the user pressed Send over the context window or the per-message cost limit.
 */

/** `empty`: nothing to count yet; `counting`: `tokens` is the local estimate; `unavailable`: counting failed. */
export const METER_STATES = ['empty', 'counting', 'counted', 'unavailable'] as const;
/** See {@link METER_STATES}. */
export type MeterState = (typeof METER_STATES)[number];

/** What the composer's meter shows: the next send's input tokens against the window, and its input cost. */
export interface BudgetReading {
  readonly state: MeterState;
  /** Counted tokens; while counting, the local estimate; under `unavailable`, the estimate too. */
  readonly tokens: number;
  readonly contextWindow: number;
  /** Estimated input cost of the next send (USD), when the model has a price. */
  readonly costUsd?: number;
  /** The user's per-message limit (USD), when set. */
  readonly costLimitUsd?: number;
  /** Why counting failed (state `unavailable`), plain text. */
  readonly reason?: string;
}

/** One way to get under the limit; token figures are estimates. */
export type BudgetOption =
  | { readonly kind: 'oldestTurns'; readonly turnIds: readonly string[]; readonly turns: number; readonly estimatedTokens: number; readonly fits: boolean }
  | { readonly kind: 'attachment'; readonly chipId: string; readonly label: string; readonly estimatedTokens: number; readonly fits: boolean };

/** The next send is over the context window or the cost limit: by how much, and what could be left out. */
export interface BudgetOverrun {
  readonly tokens: number;
  readonly contextWindow: number;
  readonly costUsd?: number;
  readonly costLimitUsd?: number;
  readonly overWindow: boolean;
  readonly overCost: boolean;
  readonly options: readonly BudgetOption[];
}
