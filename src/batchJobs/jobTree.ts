/**
 * The "Batch jobs" view in the Claude container: one row per job, newest first, with its status,
 * age and counts; the row's context value carries what can be done from it (open the report,
 * retry failed items, cancel, delete).
 */
import * as vscode from 'vscode';
import { Emitter } from '../base/emitter';
import type { Disposable } from '../base/lifecycle';
import type { BatchJob } from './jobModel';
import { failedItems, outcomeCounts } from './jobModel';
import type { JobStore } from './jobStore';
import { templateLabel } from './template';

/** Id of the view (package.json `views.claudeChat`). */
export const JOBS_VIEW_ID = 'claudeChat.batchJobs';
/** Command a row runs when clicked. */
export const OPEN_REPORT_COMMAND = 'claudeChat.batchJobs.openReport';

/** "42s", "5m", "3h", "2d". */
export function ageText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** The counts part of a row: the last poll's while running, the stored results once ended. */
export function countsText(job: BatchJob): string {
  if (job.status === 'ended' || job.status === 'failed') {
    const c = outcomeCounts(job);
    const parts = [`${c.succeeded} ok`, c.errored && `${c.errored} errored`, c.expired && `${c.expired} expired`, c.canceled && `${c.canceled} canceled`, c.failed && `${c.failed} failed`];
    return parts.filter(Boolean).join(', ');
  }
  const c = job.counts;
  if (!c) return `${job.items.length} files`;
  return `${c.processing} processing, ${c.succeeded} ok${c.errored ? `, ${c.errored} errored` : ''}${c.canceled ? `, ${c.canceled} canceled` : ''}${c.expired ? `, ${c.expired} expired` : ''}`;
}

const ICONS: Record<BatchJob['status'], string> = { submitting: 'cloud-upload', running: 'sync~spin', canceling: 'circle-slash', ended: 'check', failed: 'error' };

/** The row of a job. */
export function jobRow(job: BatchJob, now: number): vscode.TreeItem {
  const row = new vscode.TreeItem(`${job.items.length} file${job.items.length === 1 ? '' : 's'}: ${templateLabel(job.template, 40)}`);
  row.id = job.id;
  row.description = `${job.status} · ${ageText(now - job.createdAt)} · ${countsText(job)}`;
  const ended = job.status === 'ended' || job.status === 'failed';
  const icon = ended && failedItems(job).length ? 'warning' : ICONS[job.status];
  row.iconPath = new vscode.ThemeIcon(icon);
  const flags = [`batchJob`, job.status, ended ? 'ended' : 'active', failedItems(job).length && ended ? 'hasFailed' : ''];
  row.contextValue = flags.filter(Boolean).join('.');
  row.tooltip = new vscode.MarkdownString(
    [`**${job.status}** · batch \`${job.batchId ?? 'not created'}\` · ${job.model}`, '', templateLabel(job.template, 200), job.error ? `\n\n${job.error}` : ''].join('\n'),
  );
  if (ended) row.command = { command: OPEN_REPORT_COMMAND, title: 'Open Report', arguments: [job.id] };
  return row;
}

/** Tree data over the store; refreshes on every change and once a minute for the ages. */
export class JobTreeProvider implements vscode.TreeDataProvider<BatchJob>, Disposable {
  private readonly changed = new Emitter<BatchJob | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: Disposable;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly store: JobStore, private readonly now: () => number) {
    // Always the whole tree: a stored job is a new object after a reload, and rows are few.
    this.subscription = store.onDidChange(() => this.changed.fire(undefined));
    this.timer = setInterval(() => this.changed.fire(undefined), 60_000);
  }

  getTreeItem(job: BatchJob): vscode.TreeItem {
    return jobRow(job, this.now());
  }

  getChildren(parent?: BatchJob): BatchJob[] {
    return parent ? [] : this.store.list();
  }

  /** Refreshes every row. */
  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    clearInterval(this.timer);
    this.subscription.dispose();
    this.changed.dispose();
  }
}
