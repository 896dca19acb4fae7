/**
 * Public types of the local Anthropic emulator: options, scripted fault steps and the
 * record kept of every request. Tests and other processes (through the HTTP control
 * routes) speak in these shapes.
 */

import type { PromptCacheOptions } from './promptCache';

/** One bucket of rate-limit accounting, e.g. requests per minute. */
export interface RateLimitBucketConfig {
  /** Allowed per window. */
  limit: number;
  /** Left in the current window (defaults to `limit`). */
  remaining?: number;
  /** Window length in ms; the bucket refills when it ends (default 60 000). */
  windowMs?: number;
}

/** Rate-limit configuration for the four buckets the real API reports. */
export interface RateLimitConfig {
  requests?: RateLimitBucketConfig;
  tokens?: RateLimitBucketConfig;
  inputTokens?: RateLimitBucketConfig;
  outputTokens?: RateLimitBucketConfig;
  /**
   * Answer 429 (with `retry-after` to the reset) when a bucket is exhausted, as the real
   * API does. Default true.
   */
  enforce?: boolean;
}

/** A model as `GET /v1/models` lists it. */
export interface EmulatorModel {
  id: string;
  display_name: string;
  created_at: string;
  type: 'model';
  /** Context window in input tokens, as the API's model data reports it (null: not reported). */
  max_input_tokens?: number | null;
  /** Largest `max_tokens` the model accepts. */
  max_tokens?: number | null;
}

/**
 * Seeded random faults per `POST /v1/messages` attempt (soak runs; see randomFaults.ts). Each
 * probability is the share of attempts that get that fault (their sum at most 1); the draw
 * depends on the seed, the request body and the attempt number only.
 */
export interface RandomFaults {
  seed: number;
  /** 529 overloaded. */
  overloaded?: number;
  /** 429 with `retry-after: 1` and `retry-after-ms` ({@link retryAfterMs}). */
  rateLimited?: number;
  destroyBeforeHeaders?: number;
  /** The socket destroyed (FIN or RST) after 1-8 events. */
  midStreamReset?: number;
  /** Silence after 0-8 events, the socket left open. */
  stall?: number;
  /** An `overloaded_error` event after 1-8 events; half of them keep the response open. */
  errorEvent?: number;
  /** Cut-off JSON after 1-8 events; half of them keep the response open. */
  malformed?: number;
  /** Share of the fault-free answers with odd framing (1-byte chunks, CRLF, split UTF-8, comments). */
  oddFraming?: number;
  /** Share of all answers paced at {@link paceMs} between events (the others are written at once). */
  paced?: number;
  paceMs?: number;
  /** `retry-after-ms` of the 429s (default 100). */
  retryAfterMs?: number;
}

/**
 * Message Batches as the real API runs them: processed a share per retrieve, results out of
 * submission order, some requests errored or expired when asked, limits on size.
 */
export interface BatchOptions {
  /** Retrieves before a batch ends; each processes an equal share of its requests (default 1; 0 = ended at creation). */
  pollsToEnd?: number;
  /** Retrieves that still show a canceled batch as `canceling`; the next one finds it ended (default 1; 0 = ended at the cancel). */
  cancelPolls?: number;
  /** `retry-after` (seconds) on every retrieve of a batch that has not ended (default none). */
  pollRetryAfter?: number;
  /** Most requests in one batch (default 100,000, the API's limit): more is a 400. */
  maxRequests?: number;
  /** Largest create body in bytes (default 256 MB, the API's limit): more is a 413. */
  maxBytes?: number;
  /** Results JSONL is written in slices of this many bytes, one event-loop turn apart (default 4096). */
  resultsChunkBytes?: number;
  /** `shuffled` (default; seeded, never the submission order for 3+ requests) or `submitted`. */
  order?: 'shuffled' | 'submitted';
  /**
   * Shares of requests that end `errored` (an `api_error` body) or `expired`, drawn from a hash of
   * (seed, custom_id); requests with params the API refuses end `errored` with `invalid_request_error`.
   */
  mix?: { errored?: number; expired?: number; seed?: number };
}

