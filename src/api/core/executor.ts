/**
 * The request pipeline of every call: key choice, rate-limit pause, circuit breaker, one HTTP
 * attempt, error mapping, and the retry loop (p-retry does the looping; every wait runs on the
 * injected clock and is announced first).
 */
import pRetry from 'p-retry';
import { sleep } from '../../base/clock';
import type { RetryInfo } from '../types';
import type { ResolvedConfig } from './config';
import type { CallSpec, CallState, Exchange, ExecutorDeps } from './pipeline';
import { linkSignals } from '../transport/lightSignal';
import { CircuitCall } from './circuitGate';
import { createExchange } from './exchange';
import { AttemptRunner, attemptMeta } from './attempt';
import {
  AnthropicError,
  APIUserAbortError,
  AuthenticationError,
  PermissionDeniedError,
  RateLimitError,
} from '../errors';
import { GatewaySignatureError } from '../gatewayErrors';
import { retryDelay } from '../retry/backoff';


/** Attempts granted on top of maxRetries for switching to another key (401 / 429 rotation). */
const KEY_SWITCH_ALLOWANCE = 8;

const abortError = (): APIUserAbortError => new APIUserAbortError('Request was aborted.');
/** What every call of a disposed client ends with. */
export const disposedError = (): APIUserAbortError => new APIUserAbortError('Client was disposed.');

/** Runs calls through the pipeline. */
export class Executor {
  private readonly runner: AttemptRunner;

  constructor(private readonly deps: ExecutorDeps) {
    this.runner = new AttemptRunner(deps, { announce: (info, spec) => this.announce(info, spec), wait: (spec, ms) => this.wait(spec, ms) }, disposedError);
  }

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
      const first = await this.runner.run(spec, config, state, tried, maxRetries).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
      if ('result' in first) return createExchange(first.result, this.deps, spec, state, startedAt);
      const exchange = await pRetry(
        async (attemptNumber) => {
          if (attemptNumber === 1) throw first.error;
          state.attempts++;
          return this.runner.run(spec, config, state, tried, maxRetries);
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
    const meta = attemptMeta.get(error);
    if (!meta) throw error;
    // The circuit may have opened (other calls' outcomes) since this call was let through: a retry
    // would only meet CircuitOpenError and hide the real cause, so surface it (a fallback model,
    // when one can take it, gets the retry instead). Asked again after the wait.
    if (!state.circuit.mayRetry(error)) throw error;
    const keys = config.keys;
    // Key rotation: an invalid key is dropped, a rate-limited one is left for another with room. A
    // gateway's signature refusal says nothing about the key: no rotation.
    const aboutKey = (error instanceof AuthenticationError && !(error instanceof GatewaySignatureError)) || error instanceof PermissionDeniedError || error instanceof RateLimitError;
    if (meta.key && keys && aboutKey) {
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
}

function circuitKey(spec: CallSpec, model: string | undefined): string {
  return model ? `${spec.method} ${spec.path} ${model}` : `${spec.method} ${spec.path}`;
}
