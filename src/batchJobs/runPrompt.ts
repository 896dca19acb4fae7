/**
 * "Claude: Run Prompt over Files...": files from the Explorer selection or a glob, a prompt
 * template (the last ones used are offered), an estimate of input tokens and cost at the batch
 * price, a confirmation, then one Message Batch. Every refusal (nothing selected, a template
 * without {{content}}, no key, a key the API rejects) says why, and nothing is sent.
 */
import * as vscode from 'vscode';
import type { Prompter } from '../ui/prompter';
import { formatCost } from '../shared/pricing';
import type { TokenEstimator } from './estimate';
import { findCandidates, gatherFiles } from './fileGather';
import type { BatchJob, SkippedFile } from './jobModel';
import type { JobRunner } from './jobRunner';
import { requestOf } from './jobRunner';
import type { JobStore } from './jobStore';
import { DEFAULT_TEMPLATE, PLACEHOLDERS, rememberTemplate, templateLabel, templateProblem } from './template';

/** Key of the recent templates in the extension's global state. */
export const RECENT_TEMPLATES_KEY = 'claudeChat.batch.recentTemplates';
/** Request bodies of one batch stay under the API's 256 MB with room for the JSON around them. */
const MAX_JOB_BYTES = 250 * 1024 * 1024;

/** The services of the command. */
export interface RunPromptDeps {
  ui: Prompter;
  store: JobStore;
  runner: JobRunner;
  estimator: TokenEstimator;
  /** Recent templates, newest first. */
  recent: { get(): string[]; set(list: string[]): Thenable<void> };
  /** Model and answer length from the settings. */
  model: () => { model: string; maxTokens: number };
  /** The per-file size limit in bytes. */
  maxFileBytes: () => number;
  now: () => number;
  newId: () => string;
  /** Text of an error for the user (keys masked). */
  describeError: (err: unknown) => string;
  /** Shows the job's progress until it ends (not awaited by the command). */
  follow: (job: BatchJob) => void;
}

/** The custom id of the n-th file of a job. */
export const customIdOf = (n: number): string => `f${String(n).padStart(5, '0')}`;

/** What a job item is made from: a gathered file, or an item of a job being retried. */
export interface JobFile {
  path: string;
  language: string;
  uri: { toString(): string };
}

/** A new job record for these files (not stored yet). */
export function newJob(deps: Pick<RunPromptDeps, 'now' | 'newId'>, files: readonly JobFile[], template: string, model: { model: string; maxTokens: number }, skipped: SkippedFile[]): BatchJob {
  return {
    version: 1,
    id: deps.newId(),
    createdAt: deps.now(),
    status: 'submitting',
    model: model.model,
    maxTokens: model.maxTokens,
    template,
    items: files.map((f, i) => ({ customId: customIdOf(i), path: f.path, uri: f.uri.toString(), language: f.language })),
    skipped,
  };
}

/** What the palette asks for when no Explorer selection came with the command. */
async function askForGlob(ui: Prompter): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const value = active && active.scheme === 'file' ? vscode.workspace.asRelativePath(active, false) : '**/*';
  const glob = await ui.inputBox({ title: 'Run Prompt over Files', prompt: 'Files to send (a glob relative to the workspace; files.exclude and search.exclude apply)', value, ignoreFocusOut: true });
  return glob?.trim() || undefined;
}

/** Picks a recent template or writes a new one; undefined when the user left. */
async function askForTemplate(deps: RunPromptDeps): Promise<string | undefined> {
  const recent = deps.recent.get();
  const NEW = '$(edit) New template...';
  const items = [{ label: NEW, detail: `Placeholders: ${PLACEHOLDERS.path}, ${PLACEHOLDERS.language}, ${PLACEHOLDERS.content} (required)` }, ...[...recent, ...(recent.includes(DEFAULT_TEMPLATE) ? [] : [DEFAULT_TEMPLATE])].map((t) => ({ label: templateLabel(t), template: t }))];
  const picked = await deps.ui.quickPick(items, { title: 'Prompt template', placeHolder: 'Pick a recent template or write a new one', ignoreFocusOut: true });
  if (!picked) return undefined;
  if ('template' in picked) return picked.template;
  return deps.ui.inputBox({
    title: 'Prompt template',
    prompt: `Sent once per file; ${PLACEHOLDERS.content} is replaced by the file's text.`,
    value: recent[0] ?? DEFAULT_TEMPLATE,
    ignoreFocusOut: true,
    validateInput: (t) => templateProblem(t),
  });
}

