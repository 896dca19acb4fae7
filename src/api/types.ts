/**
 * Public types of the client library. Wire shapes come from the official SDK (type-only import,
 * nothing lands in the bundle); the client's own contract types live here.
 */
import type {
  Message,
  MessageCreateParamsBase,
  MessageCountTokensParams,
  RawMessageStreamEvent,
  ContentBlock,
  Usage,
} from '@anthropic-ai/sdk/resources/messages/messages';
import type { ModelInfo } from '@anthropic-ai/sdk/resources/models';
import type {
  DeletedMessageBatch,
  MessageBatch,
  MessageBatchIndividualResponse,
  MessageBatchRequestCounts,
  BatchCreateParams,
} from '@anthropic-ai/sdk/resources/messages/batches';
import type { KeyProvider } from './keys';
import type { Clock } from '../base/clock';
import type { TransportKind } from './transport/types';
import type { BatcherOptions } from './batch/types';
import type { ProxyOption } from './transport/proxy';
import type { SigningHeaderNames } from './signing';
import type { CostFunction } from './metrics/cost';

export type { TransportKind };
export type { Message, RawMessageStreamEvent, ContentBlock, Usage, ModelInfo, MessageBatch, MessageBatchIndividualResponse, MessageBatchRequestCounts, DeletedMessageBatch };

/** One event of a streamed message (the raw wire events). */
export type MessageStreamEvent = RawMessageStreamEvent;

/** The two wire versions the API speaks. */
export type ApiVersion = '2026-10-21' | '2023-06-01';

/** Header that carries the key. */
export type AuthHeaderName = 'authorization' | 'x-api-key';

/** Fields the current version rejects but the older one accepts; `betas` becomes `anthropic-beta`. */
export interface LegacySamplingParams {
  temperature?: number;
  top_p?: number;
  top_k?: number;
}

/** Body of `messages.create` / `messages.stream` (the SDK shape, plus legacy sampling and `betas`). */
export type MessageCreateBody = Omit<MessageCreateParamsBase, 'stream'> &
  LegacySamplingParams & { stream?: boolean; betas?: string[] };

/** Body of `messages.countTokens`. */
export type CountTokensBody = MessageCountTokensParams & LegacySamplingParams & { betas?: string[] };

/** Body of `batches.create`. */
export type BatchCreateBody = BatchCreateParams & { betas?: string[] };

/** Per-call options. */
export interface RequestOptions {
  signal?: AbortSignal;
  /** Extra `anthropic-beta` values for this call. */
  betas?: string[];
  /** Extra headers for this call (never logged). */
  headers?: Record<string, string>;
  /** Per-call override of the client's `maxRetries`. */
  maxRetries?: number;
  /** Per-call override of the header timeout. */
  timeoutMs?: number;
}

/** Minimal logger; the client never passes it a key or an auth header. */
export interface Logger {
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string, ...args: unknown[]): void;
}

/**
 * Circuit breaker tuning (one circuit per endpoint + model). The rule, in full in the README
 * ("Circuit breaker"): each call's FINAL outcome (after its retries) is recorded in a sliding
 * window of the last `windowMs`; once the window holds at least `minimumCalls` calls and the
 * share of failures among them is at least `failureRateThreshold`, the circuit opens for
 * `openMs`; then it is half-open and lets `halfOpenCalls` trial calls through, which close it or
 * open it again. Failures are overload/5xx, connection failures and timeouts; 4xx answers count
 * as successes (the service answered), aborts are not counted.
 */
export interface CircuitBreakerOptions {
  /** `false` turns the breaker off (every call goes through; nothing is recorded). Default true. */
  enabled?: boolean;
  /** Share of failed calls in the window that opens the circuit, in (0, 1] (default 0.5). */
  failureRateThreshold?: number;
  /** Calls the window must hold before the rate is judged (default 20). */
  minimumCalls?: number;
  /** Length of the sliding window, judged in ten steps of `windowMs / 10` (default 60 s). */
  windowMs?: number;
  /** How long the circuit stays open before trial calls are let through (default 30 s). */
  openMs?: number;
  /**
   * Trial calls let through at once while half-open (default 3). The circuit opens again as soon
   * as ceil(halfOpenCalls × failureRateThreshold) trials failed, and closes as soon as the rest
   * succeeded (with 3 and 0.5: two failures re-open, two successes close).
   */
  halfOpenCalls?: number;
  /**
   * @deprecated Earlier rule (N consecutive failed attempts). Still accepted: it becomes
   * `minimumCalls: N` and, unless `halfOpenCalls` is given, a single trial call.
   */
  failureThreshold?: number;
  /** @deprecated Earlier name of `openMs`. */
  resetTimeoutMs?: number;
}

