/**
 * The dashboard's time series across sessions: per-minute buckets kept in one file in the
 * extension's global storage (7 days by default), written crash-safely like conversations
 * (temp file, fsync, rename). Plain Node: no vscode, so it is tested on real files.
 *
 * The client records into two series: `view` (everything the dashboard shows: the file's minutes
 * plus this window's) and `pending` (this window's minutes since the last save). A save swaps
 * `pending` out, reads the file again, adds the swapped minutes and writes the sum, so two windows
 * sharing global storage add up instead of overwriting each other. A damaged file, or one from a
 * newer version, is moved aside and reported, never fatal: the dashboard starts empty.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import type { Clock, Disposable, MinuteBucket } from '../api';
import { MetricsSeries, SeriesFileError, decodeSeries, encodeSeries } from '../api';
import { atomicWriteFile } from '../history/atomicWrite';
import { moveAside } from '../history/files';
import { HistoryFileError, HistoryTooLargeError, HistoryUnreadableError, formatBytes } from '../history/errors';
import { readConversationFile } from '../history/safeRead';

/** File name inside the folder given to the store. */
export const METRICS_FILE_NAME = 'metrics.json';
/** Largest metrics file read: 7 days of busy minutes are a few MB; anything far past that is damage. */
export const MAX_METRICS_BYTES = 64 * 1024 * 1024;
/** Saves at most this often while there is something new to save. */
export const SAVE_INTERVAL_MS = 60_000;

/** Why the file could not be used, for one warning. */
export interface MetricsFileProblem {
  readonly kind: 'corrupt' | 'newer' | 'unreadable' | 'unwritable';
  /** A short reason a warning can quote. */
  readonly reason: string;
  readonly file: string;
  /** Where the file was moved (corrupt and newer files). */
  readonly movedTo?: string;
}

/** What the client offers (its `metrics`). */
export interface MetricsSource {
  record(series: MetricsSeries): Disposable;
}

/** Options of {@link MetricsHistory}. */
export interface MetricsHistoryOptions {
  /** Folder of the file (created when missing). */
  readonly folder: string;
  readonly clock: Clock;
  readonly retentionMs?: number;
  readonly onProblem: (problem: MetricsFileProblem) => void;
}

