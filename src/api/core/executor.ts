/**
 * The request pipeline of every call: key choice, rate-limit pause, circuit breaker, one HTTP
 * attempt, error mapping, and the retry loop (p-retry does the looping; every wait runs on the
 * injected clock and is announced first).
 */
import pRetry from 'p-retry';
import { sleep } from '../../base/clock';
import type { ResolvedConfig } from './config';
import type { ApiKey } from '../keys';
import type { RetryInfo } from '../types';
import type { HttpResponse } from '../transport/types';
import { linkSignals } from '../transport/lightSignal';
import { SseBody } from '../stream/sseBody';
import { buildHeaders } from './headers';
import { CircuitCall } from './circuitGate';
import { createExchange } from './exchange';
import { reportKeyOutcome, waitForRoom } from './keyPacing';
import type { AttemptResult, CallSpec, CallState, Exchange, ExecutorDeps } from './pipeline';
import {
  AnthropicError,
  APIConnectionError,
  APIUserAbortError,
  AuthenticationError,
  PermissionDeniedError,
  RateLimitError,
  errorFromResponse,
  parseErrorBody,
} from '../errors';
import { parseRetryAfter, retryDelay } from '../retry/backoff';
import { shouldRetryResponse } from '../retry/policy';
import { exhaustedUntil, parseRateLimits } from '../resilience/rateLimits';

/** Retry bookkeeping attached to errors by an attempt. */
interface AttemptMeta {
  retryable: boolean;
  hintMs?: number;
  key?: ApiKey;
}
const metaOf = new WeakMap<object, AttemptMeta>();

/** Attempts granted on top of maxRetries for switching to another key (401 / 429 rotation). */
const KEY_SWITCH_ALLOWANCE = 8;

const abortError = (): APIUserAbortError => new APIUserAbortError('Request was aborted.');
/** What every call of a disposed client ends with. */
export const disposedError = (): APIUserAbortError => new APIUserAbortError('Client was disposed.');

/** Runs calls through the pipeline. */
export class Executor {
  constructor(private readonly deps: ExecutorDeps) {}

  /** Sends `spec` with retries; resolves with a 2xx exchange or rejects with a typed error. */
  async send(spec: CallSpec): Promise<Exchange> {
    const { clock, metrics } = this.deps;
    const config = this.deps.config();
    const maxRetries = Math.max(0, spec.options?.maxRetries ?? config.maxRetries);
    const startedAt = clock.now();
    metrics.countRequest();
    const circuit = new CircuitCall(this.deps.breaker, metrics, config, (m) => circuitKey(spec, m));
    const state: CallState = { attempts: 0, retries: 0, waitedMs: 0, skipRateWait: false, model: spec.model, keyLabel: undefined, circuit };
    const tried = new Set<string>();
    const logger = config.logger;

    const finishFailure = (error: unknown): void => {
      circuit.finish(error);
      const e = error instanceof AnthropicError ? error : undefined;
      metrics.failure(clock.now() - startedAt, e?.type ?? 'unknown_error', e?.status);
      this.deps.recordRequest({
        method: spec.method, path: spec.path, model: state.model, status: e?.status, requestId: e?.requestId,
        latencyMs: clock.now() - startedAt, attempts: state.attempts, keyLabel: state.keyLabel,
        error: e ? `${e.type}: ${e.message}` : String(error),
      });
      logger?.warn(`${spec.method} ${spec.path} failed after ${state.attempts} attempt(s): ${e?.message ?? String(error)}`);
    };

    try {
      // Most calls succeed at once, so p-retry's machinery (a retry operation that deep-copies its
      // timeout table) is only built after a failed first attempt. That failure is replayed as
      // p-retry's own first attempt: decisions, waits and error decoration stay exactly the same.
      state.attempts++;
      const first = await this.attempt(spec, config, state, tried, maxRetries).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
      if ('result' in first) return createExchange(first.result, this.deps, spec, state, startedAt);
      const exchange = await pRetry(
        async (attemptNumber) => {
          if (attemptNumber === 1) throw first.error;
          state.attempts++;
          return this.attempt(spec, config, state, tried, maxRetries);
        },
        {
          retries: maxRetries + KEY_SWITCH_ALLOWANCE,
          minTimeout: 0,
          maxTimeout: 0,
          factor: 1,
          randomize: false,
          onFailedAttempt: async (error) => {
            // p-retry's own stop/abort paths return the most frequent error, not the latest:
            // deciding here and throwing keeps the real cause.
            await this.decide(error, spec, config, state, tried, maxRetries);
          },
        },
      );
      return createExchange(exchange, this.deps, spec, state, startedAt);
    } catch (error) {
      finishFailure(error);
      throw error;
    }
  }

