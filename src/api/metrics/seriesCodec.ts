/**
 * The metrics file: one header line, then one minute per line, so a damaged file is easy to read
 * by eye and a minute's zeros cost nothing (only the figures that are not zero are written).
 *
 *   {"schemaVersion":1,"kind":"claude-chat-metrics","savedAt":…,"retentionMs":…,"minutes":[
 *   {"start":…,"requests":3,…},
 *   {"start":…,…}
 *   ]}
 *
 * Decoding is strict: a file that is not exactly this shape is corrupt as a whole (it was written
 * in one atomic step, so half-valid content means damage, not a partial save). A file of a newer
 * schema is refused, never rewritten in the old format.
 */
import type { CircuitEvent, MinuteBucket, ModelTally, RateLimitPoint } from './bucket';
import { MINUTE_MS, RATE_LIMIT_BUCKETS, dict, emptyBucket, emptyTally } from './bucket';
import type { HistogramData } from './histogram';
import { LAST_BUCKET } from './histogram';

/** Schema version this code writes. */
export const SERIES_SCHEMA_VERSION = 1;
const KIND = 'claude-chat-metrics';

/** Why a metrics file could not be used. */
export class SeriesFileError extends Error {
  constructor(
    message: string,
    readonly kind: 'corrupt' | 'newer',
  ) {
    super(message);
    this.name = kind === 'corrupt' ? 'SeriesCorruptError' : 'SeriesNewerVersionError';
  }
}

/** What a metrics file holds. */
export interface SeriesFile {
  savedAt: number;
  /** Which window wrote it (an opaque tag), so a window can tell its own last save from another's. */
  writer?: string;
  retentionMs: number;
  minutes: MinuteBucket[];
}

/**
 * Drops zeros, empty records and empty lists, so a quiet minute is a few bytes. Lists of numbers
 * are kept whole (a histogram's bucket 0), and so are rate-limit readings (0 left is news).
 */
function compact(value: unknown, keepZeros = false): unknown {
  if (Array.isArray(value)) return value.length ? value.map((v) => (v !== null && typeof v === 'object' ? compact(v, keepZeros) : v)) : undefined;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = compact(v, keepZeros || k === 'rateLimits');
      if (c !== undefined) out[k] = c;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value === 0 && !keepZeros ? undefined : value;
}

/** The file's text. */
export function encodeSeries(file: SeriesFile): string {
  const head = JSON.stringify({ schemaVersion: SERIES_SCHEMA_VERSION, kind: KIND, savedAt: file.savedAt, writer: file.writer, retentionMs: file.retentionMs });
  const lines = file.minutes.map((m) => JSON.stringify({ ...(compact(m) as object), start: m.start }));
  return `${head.slice(0, -1)},"minutes":[${lines.length ? `\n${lines.join(',\n')}\n` : ''}]}\n`;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Parses and checks a whole file. Throws {@link SeriesFileError}. */
export function decodeSeries(bytes: Uint8Array): SeriesFile {
  let raw: unknown;
  try {
    raw = JSON.parse(UTF8.decode(bytes));
  } catch (e) {
    throw corrupt(e instanceof Error ? e.message : String(e));
  }
  const root = object(raw, 'the file');
  const version = root.schemaVersion;
  if (typeof version === 'number' && Number.isInteger(version) && version > SERIES_SCHEMA_VERSION) {
    throw new SeriesFileError(`it was written by a newer version (schema ${version})`, 'newer');
  }
  if (version !== SERIES_SCHEMA_VERSION) throw corrupt(`unknown schemaVersion ${JSON.stringify(version)}`);
  if (root.kind !== KIND) throw corrupt('not a metrics file');
  const minutes = root.minutes;
  if (!Array.isArray(minutes)) throw corrupt('minutes is not a list');
  const seen = new Set<number>();
  const decoded = minutes.map((m, i) => {
    const b = decodeBucket(m, `minute ${i}`);
    if (seen.has(b.start)) throw corrupt(`minute ${i}: ${b.start} appears twice`);
    seen.add(b.start);
    return b;
  });
  if (root.writer !== undefined && typeof root.writer !== 'string') throw corrupt('writer is not text');
  return {
    savedAt: time(root.savedAt, 'savedAt'),
    ...(root.writer !== undefined ? { writer: root.writer as string } : {}),
    retentionMs: count(root.retentionMs, 'retentionMs'),
    minutes: decoded,
  };
}

function corrupt(why: string): SeriesFileError {
  return new SeriesFileError(why, 'corrupt');
}

function object(v: unknown, where: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw corrupt(`${where} is not an object`);
  return v as Record<string, unknown>;
}

/** A non-negative finite number (absent = 0). */
function amount(v: unknown, where: string): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw corrupt(`${where} is not a non-negative number`);
  return v;
}

/** A non-negative integer (absent = 0). */
function count(v: unknown, where: string): number {
  const n = amount(v, where);
  if (!Number.isInteger(n)) throw corrupt(`${where} is not a whole number`);
  return n;
}

function time(v: unknown, where: string): number {
  const n = count(v, where);
  if (n > 8.64e15) throw corrupt(`${where} is out of range`);
  return n;
}

function optionalCount(v: unknown, where: string): number | undefined {
  return v === undefined ? undefined : count(v, where);
}

