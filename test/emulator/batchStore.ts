/**
 * Message Batches the way the real API runs them, deterministically: each retrieve processes an
 * equal share of a batch's requests (in a seeded order that is not the submission order), request
 * counts stay at `processing` until the whole batch ends, a cancel passes through `canceling` and
 * turns what was not processed yet into `canceled`, the 24-hour expiry turns it into `expired`, and
 * results are archived after 29 days.
 */
import { createHash } from 'node:crypto';
import { seededRandom } from '../support/seededRandom';
import { makeId } from './messagePlan';
import type { BatchOptions, BatchStepPlan } from './types';

/** One request of a batch as submitted. */
export interface BatchRequest {
  custom_id: string;
  params: unknown;
}

/** The `result` of a JSONL row. */
export type BatchResult =
  | { type: 'succeeded'; message: Record<string, unknown> }
  | { type: 'errored'; error: { type: 'error'; error: { type: string; message: string }; request_id: string | null } }
  | { type: 'canceled' }
  | { type: 'expired' };

/** A JSONL row of the results file. */
export interface BatchResultRow {
  custom_id: string;
  result: BatchResult;
}

/** How a single batch request turns into a result (the messages planner, injected). */
export type RenderBatchRequest = (params: unknown, version: string) => BatchResult;

type Status = 'in_progress' | 'canceling' | 'ended';

interface BatchEntry {
  id: string;
  seq: number;
  createdAt: number;
  version: string;
  requests: BatchRequest[];
  status: Status;
  /** Indices of the requests in the order they get processed (scripted expiries left out). */
  order: number[];
  processed: number;
  pollsToEnd: number;
  cancelPollsLeft: number;
  rows: BatchResultRow[];
  errored: Map<string, string>;
  cancelInitiatedAt?: number;
  endedAt?: number;
  deleted?: boolean;
}

const DAY = 24 * 3600_000;
const iso = (ms: number): string => new Date(ms).toISOString();

/** The API's documented limits and the emulator's defaults. */
export const BATCH_DEFAULTS = {
  pollsToEnd: 1,
  cancelPolls: 1,
  maxRequests: 100_000,
  maxBytes: 256 * 1024 * 1024,
  resultsChunkBytes: 4096,
  /** Processing ends at the latest 24 hours after creation. */
  expiresAfterMs: DAY,
  /** Results can be downloaded for 29 days. */
  archivedAfterMs: 29 * DAY,
} as const;