  private async decide(
    error: Error,
    spec: CallSpec,
    config: ResolvedConfig,
    state: CallState,
    tried: Set<string>,
    maxRetries: number,
  ): Promise<void> {
    const { clock } = this.deps;
    if (spec.signal?.aborted) throw error instanceof APIUserAbortError ? error : abortError();
    const meta = metaOf.get(error);
    if (!meta) throw error;
    // The circuit may have opened (other calls' outcomes) since this call was let through: a retry
    // would only meet CircuitOpenError and hide the real cause, so surface it (a fallback model,
    // when one can take it, gets the retry instead). Asked again after the wait.
    if (!state.circuit.mayRetry(error)) throw error;
    const keys = config.keys;
    // Key rotation: an invalid key is dropped, a rate-limited one is left for another with room.
    if (meta.key && keys && (error instanceof AuthenticationError || error instanceof PermissionDeniedError || error instanceof RateLimitError)) {
      tried.add(meta.key.id);
      const next = await keys.current(tried);
      if (next && next.id !== meta.key.id) {
        config.logger?.info(`switching from key "${meta.key.label}" to "${next.label}" after ${(error as AnthropicError).status}`);
        this.deps.metrics.countRetry();
        return;
      }
      if (error instanceof RateLimitError) tried.delete(meta.key.id);
    }
    if (!meta.retryable || state.retries >= maxRetries) throw error;
    const { delayMs, fromServer } = retryDelay(meta.hintMs, state.retries, this.deps.random, config.maxRetryDelayMs);
    if (state.waitedMs + delayMs > config.retryBudgetMs) throw error;
    state.retries++;
    state.waitedMs += delayMs;
    state.skipRateWait = fromServer;
    this.deps.metrics.countRetry();
    const e = error as AnthropicError;
    const info: RetryInfo = {
      attempt: state.retries, maxRetries, delayMs, until: clock.now() + delayMs,
      reason: e.type ?? 'error', status: e.status, errorType: e.type, model: state.model,
    };
    this.announce(info, spec);
    config.logger?.info(`retry ${state.retries}/${maxRetries} of ${spec.method} ${spec.path} in ${Math.round(delayMs)} ms (${info.reason})`);
    await this.wait(spec, delayMs);
    if (!state.circuit.mayRetry(error)) throw error;
  }

  /** A wait on the injected clock that the call's signal, `retryNow()` and the client's disposal end. */
  private async wait(spec: CallSpec, delayMs: number): Promise<void> {
    const { lifetime } = this.deps;
    const link = linkSignals(spec.signal, lifetime);
    try {
      await sleep(this.deps.clock, delayMs, link.signal, () => (lifetime.aborted ? disposedError() : abortError()), spec.wake);
    } finally {
      link.unlink();
    }
  }

  private announce(info: RetryInfo, spec: CallSpec): void {
    this.deps.announceRetry(info);
    spec.onRetry?.(info);
  }

