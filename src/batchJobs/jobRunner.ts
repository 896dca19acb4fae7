/**
 * Runs batch jobs on `client.batcher`: one Message Batch per job (every item is added, then the
 * queue is flushed at once), the batch id stored the moment the batch exists, counts stored after
 * every poll, each file's result stored as it settles, and the report written when the last one
 * did. A job found on disk after a reload is resumed by batch id and custom ids, never sent again.
 */
import { promises as fs } from 'fs';
import { Emitter } from '../base/emitter';
import type { Disposable } from '../base/lifecycle';
import type { Message, MessageCreateBody, RequestBatcher } from '../api';
import { BatchCanceledError, BatchExpiredError } from '../api';
import type { BatchItemOutcome } from '../api/batch/types';
import type { BatchJob, ItemOutcome, ItemResult, JobItem } from './jobModel';
import { waitingItems } from './jobModel';
import type { JobStore } from './jobStore';
import { jobReport } from './report';
import { renderTemplate } from './template';

/** What the runner needs of the client. */
export interface JobClient {
  readonly batcher: Pick<RequestBatcher, 'add' | 'flush' | 'resume' | 'cancel' | 'onBatchCreated' | 'onBatchPolled' | 'onItemSettled'>;
}

/** The runner's services. */
export interface JobRunnerDeps {
  store: JobStore;
  client: () => JobClient;
  now: () => number;
  /** Masks keys in error text before it is stored. */
  redact: (text: string) => string;
  /** Reads a file's current text (the request is built from the file at send time). */
  readText: (uri: string) => Promise<string>;
  log?: (message: string) => void;
}

/** The Messages params of one file. */
export function requestOf(job: BatchJob, item: JobItem, content: string): MessageCreateBody {
  const text = renderTemplate(job.template, { path: item.path, language: item.language, content });
  return { model: job.model, max_tokens: job.maxTokens, messages: [{ role: 'user', content: text }] };
}

const itemOutcomes: Partial<Record<BatchItemOutcome, ItemOutcome>> = { succeeded: 'succeeded', errored: 'errored', canceled: 'canceled', expired: 'expired' };

/** Stores results, counts and the report of the jobs it runs; see the file comment. */
export class JobRunner implements Disposable {
  private readonly running = new Map<string, Promise<void>>();
  private readonly outcomes = new Map<string, BatchItemOutcome>();
  private readonly subscriptions: { dispose(): void }[] = [];
  private readonly ended = new Emitter<BatchJob>();
  /** Fires when a job has every result and its report is written. */
  readonly onDidEndJob = this.ended.event;
  private wired: JobClient | undefined;
  private disposed = false;

  constructor(private readonly deps: JobRunnerDeps) {}

  /** True while the job's results are awaited in this window. */
  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /** Resolves when the job settled in this window (at once when it does not run here). */
  whenDone(id: string): Promise<void> {
    return this.running.get(id) ?? Promise.resolve();
  }

  /**
   * Sends a new job as one batch and waits for its results in the background; resolves once the
   * batch exists (or the job failed). `texts` are file contents by custom id already read (the
   * rest are read now).
   */
  async start(job: BatchJob, texts: ReadonlyMap<string, string> = new Map()): Promise<BatchJob> {
    const client = this.client();
    job.status = 'submitting';
    await this.deps.store.save(job);
    const bodies = await Promise.all(job.items.map(async (item) => requestOf(job, item, texts.get(item.customId) ?? (await this.deps.readText(item.uri)))));
    const first = job.items[0]?.customId;
    let created: Promise<void> | undefined;
    const sub = client.batcher.onBatchCreated((e) => {
      if (first === undefined || !e.customIds.includes(first)) return;
      job.batchId = e.batchId;
      job.status = 'running';
      job.counts = { ...e.batch.request_counts };
      created = this.deps.store.save(job);
    });
    let promises: Map<string, Promise<Message>>;
    try {
      // Added and flushed in one turn: no other caller's request can join this job's batch.
      promises = new Map(job.items.map((item, i) => [item.customId, client.batcher.add(bodies[i], { customId: item.customId })]));
      await client.batcher.flush();
    } finally {
      sub.dispose();
    }
    await created;
    this.follow(job, promises);
    return job;
  }

  /** Picks up a stored job after a reload: polls its batch for the files still waiting. Nothing is sent. */
  resume(job: BatchJob): void {
    if (this.running.has(job.id) || (job.status !== 'running' && job.status !== 'canceling')) return;
    if (!job.batchId) return;
    const waiting = waitingItems(job).map((i) => i.customId);
    this.follow(job, this.client().batcher.resume({ batchId: job.batchId, customIds: waiting }));
  }