/** What a scripted step on `POST /v1/messages/batches` decides for that batch. */
export interface BatchStepPlan {
  /** These custom ids end `errored`, with this error type (default `api_error`). */
  errored?: string[];
  erroredType?: string;
  /** These custom ids are never processed and end `expired`. */
  expired?: string[];
  /** Overrides `pollsToEnd` for this batch. */
  pollsToEnd?: number;
}

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Milliseconds between streamed events (0 = write as fast as possible; default 0). */
  paceMs?: number;
  /** Initial rate limits (defaults are generous so tests never hit them by accident). */
  rateLimits?: RateLimitConfig;
  /** Models served by `/v1/models` (default: a built-in list). */
  models?: EmulatorModel[];
  /** Retrieves of a batch before it ends (0 = ended at creation; default 1). Same as `batches.pollsToEnd`. */
  batchPolls?: number;
  /** How Message Batches behave (limits, pace, mixed outcomes, result order); see {@link BatchOptions}. */
  batches?: BatchOptions;
  /** Largest accepted body in bytes before 413 (default 32 MB, like the real API). */
  maxBodyBytes?: number;
  /**
   * When set, every /v1 request must carry a valid gateway signature (x-timestamp, x-nonce,
   * x-signature; see signature.ts) with a fresh nonce, else 401.
   */
  signingSecret?: string;
  /** Names of the signing headers the gateway reads (default x-timestamp, x-nonce, x-signature). */
  signingHeaders?: { timestamp?: string; nonce?: string; signature?: string };
  /** Seconds a signature's timestamp may be away from the emulator's clock (default 300). */
  signatureToleranceSeconds?: number;
  /** Called with one line per finished request (method, path, status, time, requests left); never a key. */
  log?: (line: string) => void;
  /** Keep only the newest n request records (default: all; the standalone server keeps 1000). */
  maxRecords?: number;
  /** Clock for rate-limit windows, timestamps and arrival times (default Date.now). */
  now?: () => number;
  /** Seeded random faults for every messages attempt no scripted step claims. */
  randomFaults?: RandomFaults;
  /** Serve https with this key and certificate (PEM) instead of http. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Prompt caching (see promptCache.ts); `false` reports no cache tokens. Default on, 1,024-token minimum. */
  promptCache?: PromptCacheOptions | false;
  /** `false`: `count_tokens` answers 404, like a gateway without it (default true). */
  countTokens?: boolean;
}

/**
 * One scripted behaviour, consumed by the first request it matches (in script order).
 * An empty step `{}` means "answer normally", so `script({ status: 529 }, {})` fails once
 * and then succeeds.
 */
export interface FaultStep {
  /** Path the step applies to: exact, or a prefix ending in `*`. Default `/v1/messages*`. */
  path?: string;
  /** Method the step applies to (default any). */
  method?: string;

  /** Respond with this status and an Anthropic error body. */
  status?: number;
  /** Error `type` in the body (default derived from the status, e.g. 529 -> overloaded_error). */
  errorType?: string;
  /** Error message in the body (default derived from the type, e.g. "Overloaded"). */
  message?: string;
  /** Raw body to send instead (string as is, object as JSON). */
  body?: string | object;
  /** `retry-after` in seconds (number) or as sent (string, e.g. an HTTP date). */
  retryAfter?: number | string;
  /** `retry-after-ms`. */
  retryAfterMs?: number;
  /** `x-should-retry`. */
  shouldRetry?: 'true' | 'false';
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Override rate-limit headers on this response (values as sent). */
  rateLimits?: Record<string, string>;
  /** A proxy's HTML 502 page instead of JSON. */
  html502?: boolean;

  /** Wait before sending headers. */
  delayMs?: number;
  /** Destroy the socket without any response. */
  destroyBeforeHeaders?: boolean;

  /** Write the SSE body (or batch results JSONL) in slices of this many bytes, yielding between writes. */
  chunkSize?: number;
  /** Cut the SSE body inside every multi-byte UTF-8 character. */
  splitUtf8?: boolean;
  /** CRLF line endings in the SSE body. */
  crlf?: boolean;
  /** SSE comment lines (`: ...`) between events. */
  comments?: boolean;
  /** Write this many events (pings written but not counted), then go silent with the socket open. */
  stallAfterEvents?: number;
  /** Write this many events (pings not counted; JSONL rows of batch results), then destroy the socket (mid-stream connection loss). */
  destroyAfterEvents?: number;
  /** With destroyAfterEvents: send a TCP RST instead of a FIN. */
  reset?: boolean;
  /** Write this many events (pings not counted), then an SSE `event: error` and end the response. */
  errorEventAfter?: number;
  /** Write this many events (pings not counted), then one whose data is cut-off JSON, and end. */
  malformedAfter?: number;
  /** With errorEventAfter / malformedAfter: keep the response open afterwards instead of ending it. */
  holdOpen?: boolean;
  /** Compress the answer (`content-encoding`); a stream is flushed after every write. */
  compress?: 'gzip' | 'deflate' | 'br';
  /** Raw SSE text to send as the body of a 200 stream. */
  sse?: string;
  /** File whose content is sent as the SSE body (a recorded fixture). */
  sseFile?: string;
  /** Milliseconds between events for this response (overrides the emulator's paceMs). */
  paceMs?: number;

