/**
 * Message Batches that end deterministically: after `pollsToEnd` retrieves (0 = ended at
 * creation). A cancel before the end turns every request into `canceled`.
 */
import { makeId } from './messagePlan';

/** One request of a batch as submitted. */
export interface BatchRequest {
  custom_id: string;
  params: unknown;
}

/** A JSONL row of the results file. */
export interface BatchResultRow {
  custom_id: string;
  result:
    | { type: 'succeeded'; message: Record<string, unknown> }
    | { type: 'errored'; error: { type: 'error'; error: { type: string; message: string } } }
    | { type: 'canceled' }
    | { type: 'expired' };
}

/** How a single batch request turns into a result (the messages planner, injected). */
export type RenderBatchRequest = (params: unknown) => BatchResultRow['result'];

interface BatchEntry {
  id: string;
  createdAt: number;
  polls: number;
  requests: BatchRequest[];
  status: 'in_progress' | 'canceling' | 'ended';
  cancelInitiatedAt?: number;
  endedAt?: number;
  results?: BatchResultRow[];
  deleted?: boolean;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** In-memory batches of one emulator. */
export class BatchStore {
  private entries: BatchEntry[] = [];
  private seq = 0;

  constructor(
    private readonly now: () => number,
    private readonly pollsToEnd: number,
    private readonly render: RenderBatchRequest,
  ) {}

  create(requests: BatchRequest[]): BatchEntry {
    const entry: BatchEntry = { id: makeId('msgbatch', ++this.seq), createdAt: this.now(), polls: 0, requests, status: 'in_progress' };
    this.entries.unshift(entry);
    if (this.pollsToEnd <= 0) this.end(entry);
    return entry;
  }

  get(id: string): BatchEntry | undefined {
    return this.entries.find((e) => e.id === id && !e.deleted);
  }

  /** Newest first. */
  list(): BatchEntry[] {
    return this.entries.filter((e) => !e.deleted);
  }

  /** A retrieve: counts a poll and ends the batch when its turn has come. */
  poll(entry: BatchEntry): void {
    entry.polls++;
    if (entry.status !== 'ended' && entry.polls >= this.pollsToEnd) this.end(entry);
  }

  cancel(entry: BatchEntry): void {
    if (entry.status !== 'in_progress') return;
    entry.status = 'canceling';
    entry.cancelInitiatedAt = this.now();
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

  private end(entry: BatchEntry): void {
    const canceled = entry.status === 'canceling';
    entry.results = entry.requests.map((r) => ({
      custom_id: r.custom_id,
      result: canceled ? { type: 'canceled' as const } : this.render(r.params),
    }));
    entry.status = 'ended';
    entry.endedAt = this.now();
  }

  /** The MessageBatch object. */
  toJson(entry: BatchEntry, baseUrl: string): Record<string, unknown> {
    const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    if (entry.results) for (const r of entry.results) counts[r.result.type]++;
    else counts.processing = entry.requests.length;
    return {
      id: entry.id,
      type: 'message_batch',
      processing_status: entry.status,
      request_counts: counts,
      ended_at: entry.endedAt === undefined ? null : iso(entry.endedAt),
      created_at: iso(entry.createdAt),
      expires_at: iso(entry.createdAt + 24 * 3600_000),
      archived_at: null,
      cancel_initiated_at: entry.cancelInitiatedAt === undefined ? null : iso(entry.cancelInitiatedAt),
      results_url: entry.status === 'ended' ? `${baseUrl}/v1/messages/batches/${entry.id}/results` : null,
    };
  }

  /** Results as JSONL (one row a line), or undefined before the batch ended. */
  resultsJsonl(entry: BatchEntry): string | undefined {
    return entry.results?.map((r) => JSON.stringify(r)).join('\n').concat('\n');
  }
}