/** A uniform draw in [0, 1) from (seed, custom id): the same request gets the same fate in any batch order. */
function draw(seed: number, customId: string): number {
  return createHash('sha256').update(`${seed}:${customId}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** A seeded permutation of 0..n-1 that differs from the identity whenever n >= 3. */
function shuffled(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  const random = seededRandom(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  if (n >= 3 && order.every((v, i) => v === i)) order.push(order.shift() as number);
  return order;
}

/** In-memory batches of one emulator. */
export class BatchStore {
  private entries: BatchEntry[] = [];
  private seq = 0;
  readonly options: Required<Omit<BatchOptions, 'mix' | 'pollRetryAfter'>> & Pick<BatchOptions, 'mix' | 'pollRetryAfter'>;

  constructor(
    private readonly now: () => number,
    options: BatchOptions,
    private readonly render: RenderBatchRequest,
  ) {
    this.options = {
      pollsToEnd: options.pollsToEnd ?? BATCH_DEFAULTS.pollsToEnd,
      cancelPolls: options.cancelPolls ?? BATCH_DEFAULTS.cancelPolls,
      maxRequests: options.maxRequests ?? BATCH_DEFAULTS.maxRequests,
      maxBytes: options.maxBytes ?? BATCH_DEFAULTS.maxBytes,
      resultsChunkBytes: options.resultsChunkBytes ?? BATCH_DEFAULTS.resultsChunkBytes,
      order: options.order ?? 'shuffled',
      mix: options.mix,
      pollRetryAfter: options.pollRetryAfter,
    };
  }

  create(requests: BatchRequest[], version: string, plan: BatchStepPlan = {}): BatchEntry {
    const seq = ++this.seq;
    const errored = new Map<string, string>();
    const expired = new Set<string>(plan.expired ?? []);
    for (const id of plan.errored ?? []) errored.set(id, plan.erroredType ?? 'api_error');
    const mix = this.options.mix;
    if (mix) {
      for (const r of requests) {
        const u = draw(mix.seed ?? 0, r.custom_id);
        if (u < (mix.errored ?? 0)) errored.set(r.custom_id, 'api_error');
        else if (u < (mix.errored ?? 0) + (mix.expired ?? 0)) expired.add(r.custom_id);
      }
    }
    const indices = this.options.order === 'shuffled' ? shuffled(requests.length, seq) : requests.map((_, i) => i);
    const entry: BatchEntry = {
      id: makeId('msgbatch', seq), seq, createdAt: this.now(), version, requests, status: 'in_progress',
      order: indices.filter((i) => !expired.has(requests[i].custom_id)), processed: 0,
      pollsToEnd: plan.pollsToEnd ?? this.options.pollsToEnd, cancelPollsLeft: this.options.cancelPolls, rows: [], errored,
    };
    this.entries.unshift(entry);
    if (entry.pollsToEnd <= 0) this.processAll(entry);
    return entry;
  }

  get(id: string): BatchEntry | undefined {
    return this.entries.find((e) => e.id === id && !e.deleted);
  }

  /** Newest first. */
  list(): BatchEntry[] {
    this.entries.forEach((e) => this.checkExpiry(e));
    return this.entries.filter((e) => !e.deleted);
  }

  /** A retrieve: processes the next share, or moves a canceling batch towards its end. */
  poll(entry: BatchEntry): void {
    if (this.checkExpiry(entry) || entry.status === 'ended') return;
    if (entry.status === 'canceling') {
      // `cancelPolls` retrieves show `canceling`; the one after them finds the batch ended.
      if (entry.cancelPollsLeft <= 0) this.end(entry, 'canceled');
      else entry.cancelPollsLeft--;
      return;
    }
    const share = Math.ceil(entry.order.length / Math.max(1, entry.pollsToEnd));
    this.process(entry, entry.processed + share);
  }

  cancel(entry: BatchEntry): void {
    if (this.checkExpiry(entry) || entry.status !== 'in_progress') return;
    entry.status = 'canceling';
    entry.cancelInitiatedAt = this.now();
    if (entry.cancelPollsLeft <= 0) this.end(entry, 'canceled');
  }

  /** Whether it could be deleted (only ended batches can). */
  delete(entry: BatchEntry): boolean {
    if (entry.status !== 'ended') return false;
    entry.deleted = true;
    return true;
  }

  clear(): void {
    this.entries = [];
  }

  /** The MessageBatch object. Counts stay at `processing` until the whole batch ended, as the API's do. */
  toJson(entry: BatchEntry, baseUrl: string): Record<string, unknown> {
    this.checkExpiry(entry);
    const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    if (entry.status === 'ended') for (const r of entry.rows) counts[r.result.type]++;
    else counts.processing = entry.requests.length;
    const archived = this.archived(entry);
    return {
      id: entry.id,
      type: 'message_batch',
      processing_status: entry.status,
      request_counts: counts,
      ended_at: entry.endedAt === undefined ? null : iso(entry.endedAt),
      created_at: iso(entry.createdAt),
      expires_at: iso(entry.createdAt + BATCH_DEFAULTS.expiresAfterMs),
      archived_at: archived ? iso(entry.createdAt + BATCH_DEFAULTS.archivedAfterMs) : null,
      cancel_initiated_at: entry.cancelInitiatedAt === undefined ? null : iso(entry.cancelInitiatedAt),
      results_url: entry.status === 'ended' ? `${baseUrl}/v1/messages/batches/${entry.id}/results` : null,
    };
  }

  /** Results as JSONL (one row a line, in processing order); `undefined` before the end, `null` once archived. */
  resultsJsonl(entry: BatchEntry): string | null | undefined {
    this.checkExpiry(entry);
    if (entry.status !== 'ended') return undefined;
    if (this.archived(entry)) return null;
    let out = '';
    for (const r of entry.rows) out += `${JSON.stringify(r)}\n`;
    return out;
  }

  /** Whether a retrieve should tell the client when to come back. */
  retryAfterFor(entry: BatchEntry): number | undefined {
    return entry.status === 'ended' ? undefined : this.options.pollRetryAfter;
  }

  private archived(entry: BatchEntry): boolean {
    return this.now() >= entry.createdAt + BATCH_DEFAULTS.archivedAfterMs;
  }

  /** Ends a batch whose 24 hours are over; true when it did. */
  private checkExpiry(entry: BatchEntry): boolean {
    if (entry.status === 'ended' || this.now() < entry.createdAt + BATCH_DEFAULTS.expiresAfterMs) return false;
    this.end(entry, 'expired');
    return true;
  }

  private processAll(entry: BatchEntry): void {
    this.process(entry, entry.order.length);
  }

  /** Processes requests in order up to `upTo`; ends the batch once all of them were. */
  private process(entry: BatchEntry, upTo: number): void {
    const limit = Math.min(upTo, entry.order.length);
    for (; entry.processed < limit; entry.processed++) {
      const request = entry.requests[entry.order[entry.processed]];
      entry.rows.push({ custom_id: request.custom_id, result: this.resultOf(entry, request) });
    }
    if (entry.processed >= entry.order.length) this.end(entry, 'expired');
  }

  private resultOf(entry: BatchEntry, request: BatchRequest): BatchResult {
    const type = entry.errored.get(request.custom_id);
    if (type === undefined) return this.render(request.params, entry.version);
    const message = type === 'overloaded_error' ? 'Overloaded' : 'Internal server error';
    return { type: 'errored', error: { type: 'error', error: { type, message }, request_id: makeId('req', entry.seq * 100_000 + entry.processed) } };
  }

  /** Ends the batch; requests never processed become `rest` (`canceled` or `expired`). */
  private end(entry: BatchEntry, rest: 'canceled' | 'expired'): void {
    const done = new Set(entry.rows.map((r) => r.custom_id));
    for (const r of entry.requests) if (!done.has(r.custom_id)) entry.rows.push({ custom_id: r.custom_id, result: { type: rest } });
    entry.status = 'ended';
    entry.endedAt = this.now();
  }
}
