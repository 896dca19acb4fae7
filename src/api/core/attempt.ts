/**
 * One HTTP attempt of a call: key choice, rate-limit pause, circuit admission, headers (then the
 * interceptors, signing last, then the key), the transport, and what the answer means for the
 * key and for a retry. Errors leave with retry metadata attached for the executor to decide on.
 */
import type { ApiKey } from '../keys';
import type { RetryInfo } from '../types';
import type { HttpResponse } from '../transport/types';
import type { ResolvedConfig } from './config';
import type { AttemptResult, CallSpec, CallState, ExecutorDeps } from './pipeline';
import type { RequestInfo } from '../interceptors/chain';
import { runRequestHooks, runResponseHooks } from '../interceptors/chain';
import { SseBody } from '../stream/sseBody';
import { addCredentials, buildHeaders } from './headers';
import { reportKeyOutcome, waitForRoom } from './keyPacing';
import type {
  AnthropicError} from '../errors';
import {
  APIConnectionError,
  APIUserAbortError,
  AuthenticationError,
  RateLimitError,
  errorFromResponse,
  parseErrorBody,
} from '../errors';
import { GatewaySignatureError } from '../gatewayErrors';
import { signatureError } from '../signatureProblems';
import { parseRetryAfter } from '../retry/backoff';
import { isPermanentProxyRefusal, shouldRetryResponse } from '../retry/policy';
import { exhaustedUntil, parseRateLimits } from '../resilience/rateLimits';

/** Retry bookkeeping attached to errors by an attempt. */
export interface AttemptMeta {
  retryable: boolean;
  hintMs?: number;
  key?: ApiKey;
}
/** The metadata of an attempt's error (read by the executor's retry decision). */
export const attemptMeta = new WeakMap<object, AttemptMeta>();

/** What an attempt borrows from the executor: announcing a wait, and waiting. */
export interface AttemptHost {
  announce(info: RetryInfo, spec: CallSpec): void;
  wait(spec: CallSpec, delayMs: number): Promise<void>;
}

const abortError = (): APIUserAbortError => new APIUserAbortError('Request was aborted.');

/** Runs single attempts for the executor. */
export class AttemptRunner {
  constructor(
    private readonly deps: ExecutorDeps,
    private readonly host: AttemptHost,
    private readonly disposedError: () => APIUserAbortError,
  ) {}

  /** One HTTP attempt; throws typed errors with retry metadata attached. */
  async run(spec: CallSpec, config: ResolvedConfig, state: CallState, tried: Set<string>, maxRetries: number): Promise<AttemptResult> {
    const { clock, metrics } = this.deps;
    if (spec.signal?.aborted) throw abortError();
    if (this.deps.lifetime.aborted) throw this.disposedError();
    let key = await this.pickKey(config, tried);
    state.keyLabel = key?.label;

    // Sending while a limit is at 0 only earns a 429: wait for its reset (announced, abortable).
    // Checked here first so the usual case (room left) skips an async hop on every request.
    if (key && !state.skipRateWait && exhaustedUntil(this.deps.rateLimitsFor(key.id), clock.now()) !== undefined) {
      key = await waitForRoom(this.deps, config, key, tried, (delayMs, until) => {
        this.host.announce({ attempt: state.retries, maxRetries, delayMs, until, reason: 'rate_limit_reset', model: state.model }, spec);
        return this.host.wait(spec, delayMs);
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
      config, stream: !!spec.stream, betas: [...(spec.betas ?? []), ...(spec.options?.betas ?? [])], extra: spec.options?.headers, retryCount: state.retries,
    });
    // Interceptors (signing last) see the headers without the key; the key goes in afterwards.
    const chain = this.deps.interceptors(config);
    const signedAt = clock.now();
    const info: RequestInfo | undefined = chain && {
      method: spec.method, path: config.basePath + pathWithQuery, url: config.baseURL + pathWithQuery, body, attempt: state.retries + 1,
      stream: !!spec.stream, model, keyLabel: key?.label,
    };
    if (chain && info) await runRequestHooks(chain, info, headers);
    addCredentials(headers, config, key);
    if (key) this.deps.keyUsage.attempt(key.id, key.label, signedAt);
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
      // No response byte arrived: safe to retry (connection refused/reset, header timeout), except
      // a proxy's own refusal, which says the same every time, and a request that may have reached
      // the server and must not be repeated (creating a batch) unless no connection was ever made.
      attemptMeta.set(error as Error, { retryable: !isPermanentProxyRefusal(error) && (spec.repeatable !== false || neverConnected(error)), key });
      throw error;
    }

    if (chain && info) {
      try {
        await runResponseHooks(chain, info, res.status, res.headers, clock.now() - signedAt);
      } catch (error) {
        res.body.cancel(error as AnthropicError);
        throw error;
      }
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
          attemptMeta.set(error as Error, { retryable: error instanceof APIConnectionError, key });
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
    let error = errorFromResponse(res.status, parseErrorBody(text), headersRecord);
    // A gateway's refusal of the signature is not the key's fault: named, and the key is left alone.
    if (error instanceof AuthenticationError) {
      error = signatureError(error, { signed: !!config.signingSecret, names: config.signingHeaders, signedAt, baseURL: config.baseURL }) ?? error;
    }
    if (key && !(error instanceof GatewaySignatureError)) {
      if (error instanceof RateLimitError) this.deps.keyUsage.refused(key.id, key.label, 429);
      else if (res.status === 401) this.deps.keyUsage.refused(key.id, key.label, 401);
      if (config.keys) reportKeyOutcome(config.keys, key, error, snapshot, get, clock.now());
    }
    attemptMeta.set(error, {
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

function queryString(query: CallSpec['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Socket errors that mean no connection was made, so nothing was sent. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** Whether a transport failure happened before any connection existed (the request cannot have been sent). */
export function neverConnected(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' && NOT_CONNECTED.has(code);
}
