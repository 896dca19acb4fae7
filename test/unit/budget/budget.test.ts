/** Context windows, the verdict before sending, the options offered, and the meter's wording. */
import * as assert from 'node:assert/strict';
import { contextWindowFor } from '../../../src/budget/contextWindow';
import { checkBudget, tokenLimitForCost, trimOptions } from '../../../src/budget/budget';
import type { BudgetPart } from '../../../src/budget/budget';
import { compactTokens, meterText } from '../../../src/shared/budgetFormat';

describe('budget: context window, verdict and options', () => {
  it('the setting wins, then the API model data, then the table, then 200k', () => {
    const models = [{ id: 'claude-sonnet-5-5', max_input_tokens: 1_000_000 }, { id: 'claude-haiku-5-5', max_input_tokens: null }];
    assert.deepEqual(contextWindowFor('claude-sonnet-5-5', { override: 50_000, models }), { tokens: 50_000, source: 'setting' });
    assert.deepEqual(contextWindowFor('claude-sonnet-5-5', { models }), { tokens: 1_000_000, source: 'api' });
    assert.deepEqual(contextWindowFor('claude-haiku-5-5', { models }), { tokens: 200_000, source: 'table' });
    assert.deepEqual(contextWindowFor('my-gateway-alias', { override: 0 }), { tokens: 200_000, source: 'default' });
  });

  it('over the window or over the cost limit; no limit set means no cost verdict', () => {
    assert.deepEqual(checkBudget({ tokens: 200_001, contextWindow: 200_000 }), { overWindow: true, overCost: false });
    assert.deepEqual(checkBudget({ tokens: 1000, contextWindow: 200_000, inputCostUsd: 0.5, costLimitUsd: 0.25 }), { overWindow: false, overCost: true });
    assert.deepEqual(checkBudget({ tokens: 1000, contextWindow: 200_000, inputCostUsd: 0.5, costLimitUsd: 0 }), { overWindow: false, overCost: false });
    assert.equal(tokenLimitForCost(0.3, 3 / 1e6), 100_000);
    assert.equal(tokenLimitForCost(undefined, 3 / 1e6), undefined);
  });

  it('offers the fewest oldest exchanges and each attachment, never the draft, with estimates', () => {
    const turns: BudgetPart[] = [
      { id: 'u1', kind: 'user', label: '', chars: 40_000 },
      { id: 'a1', kind: 'assistant', label: '', chars: 40_000 },
      { id: 'u2', kind: 'user', label: '', chars: 20_000 },
      { id: 'a2', kind: 'assistant', label: '', chars: 20_000 },
      { id: 'u3', kind: 'user', label: '', chars: 10_000 },
      { id: 'a3', kind: 'assistant', label: '', chars: 10_000 },
    ];
    const attachments: BudgetPart[] = [
      { id: 'c1', kind: 'attachment', label: 'small.ts', chars: 4_000 },
      { id: 'c2', kind: 'attachment', label: 'huge.log', chars: 600_000 },
    ];
    // 750,000 characters counted as 250,000 tokens: 1 token per 3 characters.
    const options = trimOptions(turns, attachments, 250_000, 750_000, 200_000);
    assert.deepEqual(options[0], { kind: 'oldestTurns', ids: ['u1', 'a1', 'u2', 'a2', 'u3', 'a3'], turns: 3, estimatedTokens: 203_333, fits: false });
    assert.deepEqual(options.slice(1).map((o) => [o.kind === 'attachment' && o.label, o.estimatedTokens, o.fits]), [['huge.log', 50_000, true], ['small.ts', 248_667, false]]);
    const two = trimOptions(turns, [], 250_000, 750_000, 225_000);
    assert.deepEqual(two[0].kind === 'oldestTurns' && [two[0].turns, two[0].fits], [1, true]);
  });

  it('meter wording: 12.3k / 200k tokens · ≈ $0.040', () => {
    assert.deepEqual([950, 12_345, 200_000, 1_000_000, 1_250_000].map(compactTokens), ['950', '12.3k', '200k', '1M', '1.25M']);
    assert.equal(meterText(12_345, 200_000, 0.04), '12.3k / 200k tokens · ≈ $0.040');
    assert.equal(meterText(12_345, 200_000), '12.3k / 200k tokens');
  });
});