/** A random tag per window, written into the file, to tell our own last save from another window's. */
const writerTag = (): string => `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;

/** The file's minutes and which save they came from (`none` for no file). */
interface DiskState {
  readonly minutes: MinuteBucket[];
  readonly stamp: string;
}

/** The persisted, merged per-minute series of this and earlier sessions. */
export class MetricsHistory {
  /** Every minute the dashboard shows (the file's and this window's); recorded into live. */
  readonly view: MetricsSeries;
  readonly file: string;
  private pending: MetricsSeries;
  private viewRecording: Disposable | undefined;
  private pendingRecording: Disposable | undefined;
  private source: MetricsSource | undefined;
  private timer: unknown;
  private chain: Promise<void> = Promise.resolve();
  private readonly writer = writerTag();
  /** The save whose minutes the view holds; a file from another save means another window wrote. */
  private known = 'none';
  private disposed = false;
  /** Problems already reported since the last good save: a file that stays unusable warns once. */
  private readonly reported = new Set<string>();

  constructor(private readonly options: MetricsHistoryOptions) {
    this.file = path.join(options.folder, METRICS_FILE_NAME);
    this.view = new MetricsSeries({ retentionMs: options.retentionMs });
    this.pending = new MetricsSeries({ retentionMs: options.retentionMs });
  }

  /** Starts recording the client's figures (into the view and the next save). */
  attach(source: MetricsSource): Disposable {
    this.source = source;
    this.viewRecording = source.record(this.view);
    this.pendingRecording = source.record(this.pending);
    return { dispose: () => this.detach() };
  }

  /** Reads the file into the view (once, at start). A problem is reported and the file moved aside. */
  load(): Promise<void> {
    return this.queue(async () => {
      const disk = await this.read();
      this.view.merge(disk.minutes);
      this.known = disk.stamp;
    });
  }

  /** Writes what this window recorded since the last save, added to what the file holds now. */
  save(): Promise<void> {
    return this.queue(() => this.saveNow());
  }

  /** Saves every {@link SAVE_INTERVAL_MS} while there is something new (call once). */
  startAutoSave(): void {
    const tick = (): void => {
      this.timer = undefined;
      if (this.disposed) return;
      const next = (): void => {
        if (!this.disposed) this.timer = this.options.clock.setTimeout(tick, SAVE_INTERVAL_MS);
      };
      if (this.pending.size === 0) return next();
      void this.save().then(next, next);
    };
    this.timer = this.options.clock.setTimeout(tick, SAVE_INTERVAL_MS);
  }

  /** Forgets every minute, here and in the file (other windows add only what they record later). */
  reset(): Promise<void> {
    return this.queue(async () => {
      this.view.clear();
      this.pending.clear();
      await this.write([]);
    });
  }

  /** Stops the timer and writes what is left; the client stops recording into this store. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    await this.save().catch(() => undefined);
    this.detach();
  }

  private detach(): void {
    this.viewRecording?.dispose();
    this.pendingRecording?.dispose();
    this.viewRecording = this.pendingRecording = this.source = undefined;
  }

  private queue(task: () => Promise<void>): Promise<void> {
    const run = this.chain.then(task);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async saveNow(): Promise<void> {
    if (this.pending.size === 0) return;
    // Swap first (synchronously): what the client records during the I/O goes to the next save.
    const delta = this.pending;
    this.pending = new MetricsSeries({ retentionMs: this.options.retentionMs });
    if (this.source) {
      this.pendingRecording?.dispose();
      this.pendingRecording = this.source.record(this.pending);
    }
    try {
      const disk = await this.read();
      const viewHolds = this.known;
      const merged = new MetricsSeries({ retentionMs: this.options.retentionMs });
      merged.merge(disk.minutes);
      merged.merge(delta.buckets());
      await this.write(merged.buckets());
      // Another window saved (or reset) since the view was built: show the file's minutes too.
      if (disk.stamp !== viewHolds) {
        this.view.clear();
        this.view.merge(merged.buckets());
        this.view.merge(this.pending.buckets());
      }
    } catch (err) {
      // Not written: keep the minutes for the next save.
      this.pending.merge(delta.buckets());
      throw err;
    }
  }

  private stampOf(writer: string | undefined, savedAt: number): string {
    return `${writer ?? '?'}@${savedAt}`;
  }

  /** The file's minutes; a missing file is empty, an unusable one is reported, moved aside and empty. */
  private async read(): Promise<DiskState> {
    let bytes: Uint8Array | undefined;
    try {
      bytes = (await readConversationFile(this.file, MAX_METRICS_BYTES))?.bytes;
    } catch (err) {
      // A path through a file (the folder is a file) cannot hold the metrics file: nothing there.
      if (err instanceof HistoryUnreadableError && err.code === 'ENOTDIR') return { minutes: [], stamp: 'none' };
      if (err instanceof HistoryTooLargeError) return this.setAside('corrupt', `the file is ${formatBytes(err.size)}, over the ${formatBytes(MAX_METRICS_BYTES)} limit`);
      const reason = err instanceof HistoryFileError ? err.message : String(err);
      this.report({ kind: 'unreadable', reason, file: this.file });
      throw err;
    }
    if (!bytes) return { minutes: [], stamp: 'none' };
    try {
      const decoded = decodeSeries(bytes);
      return { minutes: decoded.minutes, stamp: this.stampOf(decoded.writer, decoded.savedAt) };
    } catch (err) {
      if (!(err instanceof SeriesFileError)) throw err;
      return this.setAside(err.kind, err.message);
    }
  }

  private async setAside(kind: 'corrupt' | 'newer', reason: string): Promise<DiskState> {
    let movedTo: string | undefined;
    try {
      movedTo = await moveAside(this.file, this.options.clock.now());
    } catch {
      // Could not move it: the next write replaces it; the warning still names it.
    }
    this.report({ kind, reason, file: this.file, movedTo });
    return { minutes: [], stamp: 'none' };
  }

  private report(problem: MetricsFileProblem): void {
    const key = `${problem.kind}:${problem.reason}`;
    if (problem.movedTo === undefined && this.reported.has(key)) return;
    this.reported.add(key);
    this.options.onProblem(problem);
  }

  private async write(minutes: MinuteBucket[]): Promise<void> {
    const savedAt = this.options.clock.now();
    const text = encodeSeries({ savedAt, retentionMs: this.view.retentionMs, minutes, writer: this.writer });
    try {
      await fs.mkdir(this.options.folder, { recursive: true });
      await atomicWriteFile(this.file, text);
    } catch (err) {
      this.report({ kind: 'unwritable', reason: (err as NodeJS.ErrnoException).code ?? String(err), file: this.file });
      throw err;
    }
    this.reported.clear();
    this.known = this.stampOf(this.writer, savedAt);
  }
}
