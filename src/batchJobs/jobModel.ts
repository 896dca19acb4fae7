/**
 * A batch job as the extension stores it: which files went out in which batch under which custom
 * ids, and what came back. Plain JSON, never a key (errors are stored as their type and a redacted
 * message), checked field by field when read back so a damaged file is reported, never trusted.
 */

/** Where a job is. */
export const JOB_STATUSES = ['submitting', 'running', 'canceling', 'ended', 'failed'] as const;
/** See {@link JOB_STATUSES}. */
export type JobStatus = (typeof JOB_STATUSES)[number];

/** How one file ended. */
export const ITEM_OUTCOMES = ['succeeded', 'errored', 'canceled', 'expired', 'failed'] as const;
/** See {@link ITEM_OUTCOMES}. */
export type ItemOutcome = (typeof ITEM_OUTCOMES)[number];

/** Token usage of one answer, with the API's field names. */
export interface JobUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/** The result of one file. */
export interface ItemResult {
  outcome: ItemOutcome;
  /** The answer's text (succeeded). */
  text?: string;
  usage?: JobUsage;
  /** Why it did not succeed: the API's error type and a readable message (keys masked). */
  errorType?: string;
  errorMessage?: string;
}

/** One file of a job. */
export interface JobItem {
  customId: string;
  /** Workspace-relative path (for the report), and the file's URI (to read it again for a retry). */
  path: string;
  uri: string;
  language: string;
  result?: ItemResult;
}

/** A file left out before sending, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** Request counts as the last poll reported them. */
export interface JobCounts {
  processing: number;
  succeeded: number;
  errored: number;
  canceled: number;
  expired: number;
}

/** A stored job. */
export interface BatchJob {
  /** Schema of this record. */
  version: 1;
  id: string;
  createdAt: number;
  status: JobStatus;
  model: string;
  maxTokens: number;
  template: string;
  batchId?: string;
  items: JobItem[];
  skipped: SkippedFile[];
  counts?: JobCounts;
  /** Estimated input tokens (count_tokens) and their cost at the batch price, in USD. */
  estimate?: { inputTokens: number; costUsd?: number };
  lastPolledAt?: number;
  endedAt?: number;
  /** Why the job failed as a whole (never a key). */
  error?: string;
  /** The job whose failed items this one sends again. */
  retryOf?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isText = (v: unknown): v is string => typeof v === 'string';
const optional = <T>(v: unknown, check: (x: unknown) => x is T): boolean => v === undefined || check(v);

function isUsage(v: unknown): v is JobUsage {
  return isObject(v) && isCount(v.input_tokens) && isCount(v.output_tokens) && isCount(v.cache_creation_input_tokens) && isCount(v.cache_read_input_tokens);
}

function isResult(v: unknown): v is ItemResult {
  return isObject(v) && (ITEM_OUTCOMES as readonly unknown[]).includes(v.outcome) && optional(v.text, isText) && optional(v.usage, isUsage)
    && optional(v.errorType, isText) && optional(v.errorMessage, isText);
}

function isItem(v: unknown): v is JobItem {
  return isObject(v) && isText(v.customId) && isText(v.path) && isText(v.uri) && isText(v.language) && optional(v.result, isResult);
}

function isCounts(v: unknown): v is JobCounts {
  return isObject(v) && isCount(v.processing) && isCount(v.succeeded) && isCount(v.errored) && isCount(v.canceled) && isCount(v.expired);
}

/** Checks a parsed record; returns the job, or why it is not one. */
export function parseJob(value: unknown): BatchJob | string {
  if (!isObject(value)) return 'not an object';
  if (value.version !== 1) return `unknown version ${JSON.stringify(value.version)}`;
  const checks: [string, boolean][] = [
    ['id', isText(value.id) && /^[a-z0-9-]{1,64}$/.test(value.id)],
    ['createdAt', isCount(value.createdAt)],
    ['status', (JOB_STATUSES as readonly unknown[]).includes(value.status)],
    ['model', isText(value.model)],
    ['maxTokens', isCount(value.maxTokens)],
    ['template', isText(value.template)],
    ['batchId', optional(value.batchId, isText)],
    ['items', Array.isArray(value.items) && value.items.every(isItem)],
    ['skipped', Array.isArray(value.skipped) && value.skipped.every((s) => isObject(s) && isText(s.path) && isText(s.reason))],
    ['counts', optional(value.counts, isCounts)],
    ['estimate', value.estimate === undefined || (isObject(value.estimate) && isCount(value.estimate.inputTokens) && optional(value.estimate.costUsd, (x): x is number => typeof x === 'number' && x >= 0))],
    ['lastPolledAt', optional(value.lastPolledAt, isCount)],
    ['endedAt', optional(value.endedAt, isCount)],
    ['error', optional(value.error, isText)],
    ['retryOf', optional(value.retryOf, isText)],
  ];
  const bad = checks.find(([, ok]) => !ok);
  return bad ? `bad field "${bad[0]}"` : (value as unknown as BatchJob);
}

/** Items that have no result yet (what a resumed job still waits for). */
export function waitingItems(job: BatchJob): JobItem[] {
  return job.items.filter((i) => i.result === undefined);
}

/** Items worth sending again: errored, expired, canceled or failed, and those of a failed job that got no result. */
export function failedItems(job: BatchJob): JobItem[] {
  return job.items.filter((i) => (i.result === undefined ? job.status === 'failed' : i.result.outcome !== 'succeeded'));
}

/** Counts of the job's own results (for a job whose last poll is older than its results). */
export function outcomeCounts(job: BatchJob): Record<ItemOutcome | 'waiting', number> {
  const out: Record<ItemOutcome | 'waiting', number> = { succeeded: 0, errored: 0, canceled: 0, expired: 0, failed: 0, waiting: 0 };
  for (const item of job.items) out[item.result?.outcome ?? 'waiting']++;
  return out;
}
