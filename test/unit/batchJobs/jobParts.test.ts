/** The vscode-free parts of batch jobs: templates, the stored record's checks, the report, the estimate. */
import * as assert from 'node:assert/strict';
import type { BatchJob } from '../../../src/batchJobs/jobModel';
import { failedItems, outcomeCounts, parseJob, waitingItems } from '../../../src/batchJobs/jobModel';
import { jobReport } from '../../../src/batchJobs/report';
import { DEFAULT_TEMPLATE, rememberTemplate, renderTemplate, templateProblem } from '../../../src/batchJobs/template';
import { TokenEstimator } from '../../../src/batchJobs/estimate';
import { useEmulator } from '../api/harness';

function job(extra: Partial<BatchJob> = {}): BatchJob {
  return {
    version: 1,
    id: 'mi1abc-0a1b2c',
    createdAt: Date.UTC(2026, 0, 2, 3, 4, 5),
    status: 'ended',
    model: 'claude-sonnet-5-5',
    maxTokens: 512,
    template: 'Review {{path}} ({{language}})\n\n{{content}}',
    batchId: 'msgbatch_01',
    items: [
      { customId: 'f00000', path: 'src/a.ts', uri: 'file:///w/src/a.ts', language: 'typescript', result: { outcome: 'succeeded', text: '# Review\nLooks fine.\n```ts\n# not a heading\nconst x = 1;', usage: { input_tokens: 1000, output_tokens: 200, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } } },
      { customId: 'f00001', path: 'src/b|c.ts', uri: 'file:///w/src/b%7Cc.ts', language: 'typescript', result: { outcome: 'errored', errorType: 'overloaded_error', errorMessage: 'Overloaded | try later' } },
      { customId: 'f00002', path: 'src/d.ts', uri: 'file:///w/src/d.ts', language: 'typescript', result: { outcome: 'expired', errorType: 'batch_expired', errorMessage: 'Expired in batch msgbatch_01' } },
      { customId: 'f00003', path: 'src/e.ts', uri: 'file:///w/src/e.ts', language: 'typescript' },
    ],
    skipped: [{ path: 'logo.png', reason: 'binary file' }],
    endedAt: Date.UTC(2026, 0, 2, 4, 4, 5),
    ...extra,
  };
}

describe('batch jobs: templates, records, report, estimate', () => {
  it('fills placeholders in one pass and refuses a template without {{content}}', () => {
    assert.equal(renderTemplate('{{path}}|{{language}}|{{content}}', { path: 'a.ts', language: 'typescript', content: 'say {{path}}' }), 'a.ts|typescript|say {{path}}');
    assert.match(templateProblem('Review {{path}}') ?? '', /no \{\{content\}\} placeholder/);
    assert.match(templateProblem('  ') ?? '', /empty/);
    assert.equal(templateProblem(DEFAULT_TEMPLATE), undefined);
    assert.deepEqual(rememberTemplate(['b', 'a', 'c'], 'a', 2), ['a', 'b']);
  });

  it('reads back a stored job, and names the bad field of a damaged one', () => {
    const j = job();
    assert.deepEqual(parseJob(JSON.parse(JSON.stringify(j))), j);
    assert.equal(parseJob({ ...j, status: 'lost' }), 'bad field "status"');
    assert.equal(parseJob({ ...j, id: '../../etc' }), 'bad field "id"');
    assert.equal(parseJob({ ...j, items: [{ ...j.items[0], result: { outcome: 'succeeded', usage: { input_tokens: -1 } } }] }), 'bad field "items"');
    assert.equal(parseJob({ ...j, version: 2 }), 'unknown version 2');
    assert.deepEqual(waitingItems(j).map((i) => i.customId), ['f00003']);
    assert.deepEqual(failedItems(j).map((i) => i.customId), ['f00001', 'f00002']);
    assert.deepEqual(failedItems({ ...j, status: 'failed' }).map((i) => i.customId), ['f00001', 'f00002', 'f00003'], 'a failed job offers its files without a result too');
    assert.deepEqual(outcomeCounts(j), { succeeded: 1, errored: 1, canceled: 0, expired: 1, failed: 0, waiting: 1 });
  });

  it('reports answers with usage and batch-price cost, a table of what failed, and what was skipped', () => {
    const md = jobReport(job({ estimate: { inputTokens: 1100, costUsd: 0.0033 } }));
    assert.match(md, /^# Batch job: Review \{\{path\}\}/);
    assert.match(md, /\*\*Created:\*\* 2026-01-02 03:04:05 UTC · \*\*ended:\*\* 2026-01-02 04:04:05 UTC/);
    assert.match(md, /### `src\/a\.ts` \(typescript\)\n\n#### Review\nLooks fine\.\n```ts\n# not a heading\nconst x = 1;\n```\n/, 'headings demoted below the file heading; an answer that left a fence open is closed');
    // 1000 input x $3/MTok + 200 output x $15/MTok = $0.006, half at the batch price.
    assert.match(md, /1000 input \/ 200 output tokens · \$0\.0030 at the batch price/);
    assert.match(md, /\| `src\/b\\\|c\.ts` \| errored \| overloaded_error: Overloaded \\\| try later \|/);
    assert.match(md, /\| `src\/d\.ts` \| expired \| batch_expired: Expired in batch msgbatch_01 \|/);
    assert.match(md, /## Skipped before sending\n\n\| File \| Reason \|\n\| --- \| --- \|\n\| `logo\.png` \| binary file \|/);
    assert.match(md, /1 answered, 1 errored, 1 expired, 0 canceled, 0 failed, 1 waiting; 1 skipped/);
    assert.match(md, /Estimated before sending:\*\* 1100 input tokens \(\$0\.0033\)/);
  });

  describe('estimate', () => {
    const { emu, client } = useEmulator();

    it('counts each distinct prompt once, and prices input at half the list price', async () => {
      const c = client();
      const estimator = new TokenEstimator(() => c);
      const prompts = ['same text', 'other text', 'same text', 'same text'];
      const first = await estimator.estimate('claude-sonnet-5-5', prompts);
      const counts = () => emu().requests.filter((r) => r.path === '/v1/messages/count_tokens').length;
      assert.equal(first.distinct, 2);
      assert.equal(counts(), 2);
      const same = await estimator.estimate('claude-sonnet-5-5', ['same text']);
      const other = await estimator.estimate('claude-sonnet-5-5', ['other text']);
      assert.equal(first.inputTokens, 3 * same.inputTokens + other.inputTokens, 'repeated prompts still count in the total');
      assert.equal(counts(), 4, 'each later estimate counts its first prompt afresh (the key check), nothing else');
      await estimator.estimate('claude-sonnet-5-5', ['other text', 'same text']);
      assert.equal(counts(), 5);
      assert.ok(first.inputTokens > 0);
      assert.equal(first.costUsd, (first.inputTokens * 3) / 1_000_000 / 2);
    });

    it('fails when the API refuses the key, even for prompts counted before, so nothing is sent', async () => {
      const c = client({ maxRetries: 0 });
      const estimator = new TokenEstimator(() => c);
      await estimator.estimate('claude-sonnet-5-5', ['hello']);
      emu().script({ path: '/v1/messages/count_tokens', status: 401 });
      await assert.rejects(estimator.estimate('claude-sonnet-5-5', ['hello']), (err: Error) => err.name === 'AuthenticationError');
      assert.equal(emu().requests.filter((r) => r.path === '/v1/messages/batches').length, 0);
    });
  });
});
