/** The one cost formula: what the panel shows per answer and what the client's metrics record. */
import * as assert from 'node:assert/strict';
import { callCost, costOf, priceOf } from '../../../src/shared/pricing';

describe('shared: call cost', () => {
  it('prices every token kind from the one table and reports what cache reads saved', () => {
    const p = priceOf('claude-sonnet-4-5');
    assert.ok(p);
    const usage = { input_tokens: 1_000, output_tokens: 2_000, cache_creation_input_tokens: 10_000, cache_read_input_tokens: 100_000 };
    const cost = callCost('claude-sonnet-4-5', usage);
    assert.ok(cost);
    // 1k × $3 + 2k × $15 + 10k × $3.75 + 100k × $0.30, per million.
    assert.ok(Math.abs(cost.usd - (3_000 + 30_000 + 37_500 + 30_000) / 1e6) < 1e-12);
    // Each cache read paid $0.30 instead of $3 per million.
    assert.ok(Math.abs(cost.cacheSavingsUsd - 100_000 * 2.7 / 1e6) < 1e-12);
    assert.equal(costOf('claude-sonnet-4-5', { input_tokens: 1_000, output_tokens: 2_000, cache_creation_input_tokens: 10_000, cache_read_input_tokens: 100_000 }), cost.usd);
  });

  it('absent and null counts are 0; a model without a price has no cost', () => {
    assert.deepEqual(callCost('claude-haiku-4-5', { output_tokens: null }), { usd: 0, cacheSavingsUsd: 0 });
    assert.equal(callCost('gateway-alias', { input_tokens: 10 }), undefined);
  });
});
