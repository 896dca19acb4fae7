// The host's pure company-network pieces: which proxy the host's fetch uses (named in errors),
// and how per-key usage reads in Manage API Keys and the status-bar tooltip.
import * as assert from 'assert';
import { proxyForHost, readHostProxySettings } from '../../../src/network/hostProxy';
import { formatKeyUsage, keyUsageTooltip } from '../../../src/network/keyUsageFormat';
import type { KeyUsage } from '../../../src/api';

const usage = (over: Partial<KeyUsage> = {}): KeyUsage => ({
  keyId: 'k1', label: 'Work', lastUsedAt: 1_000_000, requests: 12, inputTokens: 3400, outputTokens: 1200, cacheCreationInputTokens: 0,
  cacheReadInputTokens: 0, rateLimited: 2, unauthorized: 0, costUsd: 0.041, unpricedAnswers: 0, ...over,
});

describe('network (host): proxy naming and key usage text', () => {
  it('http.proxy with http.noProxy; NO_PROXY only when http.noProxy is empty; the variables when http.proxy is empty; off is none', () => {
    const read = (values: Record<string, unknown>) => readHostProxySettings((name) => values[name]);
    assert.deepStrictEqual(proxyForHost(read({ proxy: ' http://proxy:3128 ', noProxy: ['internal.corp'] }), { NO_PROXY: 'other' }), {
      url: 'http://proxy:3128', noProxy: ['internal.corp'],
    });
    assert.deepStrictEqual(proxyForHost(read({ proxy: 'http://proxy:3128' }), { NO_PROXY: 'other,.corp' }), { url: 'http://proxy:3128', noProxy: 'other,.corp' });
    assert.strictEqual(proxyForHost(read({ proxy: '' }), {}), 'env');
    assert.strictEqual(proxyForHost(read({ proxy: 'http://proxy:3128', proxySupport: 'off' }), {}), 'none');
    assert.deepStrictEqual(read({ noProxy: ['a', 3, 'b'], proxySupport: 7 }), { proxy: '', noProxy: ['a', 'b'], proxySupport: 'override' });
  });

  it('one line per key: requests, tokens, cost, 429s and 401s, last used; nothing for an unused key', () => {
    const now = 1_000_000 + 5 * 60_000;
    assert.strictEqual(formatKeyUsage(usage(), now), '12 requests · 3.4k in / 1.2k out tokens · $0.041 · 2 × 429 · last used 5 min ago');
    assert.strictEqual(formatKeyUsage(usage({ requests: 1, inputTokens: 0, outputTokens: 0, costUsd: 0, rateLimited: 0, unauthorized: 1, lastUsedAt: now }), now), '1 request · 1 × 401 · last used just now');
    assert.match(formatKeyUsage(usage({ unpricedAnswers: 1 }), now) ?? '', /\$0\.041 \(some models unpriced\)/);
    assert.strictEqual(formatKeyUsage(usage({ requests: 0, lastUsedAt: undefined }), now), undefined);
    assert.strictEqual(formatKeyUsage(undefined, now), undefined);
  });

  it('the tooltip section: current labels, most recent first, Markdown escaped, empty without usage', () => {
    const list = [usage({ keyId: 'old', label: 'Old name', lastUsedAt: 1 }), usage({ keyId: 'k2', label: 'b*old*', lastUsedAt: 2_000_000 })];
    const tip = keyUsageTooltip(list, (id) => (id === 'old' ? 'Renamed' : undefined), 2_000_000);
    const lines = tip.split('\n').filter((l) => l.startsWith('- '));
    assert.deepStrictEqual(lines.map((l) => l.slice(0, l.indexOf(':'))), ['- **b\\*old\\***', '- **Renamed**']);
    assert.match(tip, /\*\*Key usage\*\* \(estimated cost\)/);
    assert.strictEqual(keyUsageTooltip([], () => undefined, 0), '');
  });
});
