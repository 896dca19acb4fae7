/**
 * A range's minutes rolled up into steps, kept between live frames: each frame re-merges only the
 * steps whose minutes the client changed (or the retention dropped), instead of a week of minutes.
 * A week is 10,080 minutes but only 336 steps, so a frame's figures cost a few hundred merges.
 * Pure: no vscode, no I/O.
 */
import type { CircuitEvent, MetricsSeries, MinuteBucket, ModelTally } from '../api';
import { addTally, emptyBucket, mergeBucket, tallyOf } from '../api';
import type { DashboardRange } from '../shared/dashboardProtocol';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Length and step of each range: 60, 288 and 336 points. */
export const RANGE_SPECS: Record<DashboardRange, { readonly lengthMs: number; readonly stepMs: number }> = {
  '1h': { lengthMs: HOUR, stepMs: MINUTE },
  '24h': { lengthMs: 24 * HOUR, stepMs: 5 * MINUTE },
  '7d': { lengthMs: 7 * 24 * HOUR, stepMs: 30 * MINUTE },
};

/** The steps of a range ending with the step that holds `now`. */
export interface RangeWindow {
  readonly from: number;
  readonly to: number;
  readonly stepMs: number;
}

/** See {@link RangeWindow}. */
export function rangeWindow(range: DashboardRange, now: number): RangeWindow {
  const { lengthMs, stepMs } = RANGE_SPECS[range];
  const to = Math.floor(now / stepMs) * stepMs + stepMs;
  return { from: to - lengthMs, to, stepMs };
}

/** `2026-11-30` in the host's time zone: days follow the user's calendar. */
export function localDay(t: number): string {
  const d = new Date(t);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/** One step: its minutes merged, every circuit transition of them, and their tokens per day. */
export interface Step {
  readonly bucket: MinuteBucket;
  /** Not capped per step (the merged bucket keeps at most 64 per minute's worth). */
  readonly circuit: CircuitEvent[];
  /** Day name to per-model tallies; a step across midnight counts each minute on its own day. */
  readonly days: Map<string, Record<string, ModelTally>>;
}

/** Merges the minutes of one step (all of them start in [start, start + stepMs)). */
export function buildStep(start: number, minutes: readonly MinuteBucket[], dayOf: (t: number) => string): Step {
  const bucket = emptyBucket(start);
  const circuit: CircuitEvent[] = [];
  const days = new Map<string, Record<string, ModelTally>>();
  for (const m of minutes) {
    mergeBucket(bucket, m);
    for (const e of m.circuit) circuit.push(e);
    const names = Object.keys(m.models);
    if (!names.length) continue;
    const day = dayOf(m.start);
    let models = days.get(day);
    if (!models) days.set(day, (models = Object.create(null) as Record<string, ModelTally>));
    for (const name of names) addTally(tallyOf(models, name), m.models[name]);
  }
  return { bucket, circuit, days };
}

/** Minutes in [from, to) grouped into steps (minutes oldest first, as the series gives them). */
export function buildSteps(minutes: readonly MinuteBucket[], w: RangeWindow, dayOf: (t: number) => string): Map<number, Step> {
  const groups = new Map<number, MinuteBucket[]>();
  for (const m of minutes) {
    if (m.start < w.from || m.start >= w.to) continue;
    const start = Math.floor(m.start / w.stepMs) * w.stepMs;
    let g = groups.get(start);
    if (!g) groups.set(start, (g = []));
    g.push(m);
  }
  const steps = new Map<number, Step>();
  for (const [start, g] of groups) steps.set(start, buildStep(start, g, dayOf));
  return steps;
}

/** The steps of one range of a live series, brought up to date on each {@link update}. */
export class RangeSteps {
  private steps = new Map<number, Step>();
  private key = '';
  private version = -1;
  private clears = -1;
  private prunedThrough = -Infinity;

  constructor(private readonly dayOf: (t: number) => string = localDay) {}

  /** Steps of `range` at `now` with every change of `series` since the last call merged in. */
  update(series: MetricsSeries, range: DashboardRange, now: number): { window: RangeWindow; steps: ReadonlyMap<number, Step> } {
    const w = rangeWindow(range, now);
    const stepOf = (t: number): number => Math.floor(t / w.stepMs) * w.stepMs;
    if (range !== this.key || series.clears !== this.clears) {
      this.steps = buildSteps(series.buckets(w.from, w.to), w, this.dayOf);
    } else {
      for (const start of this.steps.keys()) if (start < w.from) this.steps.delete(start);
      const dirty = new Set<number>();
      for (const m of series.changedSince(this.version)) if (m.start >= w.from && m.start < w.to) dirty.add(stepOf(m.start));
      // The retention dropped minutes: the step holding the newest dropped one lost some.
      if (series.prunedThrough > this.prunedThrough && series.prunedThrough >= w.from) dirty.add(stepOf(series.prunedThrough));
      for (const start of dirty) {
        const minutes = series.buckets(start, start + w.stepMs);
        if (minutes.length) this.steps.set(start, buildStep(start, minutes, this.dayOf));
        else this.steps.delete(start);
      }
    }
    this.key = range;
    this.clears = series.clears;
    this.version = series.version;
    this.prunedThrough = series.prunedThrough;
    return { window: w, steps: this.steps };
  }

  /** Forgets the steps (the next update builds them again). */
  reset(): void {
    this.key = '';
    this.steps = new Map();
  }
}
