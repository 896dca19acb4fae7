/**
 * What a job can do after it was sent: show its progress in a notification with Cancel, open its
 * report, retry its failed files as a new batch, cancel its batch, delete it. Shared by the row
 * actions of the "Batch jobs" view and the palette.
 */
import { promises as fs } from 'fs';
import * as vscode from 'vscode';
import type { BatchJob } from './jobModel';
import { failedItems, outcomeCounts } from './jobModel';
import type { JobStore } from './jobStore';
import { jobReport } from './report';
import type { RunPromptDeps } from './runPrompt';
import { newJob, submit } from './runPrompt';
import { countsText } from './jobTree';

/** A notification with a progress message and Cancel (tests record it instead). */
export interface ProgressUi {
  run<T>(title: string, task: (report: (message: string) => void, token: vscode.CancellationToken) => Thenable<T>): Thenable<T>;
}

/** The real notification. */
export const notificationProgress: ProgressUi = {
  run: (title, task) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => task((message) => progress.report({ message }), token)),
};

/** Services of the actions. */
export interface JobActionDeps extends RunPromptDeps {
  progress: ProgressUi;
  /** Opens a Markdown file (the report) for reading. */
  openMarkdown: (file: string) => Thenable<unknown>;
}

/** The job a row or a palette argument names (a job, or its id). */
export function jobOf(store: JobStore, arg: unknown): BatchJob | undefined {
  if (typeof arg === 'string') return store.get(arg);
  if (typeof arg === 'object' && arg !== null && typeof (arg as { id?: unknown }).id === 'string') return store.get((arg as { id: string }).id);
  return undefined;
}

/** Shows a running job in a notification until it ends; Cancel there cancels its batch. */
export function followInNotification(deps: Pick<JobActionDeps, 'progress' | 'store' | 'runner' | 'ui' | 'describeError'>, job: BatchJob, onEnd: (job: BatchJob) => void): void {
  void deps.progress.run(`Batch job: ${job.items.length} files`, (report, token) => {
    report(`${job.status}: ${countsText(job)}`);
    const sub = deps.store.onDidChange((changed) => {
      if (changed?.id === job.id) report(`${changed.status}: ${countsText(changed)}`);
    });
    const cancel = token.onCancellationRequested(() => {
      deps.runner.cancel(job).catch((err: unknown) => void deps.ui.error(`Could not cancel batch job: ${deps.describeError(err)}`));
    });
    return deps.runner.whenDone(job.id).finally(() => {
      sub.dispose();
      cancel.dispose();
      const stored = deps.store.get(job.id);
      if (stored && (stored.status === 'ended' || stored.status === 'failed')) onEnd(stored);
    });
  });
}

/** The message when a job ended, with "Open Report". */
export async function announceEnd(deps: Pick<JobActionDeps, 'ui' | 'store' | 'openMarkdown'>, job: BatchJob): Promise<void> {
  const c = outcomeCounts(job);
  const missing = c.errored + c.expired + c.canceled + c.failed;
  const text = `Batch job ended: ${c.succeeded} of ${job.items.length} files answered${missing ? `, ${missing} not (see the report)` : ''}.`;
  const answer = await (missing ? deps.ui.warn(text, 'Open Report') : deps.ui.info(text, 'Open Report'));
  if (answer === 'Open Report') await openReport(deps, job);
}

/** Writes the report (so it reflects the job now) and opens it. */
export async function openReport(deps: Pick<JobActionDeps, 'store' | 'openMarkdown'>, job: BatchJob): Promise<string> {
  const file = deps.store.reportPath(job.id);
  await fs.mkdir(deps.store.directory, { recursive: true });
  await fs.writeFile(file, jobReport(job));
  await deps.openMarkdown(file);
  return file;
}

/** Sends the job's errored, expired, canceled and failed files again as a new job. */
export async function retryFailed(deps: JobActionDeps, job: BatchJob): Promise<BatchJob | undefined> {
  const failed = failedItems(job);
  if (job.status !== 'ended' && job.status !== 'failed') {
    void deps.ui.warn('Retry failed items: the job is still running; wait until it ends.');
    return undefined;
  }
  if (failed.length === 0) {
    void deps.ui.info('Retry failed items: every file of this job was answered.');
    return undefined;
  }
  const detail = ['Each file is read again from disk. Results arrive within 24 hours, at the batch price.', job.error ? `This job failed: ${job.error}` : ''].filter(Boolean).join('\n\n');
  const ok = await deps.ui.confirm(`Send the ${failed.length} failed file${failed.length === 1 ? '' : 's'} again as a new batch?`, detail, 'Retry');
  if (!ok) return undefined;
  const retry = newJob(deps, failed.map((i) => ({ path: i.path, language: i.language, uri: i.uri })), job.template, { model: job.model, maxTokens: job.maxTokens }, []);
  retry.retryOf = job.id;
  return submit(deps, retry);
}

/** Cancels the job's batch after asking. */
export async function cancelJob(deps: Pick<JobActionDeps, 'ui' | 'runner' | 'describeError'>, job: BatchJob): Promise<boolean> {
  if (job.status !== 'running') return false;
  if (!(await deps.ui.confirm('Cancel this batch job?', 'Files already processed keep their answers (and are billed); the rest end canceled.', 'Cancel Batch'))) return false;
  try {
    await deps.runner.cancel(job);
    return true;
  } catch (err) {
    void deps.ui.error(`Could not cancel the batch: ${deps.describeError(err)}`);
    return false;
  }
}

/** Removes the job from the list (a running one is canceled first, after asking). */
export async function deleteJob(deps: Pick<JobActionDeps, 'ui' | 'runner' | 'store' | 'describeError'>, job: BatchJob): Promise<boolean> {
  const active = job.status === 'running' || job.status === 'canceling' || job.status === 'submitting';
  const detail = active ? 'Its batch is still running: it will be canceled first.' : 'The report is deleted too. The API keeps the batch results for 29 days.';
  if (!(await deps.ui.confirm('Delete this batch job?', detail, 'Delete'))) return false;
  if (job.status === 'running') await deps.runner.cancel(job).catch((err: unknown) => void deps.ui.warn(`The batch could not be canceled: ${deps.describeError(err)}`));
  await deps.store.delete(job.id);
  return true;
}
