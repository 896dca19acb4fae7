/**
 * Per-minute time series of the client's traffic with bounded retention. The client records into
 * it (see `Metrics.record`); a dashboard reads whole minutes, or only the minutes that changed
 * since it last looked. Pure data: no I/O, no timers (time comes from the caller).
 */
import type { MinuteBucket } from './bucket';
import { MINUTE_MS, cloneBucket, emptyBucket, mergeBucket } from './bucket';

/** Seven days of minutes: enough to see a week's pattern; at most 10,080 minutes are kept. */
export const DEFAULT_RETENTION_MS = 7 * 24 * 60 * MINUTE_MS;

/** Options of a {@link MetricsSeries}. */
export interface SeriesOptions {
  /** Minutes older than this (before the newest minute) are dropped. Default 7 days. */
  retentionMs?: number;
}

/** Start of the minute holding `t`. */
export function minuteOf(t: number): number {
  return Math.floor(t / MINUTE_MS) * MINUTE_MS;
}

/** Minutes of traffic, oldest dropped past the retention. */
export class MetricsSeries {
  readonly retentionMs: number;
  private readonly minutes = new Map<number, MinuteBucket>();
  /** Change stamp per minute (see {@link changedSince}). */
  private readonly stamps = new Map<number, number>();
  private stamp = 0;
  private current: MinuteBucket | undefined;
  private newest = -Infinity;
  private _clears = 0;
  private _prunedThrough = -Infinity;

  constructor(options: SeriesOptions = {}) {
    const r = options.retentionMs;
    this.retentionMs = typeof r === 'number' && r >= MINUTE_MS ? r : DEFAULT_RETENTION_MS;
  }

  /**
   * The minute holding `now`, to record into; marks it changed. A minute older than the retention
   * (a clock far behind) gets a detached bucket that is never kept.
   */
  at(now: number): MinuteBucket {
    const start = minuteOf(now);
    const current = this.current;
    if (current !== undefined && current.start === start) {
      this.stamps.set(start, ++this.stamp);
      return current;
    }
    if (start > this.newest) {
      this.newest = start;
      this.prune();
    }
    if (start <= this.newest - this.retentionMs) return emptyBucket(start);
    let bucket = this.minutes.get(start);
    if (!bucket) {
      bucket = emptyBucket(start);
      this.minutes.set(start, bucket);
    }
    this.current = bucket;
    this.stamps.set(start, ++this.stamp);
    return bucket;
  }

  /** Number of minutes held. */
  get size(): number {
    return this.minutes.size;
  }

  /** The change stamp of the latest change; pass it to {@link changedSince} later. */
  get version(): number {
    return this.stamp;
  }

  /** How often {@link clear} ran: a reader that caches minutes starts over when it changes. */
  get clears(): number {
    return this._clears;
  }

  /**
   * Start of the newest minute dropped past the retention (-Infinity before any): minutes go only
   * through {@link clear} or this, so a reader that caches minutes knows exactly what went.
   */
  get prunedThrough(): number {
    return this._prunedThrough;
  }

  /** Minutes in [from, to), oldest first (live objects: copy before keeping them). */
  buckets(from = -Infinity, to = Infinity): MinuteBucket[] {
    const out: MinuteBucket[] = [];
    for (const b of this.minutes.values()) if (b.start >= from && b.start < to) out.push(b);
    return out.sort((a, b) => a.start - b.start);
  }

  /** Minutes changed after `version` (oldest first). */
  changedSince(version: number): MinuteBucket[] {
    const out: MinuteBucket[] = [];
    for (const [start, v] of this.stamps) {
      const b = this.minutes.get(start);
      if (v > version && b) out.push(b);
    }
    return out.sort((a, b) => a.start - b.start);
  }

  /** Adds whole minutes (loaded from a file, or another series' data), then drops what is past the retention. */
  merge(buckets: Iterable<MinuteBucket>): void {
    for (const b of buckets) {
      const start = minuteOf(b.start);
      if (start > this.newest) this.newest = start;
      const target = this.minutes.get(start);
      if (target) mergeBucket(target, b);
      else this.minutes.set(start, { ...cloneBucket(b), start });
      this.stamps.set(start, ++this.stamp);
    }
    this.prune();
  }

  /** Deep copies of every minute, oldest first. */
  snapshot(): MinuteBucket[] {
    return this.buckets().map(cloneBucket);
  }

  /** Forgets every minute. */
  clear(): void {
    this.minutes.clear();
    this.stamps.clear();
    this.current = undefined;
    this.newest = -Infinity;
    this.stamp++;
    this._clears++;
  }

  /** Drops minutes older than the retention before the newest one. */
  private prune(): void {
    const oldest = this.newest - this.retentionMs;
    for (const start of this.minutes.keys()) {
      if (start <= oldest) {
        this.minutes.delete(start);
        this.stamps.delete(start);
        if (start > this._prunedThrough) this._prunedThrough = start;
        if (this.current?.start === start) this.current = undefined;
      }
    }
  }
}