  /** Asks the API to cancel the job's batch; processed files keep their answers, the rest end canceled. */
  async cancel(job: BatchJob): Promise<void> {
    if (!job.batchId || job.status === 'ended' || job.status === 'failed') return;
    await this.client().batcher.cancel(job.batchId);
    if (job.status === 'running') job.status = 'canceling';
    await this.deps.store.save(job);
  }

  /** Stops recording: what settles after this (the client's disposal rejects every wait) stays waiting on disk. */
  dispose(): void {
    this.disposed = true;
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.ended.dispose();
  }

  /** The client, with this runner's listeners on its batcher (once per client). */
  private client(): JobClient {
    const client = this.deps.client();
    if (this.wired === client) return client;
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.wired = client;
    this.subscriptions.push(
      client.batcher.onItemSettled((e) => {
        if (e.batchId) this.outcomes.set(`${e.batchId}/${e.customId}`, e.outcome);
      }),
      client.batcher.onBatchPolled((e) => {
        const job = this.deps.store.list().find((j) => j.batchId === e.batchId && (j.status === 'running' || j.status === 'canceling'));
        if (!job) return;
        job.counts = { ...e.counts };
        job.lastPolledAt = this.deps.now();
        if (e.status === 'canceling') job.status = 'canceling';
        void this.deps.store.save(job).catch((err: unknown) => this.deps.log?.(`Could not store batch job ${job.id}: ${String(err)}`));
      }),
    );
    return client;
  }

  /**
   * Records each settled file; the last one ends the job. An item whose local wait stopped (the
   * window closing disposes the client) keeps no result, so the job stays running on disk and the
   * next window resumes it.
   */
  private follow(job: BatchJob, promises: Map<string, Promise<Message>>): void {
    const byId = new Map(job.items.map((i) => [i.customId, i]));
    const work = Promise.all(
      [...promises].map(async ([customId, promise]) => {
        const result = await promise.then((m) => this.succeeded(m), (err: unknown) => this.failed(job.batchId, customId, err));
        const item = byId.get(customId);
        if (item && result && !this.disposed) item.result = result;
      }),
    ).then(() => (this.disposed || waitingItems(job).length ? undefined : this.finish(job)));
    const tracked = work.catch((err: unknown) => this.deps.log?.(`Batch job ${job.id} failed: ${String(err)}`)).finally(() => this.running.delete(job.id));
    this.running.set(job.id, tracked);
  }

  private succeeded(message: Message): ItemResult {
    const text = message.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    const u = message.usage;
    return {
      outcome: 'succeeded',
      text,
      usage: { input_tokens: u.input_tokens, output_tokens: u.output_tokens, cache_creation_input_tokens: u.cache_creation_input_tokens ?? 0, cache_read_input_tokens: u.cache_read_input_tokens ?? 0 },
    };
  }

  /** The result of an item that did not succeed; undefined when only the local wait ended (the batch still has it). */
  private failed(batchId: string | undefined, customId: string, err: unknown): ItemResult | undefined {
    const seen = batchId ? this.outcomes.get(`${batchId}/${customId}`) : undefined;
    if (batchId) this.outcomes.delete(`${batchId}/${customId}`);
    if (batchId && seen === 'aborted') return undefined;
    let outcome: ItemOutcome = (seen && itemOutcomes[seen]) ?? 'failed';
    if (err instanceof BatchCanceledError) outcome = 'canceled';
    else if (err instanceof BatchExpiredError) outcome = 'expired';
    const type = typeof (err as { type?: unknown }).type === 'string' ? (err as { type: string }).type : undefined;
    const message = err instanceof Error ? err.message : String(err);
    return { outcome, errorType: type, errorMessage: this.deps.redact(message) };
  }

  private async finish(job: BatchJob): Promise<void> {
    const id = job.id;
    if (this.deps.store.get(id) !== job) return; // deleted while it ran
    const sentNothing = !job.batchId;
    job.status = sentNothing ? 'failed' : 'ended';
    job.endedAt = this.deps.now();
    if (sentNothing) job.error ??= job.items.find((i) => i.result?.errorMessage)?.result?.errorMessage ?? 'The batch was not created.';
    await this.deps.store.save(job);
    await fs.writeFile(this.deps.store.reportPath(id), jobReport(job));
    this.ended.fire(job);
  }
}
