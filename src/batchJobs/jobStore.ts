/**
 * Batch jobs on disk: one JSON file per job in the extension's global storage, written atomically
 * and checked field by field when read back. The batch id is on disk before anything waits on the
 * batch, so a window reload or a restart resumes polling instead of sending again.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { Emitter } from '../base/emitter';
import type { Disposable } from '../base/lifecycle';
import { atomicWriteFile, isTempFileName } from '../history/atomicWrite';
import type { BatchJob } from './jobModel';
import { parseJob } from './jobModel';

/** A job file that could not be read, and why (shown in the log, never fatal). */
export interface JobFileProblem {
  file: string;
  reason: string;
}

/** The stored jobs, newest first in {@link list}; fires {@link onDidChange} after each change. */
export class JobStore implements Disposable {
  private readonly jobs = new Map<string, BatchJob>();
  private readonly changed = new Emitter<BatchJob | undefined>();
  /** Fires with the job that changed, or undefined when several did (load, delete). */
  readonly onDidChange = this.changed.event;
  /** Writes per job in order, so an older state never lands after a newer one. */
  private readonly writes = new Map<string, Promise<void>>();
  private loaded: Promise<JobFileProblem[]> | undefined;

  constructor(readonly directory: string) {}

  /** Reads every job file once (later calls share the first read); resolves with the files it had to skip. */
  load(): Promise<JobFileProblem[]> {
    this.loaded ??= this.readAll();
    return this.loaded;
  }

  /** Jobs, newest first. */
  list(): BatchJob[] {
    return [...this.jobs.values()].sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id));
  }

  get(id: string): BatchJob | undefined {
    return this.jobs.get(id);
  }

  /**
   * Keeps `job` as the live record of its id and writes its current state; resolves once it is on
   * disk. Edits made later reach the disk with the next save.
   */
  save(job: BatchJob): Promise<void> {
    const text = JSON.stringify(job, null, 1);
    this.jobs.set(job.id, job);
    this.changed.fire(job);
    const previous = this.writes.get(job.id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(async () => {
      await fs.mkdir(this.directory, { recursive: true });
      await atomicWriteFile(this.fileOf(job.id), text);
    });
    this.writes.set(job.id, next);
    return next;
  }

  /** Removes the job and its report. */
  async delete(id: string): Promise<void> {
    this.jobs.delete(id);
    await this.writes.get(id)?.catch(() => undefined);
    this.writes.delete(id);
    await fs.rm(this.fileOf(id), { force: true });
    await fs.rm(this.reportPath(id), { force: true });
    this.changed.fire(undefined);
  }

  /** Where a job's Markdown report is written. */
  reportPath(id: string): string {
    return path.join(this.directory, `${id}.md`);
  }

  /** Waits for every write started so far. */
  async flush(): Promise<void> {
    await Promise.all([...this.writes.values()].map((w) => w.catch(() => undefined)));
  }

  dispose(): void {
    this.changed.dispose();
  }

  private fileOf(id: string): string {
    return path.join(this.directory, `${id}.json`);
  }

  private async readAll(): Promise<JobFileProblem[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.directory);
    } catch {
      return [];
    }
    const problems: JobFileProblem[] = [];
    for (const name of names.filter((n) => n.endsWith('.json') && !isTempFileName(n))) {
      const file = path.join(this.directory, name);
      try {
        const job = parseJob(JSON.parse(await fs.readFile(file, 'utf8')) as unknown);
        if (typeof job === 'string') problems.push({ file: name, reason: job });
        else if (`${job.id}.json` !== name) problems.push({ file: name, reason: `holds job ${job.id}` });
        else if (!this.jobs.has(job.id)) this.jobs.set(job.id, job);
      } catch (err) {
        problems.push({ file: name, reason: err instanceof Error ? err.message : String(err) });
      }
    }
    this.changed.fire(undefined);
    return problems;
  }
}
