/**
 * The types the request pipeline passes between its steps (executor, exchange, key pacing, the
 * resources and the stream). In their own file so the steps import types from here, never from
 * each other: no import circles.
 */
import type { Clock } from '../../base/clock';
import type { ApiKey } from '../keys';
import type { Metrics } from '../metrics/metrics';
import type { CircuitBreaker } from '../resilience/circuitBreaker';
import type { ErrorHeaders } from '../errors';
import type { SseBody } from '../stream/sseBody';
import type { HttpResponse, Transport } from '../transport/types';
import type { ResponseBody } from '../transport/responseBody';
import type { AbortLike } from '../transport/lightSignal';
import type { RateLimitSnapshot, RequestOptions, RequestRecord, RetryInfo } from '../types';
import type { ResolvedConfig } from './config';
import type { CircuitCall } from './circuitGate';
import type { Interceptor } from '../interceptors/types';
import type { KeyUsageTracker, UsageCounts } from '../keyUsage';

/** One logical call. */
export interface CallSpec {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: Record<string, unknown>;
  /** The body already serialized (wins over `body`; the fallback model never rewrites it). */
  bodyText?: string;
  /**
   * `false` for a call that must never reach the server twice (creating a batch): a connection that
   * failed once the request may have been sent is not retried. Refusals the server answered (429,
   * 5xx, 529) and connections that were never made still are.
   */
  repeatable?: boolean;
  model?: string;
  stream?: boolean;
  signal?: AbortLike;
  options?: RequestOptions;
  betas?: string[];
  /** Extra listener for this call's waits (stream.on('retry')). */
  onRetry?: (info: RetryInfo) => void;
  /** Set while waiting; calling it ends the wait early. */
  wake?: { current?: () => void };
}

/** What one call has done so far, across its attempts (read by the exchange for the request log). */
export interface CallState {
  attempts: number;
  retries: number;
  /** Time spent in retry waits, held against the retry budget. */
  waitedMs: number;
  /** The last wait obeyed the server's own hint: the next attempt skips the rate-limit pause. */
  skipRateWait: boolean;
  /** The model sent (the fallback model while the circuit is open). */
  model?: string;
  keyLabel?: string;
  circuit: CircuitCall;
}

/** Outcome passed to {@link Exchange.finish}. */
export interface FinishOutcome {
  error?: unknown;
  usage?: UsageCounts;
  /** Client-clock time of a stream's first token (for the generation speed). */
  firstTokenAt?: number;
}

/** A successful (2xx) response whose body the caller now reads. */
export interface Exchange {
  /** The body, already being read (its one owner). */
  readonly body: ResponseBody;
  /** For stream calls: the body's SSE events; the first one has arrived. */
  readonly events: SseBody | undefined;
  readonly status: number;
  readonly headers: ErrorHeaders;
  readonly requestId: string | undefined;
  readonly model: string | undefined;
  readonly attempts: number;
  readonly startedAt: number;
  /** Records the final outcome (metrics, breaker, request log). Call exactly once. */
  finish(outcome: FinishOutcome): void;
}

/** Collaborators of the executor. */
export interface ExecutorDeps {
  config: () => ResolvedConfig;
  transport: Transport;
  /** Aborted when the client is disposed: ends every wait. */
  lifetime: AbortLike;
  clock: Clock;
  random: () => number;
  metrics: Metrics;
  breaker: CircuitBreaker;
  rateLimitsFor: (keyId: string) => RateLimitSnapshot | undefined;
  updateRateLimits: (keyId: string, snapshot: RateLimitSnapshot) => void;
  announceRetry: (info: RetryInfo) => void;
  recordRequest: (record: RequestRecord) => void;
  /** The interceptors of an attempt under `config` (signing last), or undefined when none. */
  interceptors: (config: ResolvedConfig) => readonly Interceptor[] | undefined;
  keyUsage: KeyUsageTracker;
}

/** A response whose headers arrived (and, for a stream, its first event), with what the attempt learned. */
export interface AttemptResult {
  response: HttpResponse;
  events: SseBody | undefined;
  key?: ApiKey;
}
