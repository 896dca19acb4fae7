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
  const md = metricsToMarkdown(snapshot, Date.UTC(2026, 10, 25, 12, 0, 0));

  it('has a title and the snapshot time', () => {
    assert.ok(md.startsWith('# Claude Chat — client metrics\n\n_Snapshot taken 2026-11-25T12:00:00.000Z.'), md.slice(0, 120));
  });

  it('renders top-level scalars as a table with escaped cells', () => {
    assert.ok(md.includes('| Requests | 12 |'));
    assert.ok(md.includes('| Last error | overloaded \\| retry |'));
  });

  it('renders nested objects as sub-sections and arrays of rows as tables', () => {
    assert.ok(md.includes('## Latency ms\n\n| Name | Value |\n| --- | ---: |\n| P50 | 120.46 |'), md);
    assert.ok(md.includes('## Pool\n\n| Name | Value |\n| --- | ---: |\n| Sockets created | 2 |\n| Sockets reused | 10 |'));
    assert.ok(md.includes('## By status\n\n| Status | Count |\n| --- | --- |\n| 200 | 11 |\n| 529 | 1 |'));
    assert.ok(md.includes('## Empty\n\n_none yet_'));
  });

  it('humanizes camelCase and snake_case keys', () => {
    assert.strictEqual(humanizeKey('socketsReused'), 'Sockets reused');
    assert.strictEqual(humanizeKey('p95_ms'), 'P95 ms');
  });

  it('copes with an empty or missing snapshot', () => {
    assert.ok(metricsToMarkdown(undefined, 0).startsWith('# Claude Chat — client metrics'));
    assert.ok(metricsToMarkdown({}, 0).includes('_none yet_'));
  });
});