/** Options of `new AnthropicClient(...)`. */
export interface ClientOptions {
  /** A single key. Without `apiKey` and `keys`, `process.env.ANTHROPIC_API_KEY` is used (like the SDK). */
  apiKey?: string;
  /** Several keys with rotation; wins over `apiKey`. */
  keys?: KeyProvider;
  /** Default `https://api.anthropic.com`. */
  baseURL?: string;
  /** Default `2026-10-21`. */
  apiVersion?: ApiVersion;
  /** Default: follows the version (`authorization` for 2026-10-21, `x-api-key` for 2023-06-01). */
  authHeader?: AuthHeaderName | 'auto';
  /** Retries after the first attempt (default 2, like the SDK). */
  maxRetries?: number;
  /** Connect + response-headers timeout (default 60 s). */
  timeoutMs?: number;
  /** Longest silence between two stream chunks (default 60 s). */
  idleTimeoutMs?: number;
  /** Longest single retry wait (default 60 s); longer server hints are capped to it. */
  maxRetryDelayMs?: number;
  /** Total time one call may spend waiting between attempts (default 120 s). */
  retryBudgetMs?: number;
  /** Circuit breaker tuning; `false` (or `{ enabled: false }`) turns it off. */
  circuitBreaker?: CircuitBreakerOptions | false;
  /** Model used while the circuit of the requested model is open. */
  fallbackModel?: string;
  /** HMAC-SHA256 request signing for gateways (the signed string: README, "Company networks"). */
  signingSecret?: string;
  /** Names of the signing headers (default `x-timestamp`, `x-nonce`, `x-signature`). */
  signingHeaders?: Partial<SigningHeaderNames>;
  /** Headers sent as given on every request (SDK option; credential headers in it are dropped). */
  defaultHeaders?: Record<string, string>;
  /**
   * Headers sent on every request, e.g. a gateway's org or project id; values may reference
   * `${env:NAME}`. The credential headers, `anthropic-version`, `content-type`, the signing
   * headers and the transport's own headers are refused: the constructor (or `configure`) throws
   * a `TypeError` naming each (use `resolveExtraHeaders` to check a map first).
   */
  extraHeaders?: Record<string, string>;
  /** `anthropic-beta` values sent with every request. */
  betas?: string[];
  logger?: Logger;
  clock?: Clock;
  /** Source of randomness for jitter and nonces, in [0, 1). */
  random?: () => number;
  /** Max sockets per origin in the keep-alive pool (default 16); with `fetch`, max requests in flight. */
  maxSockets?: number;
  /**
   * Proxy for the `node` transport: `env` (default: `HTTPS_PROXY`, `http_proxy`, `ALL_PROXY` and
   * `NO_PROXY`, read like curl does), `none`, a URL, or `{ url, noProxy }`. The `fetch` transport
   * leaves routing to the runtime (VS Code's proxy support in the extension host) and uses this
   * only to name the proxy in errors (default `none`, or `env` when `NODE_USE_ENV_PROXY` is set).
   */
  proxy?: ProxyOption;
  /** Extra CA certificates (PEM) the `node` transport trusts, e.g. a TLS-inspecting proxy's. */
  ca?: string | Buffer | Array<string | Buffer>;
  /**
   * Prices a call's usage (USD and cache savings), for the metrics (`costUsd`, per-model and
   * per-minute cost) and the per-key cost (`client.keyUsage`). The library has no price table;
   * without this, both count tokens only. Read per call, so `configure({ costOf })` applies at once.
   */
  costOf?: CostFunction;
  /**
   * `node` (default): `node:http`/`node:https` on the client's own keep-alive agents. `fetch`:
   * global fetch (undici), which the VS Code extension host keeps pooled and routes through
   * `http.proxy` (it replaces an extension's own agent and drops its keep-alive).
   */
  transport?: TransportKind;
  /** Tuning of `client.batcher` (batch size and bytes, the gathering window, poll backoff). */
  batcher?: BatcherOptions;
}

/** Announced before every wait (retry backoff, rate-limit pause). */
export interface RetryInfo {
  attempt: number;
  maxRetries: number;
  delayMs: number;
  /** Epoch ms (client clock) when the wait ends. */
  until: number;
  reason: string;
  status?: number;
  errorType?: string;
  model?: string;
}

/** Circuit state transition. */
export interface CircuitChange {
  key: string;
  state: 'closed' | 'open' | 'half-open';
  retryAt?: number;
}

/** One finished call, for the log. Never contains a key. */
export interface RequestRecord {
  method: string;
  path: string;
  model?: string;
  status?: number;
  requestId?: string;
  latencyMs: number;
  attempts: number;
  keyLabel?: string;
  error?: string;
}

/** One rate-limit bucket as the API reports it. */
export interface RateLimitBucket {
  limit?: number;
  remaining?: number;
  /** RFC 3339 string as sent. */
  reset?: string;
  /** `reset` as epoch ms. */
  resetAt?: number;
}

/** Latest `anthropic-ratelimit-*` headers. */
export interface RateLimitSnapshot {
  requests?: RateLimitBucket;
  tokens?: RateLimitBucket;
  inputTokens?: RateLimitBucket;
  outputTokens?: RateLimitBucket;
  retryAfterMs?: number;
  receivedAt: number;
  requestId?: string;
}

/** Something that can be unsubscribed (the one `Disposable` of src/base). */
export type { Disposable } from '../base/lifecycle';

/** A JSONL row of batch results. */
export type BatchResultRow = MessageBatchIndividualResponse;

/** Page of a list endpoint. */
export interface ListPage<T> {
  data: T[];
  has_more: boolean;
  first_id: string | null;
  last_id: string | null;
}
