/**
 * Wires batch jobs into the extension: the store in global storage, the runner on the shared
 * client's batcher, the "Batch jobs" view, the commands, and the resumption of every job that was
 * still running when the window closed.
 */
import { randomBytes } from 'crypto';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DisposableStore } from '../base/lifecycle';
import type { Prompter } from '../ui/prompter';
import type { TokenCounter } from './estimate';
import { TokenEstimator } from './estimate';
import type { JobActionDeps, ProgressUi } from './jobActions';
import { announceEnd, cancelJob, deleteJob, followInNotification, jobOf, notificationProgress, openReport, retryFailed } from './jobActions';
import type { BatchJob } from './jobModel';
import type { JobClient } from './jobRunner';
import { JobRunner } from './jobRunner';
import { JobStore } from './jobStore';
import { JOBS_VIEW_ID, JobTreeProvider, OPEN_REPORT_COMMAND } from './jobTree';
import { RECENT_TEMPLATES_KEY, runPromptOverFiles } from './runPrompt';

/** Command ids of batch jobs (package.json `contributes.commands`). */
export const BATCH_COMMANDS = {
  run: 'claudeChat.runPromptOverFiles',
  openReport: OPEN_REPORT_COMMAND,
  retry: 'claudeChat.batchJobs.retryFailed',
  cancel: 'claudeChat.batchJobs.cancel',
  delete: 'claudeChat.batchJobs.delete',
  refresh: 'claudeChat.batchJobs.refresh',
} as const;

/** Default of `claudeChat.batch.maxFileSizeKB`. */
export const DEFAULT_MAX_FILE_KB = 100;

/** What the extension gives batch jobs. */
export interface BatchJobsServices {
  client: () => JobClient & TokenCounter;
  ui: Prompter;
  model: () => { model: string; maxTokens: number };
  redact: (text: string) => string;
  log: (message: string) => void;
}

/** @internal The live parts, for integration tests (the extension's API object). */
export interface BatchJobsApi {
  readonly store: JobStore;
  readonly runner: JobRunner;
  readonly deps: JobActionDeps;
  /** Swaps the progress notification (tests record it); returns a function that restores it. */
  useProgress(progress: ProgressUi): () => void;
  /** Resolves when every stored job was read and the running ones resumed. */
  readonly ready: Promise<void>;
}

/** Milliseconds and six random hex digits: sortable, unique, and valid as a file name. */
export const newJobId = (now: number): string => `${now.toString(36)}-${randomBytes(3).toString('hex')}`;

const errorText = (redact: (t: string) => string) => (err: unknown): string => redact(err instanceof Error ? err.message : String(err));

/** The rendered preview (the built-in Markdown extension), or the text when it is not there. */
async function openMarkdownPreview(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(uri, { preview: true });
  }
}

/** Registers everything; the disposables go to `disposables` (the extension's one store). */
export function registerBatchJobs(context: Pick<vscode.ExtensionContext, 'globalStorageUri' | 'globalState'>, disposables: DisposableStore, services: BatchJobsServices): BatchJobsApi {
  const store = new JobStore(path.join(context.globalStorageUri.fsPath, 'batch-jobs'));
  const now = (): number => Date.now();
  const runner = new JobRunner({
    store,
    client: services.client,
    now,
    redact: services.redact,
    readText: async (uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(uri))),
    log: services.log,
  });
  const tree = new JobTreeProvider(store, now);
  let progress: ProgressUi = notificationProgress;
  const deps: JobActionDeps = {
    ui: services.ui,
    store,
    runner,
    estimator: new TokenEstimator(services.client),
    recent: {
      get: () => context.globalState.get<string[]>(RECENT_TEMPLATES_KEY, []).filter((t) => typeof t === 'string'),
      set: (list) => context.globalState.update(RECENT_TEMPLATES_KEY, list),
    },
    model: services.model,
    maxFileBytes: () => Math.max(1, vscode.workspace.getConfiguration('claudeChat').get<number>('batch.maxFileSizeKB', DEFAULT_MAX_FILE_KB)) * 1024,
    now,
    newId: () => newJobId(now()),
    describeError: errorText(services.redact),
    follow: (job) => followInNotification({ ...deps, progress }, job, (ended) => void announceEnd(deps, ended)),
    progress: { run: (title, task) => progress.run(title, task) },
    openMarkdown: (file) => openMarkdownPreview(vscode.Uri.file(file)),
  };
  const withJob = (action: (job: BatchJob) => Promise<unknown>) => async (arg?: unknown): Promise<unknown> => {
    const job = jobOf(store, arg);
    if (!job) {
      void services.ui.warn('Pick a job in the "Batch jobs" view first.');
      return undefined;
    }
    return action(job);
  };
  for (const d of [
    store,
    runner,
    tree,
    vscode.window.registerTreeDataProvider(JOBS_VIEW_ID, tree),
    vscode.commands.registerCommand(BATCH_COMMANDS.run, (uri?: vscode.Uri, uris?: vscode.Uri[]) => runPromptOverFiles(deps, uris?.length ? uris : uri ? [uri] : undefined)),
    vscode.commands.registerCommand(BATCH_COMMANDS.openReport, withJob((job) => openReport(deps, job))),
    vscode.commands.registerCommand(BATCH_COMMANDS.retry, withJob((job) => retryFailed(deps, job))),
    vscode.commands.registerCommand(BATCH_COMMANDS.cancel, withJob((job) => cancelJob(deps, job))),
    vscode.commands.registerCommand(BATCH_COMMANDS.delete, withJob((job) => deleteJob(deps, job))),
    vscode.commands.registerCommand(BATCH_COMMANDS.refresh, () => tree.refresh()),
  ]) disposables.add(d);
  const ready = resumeStored(deps, services.log);
  return {
    store,
    runner,
    deps,
    useProgress: (next) => {
      const previous = progress;
      progress = next;
      return () => {
        progress = previous;
      };
    },
    ready,
  };
}

/** Reads the stored jobs; resumes the running ones; a job caught while its batch was being created is marked failed (it is never sent again). */
export async function resumeStored(deps: JobActionDeps, log: (message: string) => void): Promise<void> {
  const problems = await deps.store.load();
  for (const p of problems) log(`Skipped batch job file ${p.file}: ${p.reason}`);
  for (const job of deps.store.list()) {
    if (job.status === 'submitting') {
      job.status = 'failed';
      job.error = 'The window closed while the batch was being created, so it may exist without this job knowing its id. It was not sent again; look for it in the Anthropic Console before retrying.';
      await deps.store.save(job);
    } else if ((job.status === 'running' || job.status === 'canceling') && job.batchId) {
      deps.runner.resume(job);
      deps.follow(job);
    }
  }
}