  /** One HTTP attempt; throws typed errors with retry metadata attached. */
  private async attempt(
    spec: CallSpec,
    config: ResolvedConfig,
    state: CallState,
    tried: Set<string>,
    maxRetries: number,
  ): Promise<AttemptResult> {
    const { clock, metrics } = this.deps;
    if (spec.signal?.aborted) throw abortError();
    if (this.deps.lifetime.aborted) throw disposedError();
    let key = await this.pickKey(config, tried);
    state.keyLabel = key?.label;

    // Sending while a limit is at 0 only earns a 429: wait for its reset (announced, abortable).
    // Checked here first so the usual case (room left) skips an async hop on every request.
    if (key && !state.skipRateWait && exhaustedUntil(this.deps.rateLimitsFor(key.id), clock.now()) !== undefined) {
      key = await waitForRoom(this.deps, config, key, tried, (delayMs, until) => {
        this.announce({ attempt: state.retries, maxRetries, delayMs, until, reason: 'rate_limit_reset', model: state.model }, spec);
        return this.wait(spec, delayMs);
      });
      state.keyLabel = key.label;
    }
    state.skipRateWait = false;

    // Circuit breaker (per endpoint+model); the fallback model takes over while it is open. Only
    // the call's final outcome is recorded (CircuitCall.finish), never a single attempt's.
    const model = state.circuit.enter(state.model);
    state.model = model;

    const body = spec.bodyText ?? (spec.body ? JSON.stringify(model && model !== spec.model ? { ...spec.body, model } : spec.body) : undefined);
    const pathWithQuery = spec.path + queryString(spec.query);
    const headers = buildHeaders({
      config, key, method: spec.method, pathWithQuery, body, stream: !!spec.stream,
      betas: [...(spec.betas ?? []), ...(spec.options?.betas ?? [])], extra: spec.options?.headers,
      now: clock.now(), retryCount: state.retries,
    });
    metrics.countAttempt(body ? Buffer.byteLength(body) : 0);
    config.logger?.debug(`${spec.method} ${pathWithQuery}${model ? ` model=${model}` : ''}${key ? ` key="${key.label}"` : ''} attempt ${state.retries + 1}`);

    let res: HttpResponse;
    try {
      res = await this.deps.transport.send({
        baseURL: config.baseURL, path: pathWithQuery, method: spec.method, headers, body, signal: spec.signal,
        timeoutMs: spec.options?.timeoutMs ?? config.timeoutMs, idleTimeoutMs: config.idleTimeoutMs,
      });
    } catch (error) {
      if (error instanceof APIUserAbortError) throw error;
      // No response byte arrived: safe to retry (connection refused/reset, header timeout), unless the
      // request may have reached the server and must not be repeated.
      metaOf.set(error as Error, { retryable: spec.repeatable !== false || neverConnected(error), key });
      throw error;
    }

    const headersRecord = res.headers;
    const get = (name: string): string | null => headersRecord[name] ?? null;
    const snapshot = parseRateLimits(get, clock.now());
    if (snapshot && key) this.deps.updateRateLimits(key.id, snapshot);

    // Redirects are not followed (a key must not travel on): a 3xx is an error like a 4xx.
    if (res.status >= 200 && res.status < 300) {
      if (key) config.keys?.report(key.id, { kind: 'ok' });
      let events: SseBody | undefined;
      if (spec.stream) {
        // A stream attempt counts as answered once its first event arrived. A failure before that
        // (nothing delivered yet) is retried like one before the response; after it, never.
        events = new SseBody(res.body);
        try {
          await events.first();
        } catch (error) {
          if (error instanceof APIUserAbortError || spec.signal?.aborted) throw error;
          metaOf.set(error as Error, { retryable: error instanceof APIConnectionError, key });
          throw error;
        }
      }
      return { response: res, events, key };
    }

    let text = '';
    try {
      text = await res.body.text();
    } catch {
      // The error body was cut off; the status alone still tells the story.
    }
    const error = errorFromResponse(res.status, parseErrorBody(text), headersRecord);
    if (key && config.keys) reportKeyOutcome(config.keys, key, error, snapshot, get, clock.now());
    metaOf.set(error, {
      retryable: shouldRetryResponse(res.status, get('x-should-retry')),
      hintMs: parseRetryAfter(get, clock.now()),
      key,
    });
    throw error;
  }

  private async pickKey(config: ResolvedConfig, tried: Set<string>): Promise<ApiKey | undefined> {
    if (!config.keys) {
      throw new AuthenticationError('No API key: pass apiKey or keys, or set ANTHROPIC_API_KEY.', { type: 'authentication_error' });
    }
    const key = (await config.keys.current(tried)) ?? (tried.size ? await config.keys.current() : undefined);
    if (!key) throw new AuthenticationError('No usable API key (every configured key was rejected).', { type: 'authentication_error' });
    return key;
  }
}

/** Socket errors that mean no connection was made, so nothing was sent. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** Whether a transport failure happened before any connection existed (the request cannot have been sent). */
export function neverConnected(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' && NOT_CONNECTED.has(code);
}

function circuitKey(spec: CallSpec, model: string | undefined): string {
  return model ? `${spec.method} ${spec.path} ${model}` : `${spec.method} ${spec.path}`;
}

function queryString(query: CallSpec['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}
