import * as assert from 'assert';
import { humanizeKey, metricsToMarkdown } from '../../../src/commands/metricsMarkdown';

describe('metricsToMarkdown', () => {
  const snapshot = {
    requests: 12,
    errors: 1,
    retries: 3,
    latencyMs: { p50: 120.456, p95: 900, p99: 1500 },
    pool: { socketsCreated: 2, socketsReused: 10 },
    byStatus: [{ status: 200, count: 11 }, { status: 529, count: 1 }],
    lastError: 'overloaded | retry',
    empty: {},
  };
  const md = metricsToMarkdown(snapshot, Date.UTC(2026, 10, 25, 12, 0, 0), (t) => `T${t}`);

  it('has a title and the snapshot time, formatted for the reader', () => {
    assert.ok(md.startsWith(`# Claude Chat — client metrics\n\n_Snapshot of T${Date.UTC(2026, 10, 25, 12, 0, 0)} (since VS Code started).`), md.slice(0, 120));
  });

  it('renders top-level scalars as a table with escaped cells', () => {
    assert.ok(md.includes('| Calls | 12 |'));
    assert.ok(md.includes('| Last error | overloaded \\| retry |'));
  });

  it('renders nested objects as sub-sections and arrays of rows as tables', () => {
    assert.ok(md.includes('## Latency (ms)\n\n| Name | Value |\n| --- | ---: |\n| P50 | 120.46 |'), md);
    assert.ok(md.includes('## Pool\n\n| Name | Value |\n| --- | ---: |\n| Sockets created | 2 |\n| Sockets reused | 10 |'));
    assert.ok(md.includes('## By status\n\n| Status | Count |\n| --- | --- |\n| 200 | 11 |\n| 529 | 1 |'));
    assert.ok(md.includes('## Empty\n\n_none yet_'));
  });

  it('humanizes camelCase and snake_case keys, and spells out abbreviations', () => {
    assert.strictEqual(humanizeKey('socketsReused'), 'Sockets reused');
    assert.strictEqual(humanizeKey('p95_ms'), 'P95 (ms)');
    assert.strictEqual(humanizeKey('ttftMs'), 'Time to first token (ms)');
    assert.strictEqual(humanizeKey('firstTtftMs'), 'First time to first token (ms)');
  });

  it('shows figures the client reports under two names once', () => {
    const twice = metricsToMarkdown({ latencyMs: { p50: 1 }, latency: { p50: 1 }, ttftMs: { p50: 2 }, ttft: { p50: 2 } }, 0, String);
    assert.deepStrictEqual(twice.split('\n').filter((l) => l.startsWith('## ')), ['## Latency (ms)', '## Time to first token (ms)']);
    assert.ok(!/Ttft/.test(twice));
  });

  it('copes with an empty or missing snapshot', () => {
    assert.ok(metricsToMarkdown(undefined, 0).startsWith('# Claude Chat — client metrics'));
    assert.ok(metricsToMarkdown({}, 0).includes('_none yet_'));
  });
});
