/** Parsers of the token budget's messages (both directions); used by parseToHost and parseToWebview. */
import { METER_STATES } from './budgetTypes';
import type { BudgetOption, BudgetOverrun, BudgetReading } from './budgetTypes';
import { LIMITS, ValidationError, arr, asObject, bool, id, idItem, noExtraKeys, num, oneOf, optNum, optStr, str } from './validate';
import type { Obj } from './validate';

const TOKENS = { min: 0, integer: true } as const;
const USD = { min: 0 } as const;

/** The draft fields of `composer/draft` and `budget/check` (the text may be empty: nothing typed yet). */
export function draftFields(o: Obj): { text: string; chipIds: string[]; editing: boolean } {
  return { text: str(o, 'text', { max: LIMITS.prompt }), chipIds: arr(o, 'chipIds', 50, idItem), editing: bool(o, 'editing') };
}

/** The optional `omitTurnIds` of a send: earlier turns the user chose to leave out. */
export function omitTurnIds(o: Obj): { omitTurnIds?: string[] } {
  return o.omitTurnIds === undefined ? {} : { omitTurnIds: arr(o, 'omitTurnIds', LIMITS.turns, idItem) };
}

/** A `budget/reading` payload. */
export function budgetReading(v: unknown, path: string): BudgetReading {
  const o = asObject(v, path);
  noExtraKeys(o, ['state', 'tokens', 'contextWindow', 'costUsd', 'costLimitUsd', 'reason'], path);
  const costUsd = optNum(o, 'costUsd', USD, path);
  const costLimitUsd = optNum(o, 'costLimitUsd', USD, path);
  const reason = optStr(o, 'reason', { max: LIMITS.message }, path);
  return {
    state: oneOf(o, 'state', METER_STATES, path),
    tokens: num(o, 'tokens', TOKENS, path),
    contextWindow: num(o, 'contextWindow', { ...TOKENS, min: 1 }, path),
    ...(costUsd !== undefined ? { costUsd } : {}),
    ...(costLimitUsd !== undefined ? { costLimitUsd } : {}),
    ...(reason !== undefined ? { reason } : {}),
  };
}

function option(v: unknown, path: string): BudgetOption {
  const o = asObject(v, path);
  const kind = o.kind;
  if (kind === 'oldestTurns') {
    noExtraKeys(o, ['kind', 'turnIds', 'turns', 'estimatedTokens', 'fits'], path);
    return { kind, turnIds: arr(o, 'turnIds', LIMITS.turns, idItem, path), turns: num(o, 'turns', { ...TOKENS, min: 1 }, path), estimatedTokens: num(o, 'estimatedTokens', TOKENS, path), fits: bool(o, 'fits', path) };
  }
  if (kind === 'attachment') {
    noExtraKeys(o, ['kind', 'chipId', 'label', 'estimatedTokens', 'fits'], path);
    return { kind, chipId: id(o, 'chipId', path), label: str(o, 'label', { max: LIMITS.label }, path), estimatedTokens: num(o, 'estimatedTokens', TOKENS, path), fits: bool(o, 'fits', path) };
  }
  throw new ValidationError(`${path}.kind must be oldestTurns or attachment`);
}

/** The `overrun` of a `budget/check` reply. */
export function budgetOverrun(v: unknown, path: string): BudgetOverrun {
  const o = asObject(v, path);
  noExtraKeys(o, ['tokens', 'contextWindow', 'costUsd', 'costLimitUsd', 'overWindow', 'overCost', 'options'], path);
  const costUsd = optNum(o, 'costUsd', USD, path);
  const costLimitUsd = optNum(o, 'costLimitUsd', USD, path);
  return {
    tokens: num(o, 'tokens', TOKENS, path),
    contextWindow: num(o, 'contextWindow', { ...TOKENS, min: 1 }, path),
    ...(costUsd !== undefined ? { costUsd } : {}),
    ...(costLimitUsd !== undefined ? { costLimitUsd } : {}),
    overWindow: bool(o, 'overWindow', path),
    overCost: bool(o, 'overCost', path),
    options: arr(o, 'options', 60, option, path),
  };
}