function counts(v: unknown, where: string): Record<string, number> {
  const out = dict<number>();
  if (v === undefined) return out;
  for (const [k, n] of Object.entries(object(v, where))) out[k] = count(n, `${where}.${k}`);
  return out;
}

function histogram(v: unknown, where: string): HistogramData {
  if (v === undefined) return { n: 0, sum: 0, min: 0, max: 0, bins: [] };
  const h = object(v, where);
  const n = count(h.n, `${where}.n`);
  const bins = h.bins === undefined ? [] : h.bins;
  if (!Array.isArray(bins) || bins.length % 2 !== 0) throw corrupt(`${where}.bins is not a list of pairs`);
  let total = 0;
  let last = -1;
  for (let i = 0; i < bins.length; i += 2) {
    const index = count(bins[i], `${where}.bins`);
    const c = count(bins[i + 1], `${where}.bins`);
    if (index <= last || index > LAST_BUCKET || c === 0) throw corrupt(`${where}.bins is not sorted, in range and non-zero`);
    last = index;
    total += c;
  }
  const min = amount(h.min, `${where}.min`);
  const max = amount(h.max, `${where}.max`);
  if (total !== n || min > max) throw corrupt(`${where} does not add up`);
  return { n, sum: amount(h.sum, `${where}.sum`), min, max, bins: bins as number[] };
}

function tally(v: unknown, where: string): ModelTally {
  const t = object(v, where);
  const out = emptyTally();
  for (const k of Object.keys(out) as (keyof ModelTally)[]) {
    out[k] = k === 'costUsd' || k === 'cacheSavingsUsd' ? amount(t[k], `${where}.${k}`) : count(t[k], `${where}.${k}`);
  }
  return out;
}

function rateLimitPoint(v: unknown, where: string): RateLimitPoint {
  const p = object(v, where);
  const resets = p.resets === undefined ? [] : p.resets;
  if (!Array.isArray(resets)) throw corrupt(`${where}.resets is not a list`);
  const point: RateLimitPoint = { resets: resets.map((r) => time(r, `${where}.resets`)) };
  const limit = optionalCount(p.limit, `${where}.limit`);
  const remaining = optionalCount(p.remaining, `${where}.remaining`);
  const minRemaining = optionalCount(p.minRemaining, `${where}.minRemaining`);
  if (limit !== undefined) point.limit = limit;
  if (remaining !== undefined) point.remaining = remaining;
  if (minRemaining !== undefined) point.minRemaining = minRemaining;
  return point;
}

const STATES = new Set(['closed', 'open', 'half-open']);

function circuitEvent(v: unknown, where: string): CircuitEvent {
  const e = object(v, where);
  if (typeof e.key !== 'string' || typeof e.state !== 'string' || !STATES.has(e.state)) throw corrupt(`${where} is not a circuit transition`);
  const event: CircuitEvent = { at: time(e.at, `${where}.at`), key: e.key, state: e.state as CircuitEvent['state'] };
  if (e.retryAt !== undefined) event.retryAt = time(e.retryAt, `${where}.retryAt`);
  return event;
}

const COUNTERS = ['requests', 'attempts', 'successes', 'failures', 'retries', 'rateLimitWaits', 'circuitRejections', 'deduplicated'] as const;

function decodeBucket(v: unknown, where: string): MinuteBucket {
  const m = object(v, where);
  const start = time(m.start, `${where}.start`);
  if (start % MINUTE_MS !== 0) throw corrupt(`${where}.start is not the start of a minute`);
  const b = emptyBucket(start);
  for (const f of COUNTERS) b[f] = count(m[f], `${where}.${f}`);
  b.failuresByType = counts(m.failuresByType, `${where}.failuresByType`);
  b.failuresByStatus = counts(m.failuresByStatus, `${where}.failuresByStatus`);
  b.latency = histogram(m.latency, `${where}.latency`);
  b.ttft = histogram(m.ttft, `${where}.ttft`);
  if (m.models !== undefined) for (const [k, t] of Object.entries(object(m.models, `${where}.models`))) b.models[k] = tally(t, `${where}.models.${k}`);
  if (m.rateLimits !== undefined) {
    const limits = object(m.rateLimits, `${where}.rateLimits`);
    for (const name of RATE_LIMIT_BUCKETS) if (limits[name] !== undefined) b.rateLimits[name] = rateLimitPoint(limits[name], `${where}.rateLimits.${name}`);
  }
  if (m.circuit !== undefined) {
    if (!Array.isArray(m.circuit)) throw corrupt(`${where}.circuit is not a list`);
    b.circuit = m.circuit.map((e, i) => circuitEvent(e, `${where}.circuit[${i}]`));
  }
  const pair = (x: unknown, a: string, c: string, w: string): [number, number] => {
    if (x === undefined) return [0, 0];
    const o = object(x, w);
    return [count(o[a], `${w}.${a}`), c === 'ms' ? amount(o[c], `${w}.${c}`) : count(o[c], `${w}.${c}`)];
  };
  [b.connections.created, b.connections.reused] = pair(m.connections, 'created', 'reused', `${where}.connections`);
  [b.bytes.in, b.bytes.out] = pair(m.bytes, 'in', 'out', `${where}.bytes`);
  [b.generation.tokens, b.generation.ms] = pair(m.generation, 'tokens', 'ms', `${where}.generation`);
  return b;
}
