/** The job runner in plain Node against the emulator: a create the API refuses, and a window closing mid-batch. */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BatchJob } from '../../../src/batchJobs/jobModel';
import { failedItems } from '../../../src/batchJobs/jobModel';
import { JobRunner } from '../../../src/batchJobs/jobRunner';
import { JobStore } from '../../../src/batchJobs/jobStore';
import { useEmulator } from '../api/harness';

function newJob(id: string, files: number): BatchJob {
  return {
    version: 1, id, createdAt: 1, status: 'submitting', model: 'claude-sonnet-5-5', maxTokens: 64, template: 'echo {{content}}', skipped: [],
    items: Array.from({ length: files }, (_, i) => ({ customId: `f${i}`, path: `f${i}.ts`, uri: `file:///f${i}.ts`, language: 'typescript' })),
  };
}

describe('batch jobs: runner', () => {
  const { emu, client } = useEmulator({ batches: { pollsToEnd: 3 } });
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cc-runner-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const runnerOn = (store: JobStore, c: ReturnType<typeof client>): JobRunner =>
    new JobRunner({ store, client: () => c, now: () => 42, redact: (t) => t.replace(/test-key-\d/g, '[redacted]'), readText: async (uri) => `text of ${uri}` });

  it('a create the API refuses fails the job with the reason, offers every file for a retry, and writes a report', async () => {
    emu().script({ path: '/v1/messages/batches', method: 'POST', status: 400, message: 'requests: too many' });
    const store = new JobStore(dir);
    const runner = runnerOn(store, client({ maxRetries: 0 }));
    const job = await runner.start(newJob('refused', 3));
    await runner.whenDone(job.id);
    assert.equal(job.batchId, undefined);
    assert.equal(job.status, 'failed');
    assert.match(job.error ?? '', /too many/);
    assert.equal(failedItems(job).length, 3);
    const onDisk = JSON.parse(await fs.readFile(path.join(dir, 'refused.json'), 'utf8')) as BatchJob;
    assert.equal(onDisk.status, 'failed');
    assert.match(await fs.readFile(store.reportPath('refused'), 'utf8'), /\| `f0\.ts` \| failed \| invalid_request_error: /);
    runner.dispose();
  });

  it('a window closing mid-batch leaves the job running on disk with no result, to be resumed', async () => {
    const store = new JobStore(dir);
    const c = client({ batcher: { pollIntervalMs: 5, maxPollIntervalMs: 60_000, pollBackoff: 1000 } });
    const runner = runnerOn(store, c);
    const job = await runner.start(newJob('closing', 4));
    assert.ok(job.batchId);
    runner.dispose();
    c.dispose();
    await runner.whenDone(job.id);
    await store.flush();
    const onDisk = JSON.parse(await fs.readFile(path.join(dir, 'closing.json'), 'utf8')) as BatchJob;
    assert.equal(onDisk.status, 'running');
    assert.equal(onDisk.batchId, job.batchId);
    assert.ok(onDisk.items.every((i) => i.result === undefined), 'the disposed client\'s rejections are not results');
  });
});
