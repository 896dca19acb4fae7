/**
 * Whether the next message fits, and what could be left out when it does not. Nothing here cuts
 * anything: the chat asks the user, offering these options, and sends what the user chose.
 */

/** What the meter knows about the next message. */
export interface BudgetInput {
  /** Counted input tokens of the whole request (conversation, attachments, draft, system prompt). */
  readonly tokens: number;
  readonly contextWindow: number;
  /** Estimated input cost of the request (USD), when the model has a price. */
  readonly inputCostUsd?: number;
  /** The user's per-message limit (USD); 0 or absent: none. */
  readonly costLimitUsd?: number;
}

/** The verdict before sending. */
export interface BudgetVerdict {
  readonly overWindow: boolean;
  readonly overCost: boolean;
}

/** Over the context window, or over the per-message cost limit. */
export function checkBudget(input: BudgetInput): BudgetVerdict {
  const limit = input.costLimitUsd ?? 0;
  return {
    overWindow: input.tokens > input.contextWindow,
    overCost: limit > 0 && input.inputCostUsd !== undefined && input.inputCostUsd > limit,
  };
}

/** A part of the request that may be left out: an earlier turn, or an attachment of the draft. */
export interface BudgetPart {
  readonly id: string;
  readonly kind: 'user' | 'assistant' | 'attachment';
  /** Shown in the offer (an attachment's label). */
  readonly label: string;
  /** Its size in characters (its share of the counted tokens is estimated from this). */
  readonly chars: number;
}

/** One way to get under the limit. Token figures are estimates until the meter counts again. */
export type TrimOption =
  | { readonly kind: 'oldestTurns'; readonly ids: readonly string[]; readonly turns: number; readonly estimatedTokens: number; readonly fits: boolean }
  | { readonly kind: 'attachment'; readonly id: string; readonly label: string; readonly estimatedTokens: number; readonly fits: boolean };

/**
 * Options to get `tokens` under `limitTokens`: the fewest oldest exchanges (a user turn with the
 * answers after it, so the conversation still starts with the user) to leave out, and each
 * attachment on its own, largest first. `totalChars` is the size of everything counted; tokens
 * per character are taken from the count. The newest user turn (the draft) is never offered.
 */
export function trimOptions(turns: readonly BudgetPart[], attachments: readonly BudgetPart[], tokens: number, totalChars: number, limitTokens: number): TrimOption[] {
  const perChar = totalChars > 0 ? tokens / totalChars : 0;
  const options: TrimOption[] = [];
  let dropped = 0;
  const ids: string[] = [];
  let exchanges = 0;
  for (let i = 0; i < turns.length; ) {
    if (turns[i].kind !== 'user') {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < turns.length && turns[end].kind !== 'user') end++;
    for (let j = i; j < end; j++) {
      ids.push(turns[j].id);
      dropped += turns[j].chars;
    }
    exchanges++;
    i = end;
    const estimate = Math.max(0, Math.round(tokens - dropped * perChar));
    if (estimate <= limitTokens || i >= turns.length) {
      options.push({ kind: 'oldestTurns', ids: [...ids], turns: exchanges, estimatedTokens: estimate, fits: estimate <= limitTokens });
      break;
    }
  }
  for (const a of [...attachments].sort((x, y) => y.chars - x.chars)) {
    const estimate = Math.max(0, Math.round(tokens - a.chars * perChar));
    options.push({ kind: 'attachment', id: a.id, label: a.label, estimatedTokens: estimate, fits: estimate <= limitTokens });
  }
  return options;
}

/** The token limit a cost limit sets for a price per input token (USD), or undefined without one. */
export function tokenLimitForCost(costLimitUsd: number | undefined, usdPerInputToken: number | undefined): number | undefined {
  if (!costLimitUsd || costLimitUsd <= 0 || !usdPerInputToken || usdPerInputToken <= 0) return undefined;
  return Math.floor(costLimitUsd / usdPerInputToken);
}
