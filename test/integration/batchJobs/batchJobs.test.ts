// "Run Prompt over Files" in the real extension host, against the in-process emulator: the command
// end to end on 20 files with scripted picks, the report, retry of the failed files, cancel from
// the notification, a window closing mid-job and the next one resuming it, and the refusals that
// send nothing.
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { AnthropicClient, BATCHER_DEFAULTS } from '../../../src/api';
import type { ClaudeChatApi } from '../../../src/extension';
import type { BatchJobsApi } from '../../../src/batchJobs/registerBatchJobs';
import { resumeStored } from '../../../src/batchJobs/registerBatchJobs';
import type { BatchJob } from '../../../src/batchJobs/jobModel';
import { failedItems } from '../../../src/batchJobs/jobModel';
import { JobRunner } from '../../../src/batchJobs/jobRunner';
import { JobStore } from '../../../src/batchJobs/jobStore';
import { newJob } from '../../../src/batchJobs/runPrompt';
import { startEmulator } from '../../emulator/server';
import type { Emulator } from '../../emulator/types';
import { ScriptedPrompter, getApi, pickLabel, setSetting, waitFor } from '../support/hostHarness';
import { RecordedProgress, batchCreates, fastPolls, makeFiles } from './batchHarness';

describe('batch jobs: Run Prompt over Files (real host, emulator)', function () {
  this.timeout(90_000);
  let api: ClaudeChatApi;
  let jobs: BatchJobsApi;
  let emulator: Emulator;
  let folder: vscode.Uri;
  let ui: ScriptedPrompter;
  let progress: RecordedProgress;
  const restore: Array<() => void> = [];

  before(async () => {
    api = await getApi();
    assert.ok(api.batchJobs, 'activate() exposes no batch jobs');
    jobs = api.batchJobs;
    await jobs.ready;
    emulator = await startEmulator({ batches: { pollsToEnd: 2 } });
    await setSetting(api, 'baseUrl', emulator.url);
    await vscode.workspace.getConfiguration('claudeChat').update('batch.maxFileSizeKB', 1, vscode.ConfigurationTarget.Global);
    fastPolls(api.client);
    folder = await makeFiles('batch-src', 20);
  });
  beforeEach(() => {
    emulator.reset();
    ui = new ScriptedPrompter();
    progress = new RecordedProgress();
    restore.push(api.prompter.use(ui), jobs.useProgress(progress));
  });
  afterEach(() => {
    for (const r of restore.splice(0)) r();
  });
  after(async () => {
    api.client.batcher.configure(BATCHER_DEFAULTS);
    const config = vscode.workspace.getConfiguration('claudeChat');
    await config.update('batch.maxFileSizeKB', undefined, vscode.ConfigurationTarget.Global);
    await config.update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    for (const job of jobs.store.list()) await jobs.store.delete(job.id);
    await emulator?.close();
  });

  async function runOver(uri: vscode.Uri, template: string): Promise<BatchJob | undefined> {
    ui.picks.push(pickLabel('New template'));
    ui.inputs.push(template);
    ui.confirms.push(true);
    return (await vscode.commands.executeCommand('claudeChat.runPromptOverFiles', uri, [uri])) as BatchJob | undefined;
  }

  it('sends 20 files as one batch, skips binary, oversized and excluded files, and writes the report', async () => {
    emulator.script({ path: '/v1/messages/batches', method: 'POST', batch: { errored: ['f00003'], expired: ['f00007'] } });
    const job = await runOver(folder, 'echo {{path}} is {{language}}: {{content}}');
    assert.ok(job?.batchId, `no batch was created: ${ui.transcript()}`);
    await jobs.runner.whenDone(job.id);
    await waitFor('the end to be announced', () => ui.shown.some((s) => /^Batch job ended/.test(s.text)), 5_000);

    const confirm = ui.asked.find((a) => a.kind === 'confirm')?.options as { message: string; detail: string };
    assert.strictEqual(confirm.message, 'Send 20 files as one batch?');
    assert.match(confirm.detail, /20 files, [\d,]+ input tokens \(count_tokens\), about \$[\d.]+ of input at the batch price/);
    assert.match(confirm.detail, /Skipped 2: batch-src\/big\.txt \(2 KB, over the 1 KB limit \(claudeChat\.batch\.maxFileSizeKB\)\); batch-src\/logo\.png \(binary file\)/);
    assert.strictEqual(batchCreates(emulator).length, 1, 'one batch for the whole job');
    const sent = (batchCreates(emulator)[0].body as { requests: Array<{ custom_id: string; params: { messages: Array<{ content: string }> } }> }).requests;
    assert.strictEqual(sent.length, 20);
    assert.ok(!sent.some((r) => r.params.messages[0].content.includes('node_modules')), 'search.exclude keeps node_modules out');
    assert.strictEqual(sent[0].params.messages[0].content, 'echo batch-src/file-00.ts is typescript: export const n0 = 0;\n');

    const done = jobs.store.get(job.id);
    assert.strictEqual(done?.status, 'ended');
    const outcomes = Object.fromEntries(done.items.map((i) => [i.customId, i.result?.outcome]));
    assert.strictEqual(outcomes.f00003, 'errored');
    assert.strictEqual(outcomes.f00007, 'expired');
    assert.strictEqual(done.items.filter((i) => i.result?.outcome === 'succeeded').length, 18);
    assert.ok(progress.reports.some((r) => /processing/.test(r)), `the notification showed counts: ${progress.reports.join(' | ')}`);

    const file = (await vscode.commands.executeCommand('claudeChat.batchJobs.openReport', job.id)) as string;
    const report = await fs.readFile(file, 'utf8');
    assert.match(report, /### `batch-src\/file-00\.ts` \(typescript\)\n\nbatch-src\/file-00\.ts is typescript: export const n0 = 0;/);
    assert.match(report, /\| `batch-src\/file-03\.ts` \| errored \| api_error: /);
    assert.match(report, /\| `batch-src\/file-07\.ts` \| expired \| batch_expired: /);
    assert.match(report, /\| `batch-src\/logo\.png` \| binary file \|/);
    assert.match(report, /at the batch price \(half the list price\)/);
    assert.doesNotMatch(report + JSON.stringify(done), /emulator-placeholder|test-key/);
  });

  it('retries only the failed files, as a new batch', async () => {
    const first = jobs.store.list().find((j) => j.status === 'ended' && j.items.length === 20);
    assert.ok(first, 'the job of the first test is stored');
    ui.confirms.push(true);
    const retry = (await vscode.commands.executeCommand('claudeChat.batchJobs.retryFailed', first.id)) as BatchJob;
    await jobs.runner.whenDone(retry.id);
    assert.strictEqual(retry.retryOf, first.id);
    assert.deepStrictEqual(retry.items.map((i) => i.path), ['batch-src/file-03.ts', 'batch-src/file-07.ts']);
    assert.ok(retry.items.every((i) => i.result?.outcome === 'succeeded'));
    assert.strictEqual(batchCreates(emulator).length, 1);
    assert.strictEqual((batchCreates(emulator)[0].body as { requests: unknown[] }).requests.length, 2);
  });

  it('cancels the batch from the notification; processed files keep their answers', async () => {
    emulator.script({ path: '/v1/messages/batches', method: 'POST', batch: { pollsToEnd: 100 } });
    const job = await runOver(folder, 'echo {{content}}');
    assert.ok(job?.batchId);
    // Counts stay at processing until a batch ends (as the API reports them): wait for polls instead.
    const polls = (): number => emulator.requests.filter((r) => r.method === 'GET' && r.path === `/v1/messages/batches/${job.batchId}`).length;
    await waitFor('three polls (three files processed)', () => polls() >= 3, 10_000);
    progress.cancelAll();
    await jobs.runner.whenDone(job.id);
    const ended = jobs.store.get(job.id);
    assert.strictEqual(ended?.status, 'ended');
    const canceled = ended.items.filter((i) => i.result?.outcome === 'canceled').length;
    const answered = ended.items.filter((i) => i.result?.outcome === 'succeeded').length;
    assert.ok(canceled > 0 && answered > 0 && canceled + answered === 20, `${answered} answered, ${canceled} canceled`);
    assert.strictEqual(emulator.requests.filter((r) => r.path.endsWith('/cancel')).length, 1);
  });

  it('resumes a job after the window closed mid-batch, without sending it again', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cc-batch-restart-'));
    emulator.script({ path: '/v1/messages/batches', method: 'POST', batch: { pollsToEnd: 3 } });
    // Window 1: sends the job and is closed after one poll.
    const client1 = new AnthropicClient({ apiKey: 'test-key-1', baseURL: emulator.url, batcher: { pollIntervalMs: 10, maxPollIntervalMs: 60_000, pollBackoff: 1000 } });
    const store1 = new JobStore(dir);
    const runner1 = new JobRunner({ store: store1, client: () => client1, now: Date.now, redact: (t) => t, readText: async () => 'unused' });
    const uris = (await vscode.workspace.findFiles(new vscode.RelativePattern(folder, 'file-0*.ts'))).sort();
    const job = newJob({ now: Date.now, newId: () => `restart-${Date.now().toString(36)}` }, uris.map((u) => ({ path: vscode.workspace.asRelativePath(u), language: 'typescript', uri: u })), 'echo {{content}}', { model: 'claude-sonnet-5-5', maxTokens: 64 }, []);
    await runner1.start(job, new Map(job.items.map((i) => [i.customId, `file ${i.customId}`])));
    await waitFor('the first poll', () => job.lastPolledAt !== undefined, 10_000);
    runner1.dispose();
    client1.dispose();
    store1.dispose();
    await store1.flush();
    const onDisk = JSON.parse(await fs.readFile(path.join(dir, `${job.id}.json`), 'utf8')) as BatchJob;
    assert.strictEqual(onDisk.status, 'running');
    assert.ok(onDisk.batchId && onDisk.items.every((i) => !i.result), 'stored as running with its batch id, no result yet');

    // A second job the window closed on while its batch was being created: never sent again blindly.
    const caught: BatchJob = { ...onDisk, id: `${job.id}-b`, status: 'submitting', batchId: undefined, counts: undefined, lastPolledAt: undefined };
    await fs.writeFile(path.join(dir, `${caught.id}.json`), JSON.stringify(caught));

    // Window 2: reads the store and resumes.
    const client2 = new AnthropicClient({ apiKey: 'test-key-1', baseURL: emulator.url, batcher: { pollIntervalMs: 10, maxPollIntervalMs: 20 } });
    const store2 = new JobStore(dir);
    const runner2 = new JobRunner({ store: store2, client: () => client2, now: Date.now, redact: (t) => t, readText: async () => assert.fail('nothing is read again') });
    try {
      const followed: string[] = [];
      await resumeStored({ ...jobs.deps, store: store2, runner: runner2, follow: (j) => followed.push(j.id) }, () => undefined);
      assert.deepStrictEqual(followed, [job.id], 'the resumed job shows its progress again');
      await runner2.whenDone(job.id);
      const resumed = store2.get(job.id);
      assert.strictEqual(resumed?.status, 'ended');
      assert.strictEqual(resumed.items.filter((i) => i.result?.outcome === 'succeeded').length, job.items.length);
      assert.strictEqual(resumed.items[0].result?.text, 'file f00000');
      assert.strictEqual(batchCreates(emulator).length, 1, 'the batch was created once');
      const failed = store2.get(caught.id);
      assert.strictEqual(failed?.status, 'failed');
      assert.match(failed.error ?? '', /may exist .* not sent again/);
      assert.strictEqual(failedItems(failed).length, job.items.length, 'its files are offered for a retry');
    } finally {
      runner2.dispose();
      client2.dispose();
      store2.dispose();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  describe('bad input: a clear message, nothing sent', () => {
    it('an empty selection', async () => {
      const empty = await makeFiles('batch-empty', 0);
      assert.strictEqual(await vscode.commands.executeCommand('claudeChat.runPromptOverFiles', empty, [empty]), undefined);
      assert.match(ui.shown[0]?.text ?? '', /the selection holds no files .* Nothing was sent\./);
      assert.strictEqual(emulator.requests.length, 0);
    });

    it('a template without {{content}}', async () => {
      assert.strictEqual(await runOver(folder, 'Review {{path}}'), undefined);
      assert.match(ui.shown[0]?.text ?? '', /no \{\{content\}\} placeholder.*Nothing was sent\./);
      assert.strictEqual(emulator.requests.length, 0);
    });

    it('a key the API rejects', async () => {
      emulator.script({ path: '/v1/messages/count_tokens', status: 401 });
      assert.strictEqual(await runOver(folder, 'echo {{content}}'), undefined);
      assert.match(ui.shown[0]?.text ?? '', /could not estimate the cost: .*Nothing was sent\./);
      assert.strictEqual(batchCreates(emulator).length, 0);
    });

    it('no key (the official endpoint, nothing stored)', async function () {
      if (api.keyStore.hasKeys) this.skip();
      await setSetting(api, 'baseUrl', null);
      try {
        assert.strictEqual(await runOver(folder, 'echo {{content}}'), undefined);
        assert.match(ui.shown[0]?.text ?? '', /No Anthropic API key is set\. Run "Claude: Set API Key".*Nothing was sent\./);
      } finally {
        await setSetting(api, 'baseUrl', emulator.url);
      }
    });
  });
});