function skippedText(skipped: readonly SkippedFile[]): string {
  if (!skipped.length) return '';
  const shown = skipped.slice(0, 8).map((s) => `${s.path} (${s.reason})`).join('; ');
  return `Skipped ${skipped.length}: ${shown}${skipped.length > 8 ? `; and ${skipped.length - 8} more` : ''}.`;
}

/** Runs the command; resolves with the job once its batch exists, or undefined when nothing was sent. */
export async function runPromptOverFiles(deps: RunPromptDeps, selection: readonly vscode.Uri[] | undefined): Promise<BatchJob | undefined> {
  const { ui } = deps;
  const source = selection?.length ? selection : await askForGlob(ui);
  if (source === undefined) return undefined;
  const candidates = await findCandidates(source);
  if (candidates.length === 0) {
    void ui.error(`Run Prompt over Files: ${typeof source === 'string' ? `no file matches "${source}"` : 'the selection holds no files'} (files.exclude and search.exclude apply). Nothing was sent.`);
    return undefined;
  }
  const gathered = await gatherFiles(candidates, deps.maxFileBytes());
  if (gathered.files.length === 0) {
    void ui.error(`Run Prompt over Files: none of the ${candidates.length} files can be sent. ${skippedText(gathered.skipped)} Nothing was sent.`);
    return undefined;
  }
  const template = await askForTemplate(deps);
  if (template === undefined) return undefined;
  const problem = templateProblem(template);
  if (problem) {
    void ui.error(`Run Prompt over Files: ${problem} Nothing was sent.`);
    return undefined;
  }
  const model = deps.model();
  const job = newJob(deps, gathered.files, template, model, gathered.skipped);
  const texts = new Map(gathered.files.map((f, i) => [customIdOf(i), f.content]));
  const prompts = job.items.map((item) => requestOf(job, item, texts.get(item.customId) ?? '').messages[0].content as string);
  const bytes = prompts.reduce((sum, p) => sum + Buffer.byteLength(p), 0);
  if (bytes > MAX_JOB_BYTES) {
    void ui.error(`Run Prompt over Files: the prompts add up to ${Math.round(bytes / 1048576)} MB, over the 256 MB a batch may hold. Select fewer files. Nothing was sent.`);
    return undefined;
  }
  let estimate;
  try {
    estimate = await ui.withProgress(`Counting tokens of ${prompts.length} files...`, () => deps.estimator.estimate(model.model, prompts));
  } catch (err) {
    void ui.error(`Run Prompt over Files: could not estimate the cost: ${deps.describeError(err)} Nothing was sent.`);
    return undefined;
  }
  job.estimate = { inputTokens: estimate.inputTokens, ...(estimate.costUsd === undefined ? {} : { costUsd: estimate.costUsd }) };
  const cost = estimate.costUsd === undefined ? 'no price known for this model' : `about ${formatCost(estimate.costUsd)} of input at the batch price (half the list price), plus the answers`;
  const detail = [
    `${job.items.length} files, ${estimate.inputTokens.toLocaleString('en-US')} input tokens (count_tokens), ${cost}.`,
    `Model ${model.model}, up to ${model.maxTokens} output tokens per file. Results arrive within 24 hours.`,
    skippedText(gathered.skipped),
    truncatedText(gathered.truncated),
  ].filter(Boolean).join('\n\n');
  if (!(await ui.confirm(`Send ${job.items.length} file${job.items.length === 1 ? '' : 's'} as one batch?`, detail, 'Send Batch'))) return undefined;
  await deps.recent.set(rememberTemplate(deps.recent.get(), template));
  return submit(deps, job, texts);
}

const truncatedText = (truncated: boolean): string => (truncated ? 'More files matched than one batch may hold (100,000); the rest were left out.' : '');

/** Sends a job (new or a retry) and shows its progress; a job whose batch was not created says why. */
export async function submit(deps: Pick<RunPromptDeps, 'ui' | 'store' | 'runner' | 'describeError' | 'follow'>, job: BatchJob, texts?: ReadonlyMap<string, string>): Promise<BatchJob> {
  try {
    await deps.runner.start(job, texts);
  } catch (err) {
    job.status = 'failed';
    job.error = deps.describeError(err);
    await deps.store.save(job);
  }
  if (job.batchId) deps.follow(job);
  else {
    await deps.runner.whenDone(job.id);
    void deps.ui.error(`Run Prompt over Files: the batch was not created: ${job.error ?? 'unknown error'}`);
  }
  return job;
}