  /** The answer text for this request. */
  text?: string;
  /**
   * The `stop_reason` of this answer (`max_tokens`, `pause_turn`, `refusal`, `stop_sequence`,
   * `tool_use`, or any other string, as a future API value would be), with the text cut as the
   * emulator would otherwise send it. `stop_sequence` reports `stopSequence` (default "###").
   */
  stopReason?: string;
  /** With `stopReason: 'stop_sequence'`: the sequence reported. */
  stopSequence?: string;

  /** On `POST /v1/messages/batches`: outcomes and pace of the batch it creates. */
  batch?: BatchStepPlan;
  /**
   * Echo the key the request carried, as a leaky server or proxy would: in an error body (its
   * message and an `echo` field), in the response headers `x-echoed-key` and
   * `x-echoed-authorization: Bearer <key>`, in an SSE `error` event's message and, for a 200
   * answer, at the end of the answer text.
   */
  echoKey?: boolean;
}

/** Which header carried the key. */
export type AuthHeaderUsed = 'authorization' | 'x-api-key' | 'both' | 'none';

/** What the emulator recorded about one request. */
export interface RecordedRequest {
  /** The `request-id` the emulator answered with. */
  requestId: string;
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased request headers (the key is kept in memory for assertions only). */
  headers: Record<string, string>;
  /** Parsed JSON body (undefined when empty or not JSON). */
  body: unknown;
  /** Arrival time from the emulator's clock (ms). */
  arrivedAt: number;
  /** Same number for requests that came over the same TCP connection. */
  socketId: number;
  /** 1 + the number of earlier requests with the same method, path and body (retries). */
  attempt: number;
  authHeader: AuthHeaderUsed;
  /** The key as received (never printed; redacted by the HTTP control route). */
  apiKey?: string;
  anthropicVersion?: string;
  /** The scripted step applied, if any. */
  step?: FaultStep;
  /** With random faults: which one this attempt drew (`clean`, `529`, `stall`, ...). */
  randomFault?: string;
  /** Status sent (undefined when the socket was destroyed before headers). */
  status?: number;
  /** With `signingSecret`: undefined when the signature was valid, else why it was refused. */
  signatureProblem?: 'missing' | 'stale' | 'mismatch' | 'replayed';
  /** Headers sent with the status. */
  responseHeaders?: Record<string, string>;
}

/** A running emulator. */
export interface Emulator {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Recorded requests, oldest first (control routes are not recorded). */
  readonly requests: readonly RecordedRequest[];
  /** Steps not yet consumed. */
  readonly pendingSteps: readonly FaultStep[];
  /** Append steps to the script. */
  script(...steps: FaultStep[]): void;
  /** Drop pending steps and set these instead (what `POST /__emulator/script` does). */
  replaceScript(steps: readonly FaultStep[]): void;
  /**
   * Replace rate-limit configuration (buckets start full unless `remaining` is given). With
   * `forKey`, that key gets limits of its own (like a key of another organisation), so key
   * rotation on 429 can be tested; other keys keep sharing the default limiter.
   */
  setRateLimits(config: RateLimitConfig, forKey?: string): void;
  /** `false`: `count_tokens` answers 404 from now on, like a gateway without it; `true` serves it again. */
  setCountTokens(on: boolean): void;
  /** Turns seeded random faults on (or off with `undefined`); counts restart. */
  setRandomFaults(config: RandomFaults | undefined): void;
  /** How many attempts drew each random fault since it was set. */
  randomFaultCounts(): Record<string, number>;
  /** Forget requests, steps, batches, cached prompts and random-fault counts (random faults stay on); restore the initial rate limits and count_tokens. */
  reset(): void;
  /** Stop listening and destroy open sockets (including stalled streams). */
  close(): Promise<void>;
}
