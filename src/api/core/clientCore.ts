/** Shared internals the resources use: config, pipeline, clock, metrics, read de-duplication. */
import type { Clock } from '../../base/clock';
import type { ResolvedConfig } from './config';
import type { Executor } from './executor';
import type { CallSpec } from './pipeline';
import type { Metrics } from '../metrics/metrics';
import type { InFlight } from '../resilience/dedupe';
import { sleepUntilAborted } from './abortable';
import { APIConnectionError, AnthropicError } from '../errors';
import type { ErrorHeaders } from '../errors';

/** What resources see of the client. */
export class ClientCore {
  constructor(
    readonly config: () => ResolvedConfig,
    readonly executor: Executor,
    readonly clock: Clock,
    readonly metrics: Metrics,
    private readonly inFlight: InFlight,
  ) {}

  /** Sends a call and parses its JSON body (no de-duplication). */
  async fetchJson<T>(spec: CallSpec): Promise<T> {
    return (await this.fetchJsonWithHeaders<T>(spec)).value;
  }

  /** Like {@link fetchJson}, also handing back the response headers (a poll reads `retry-after`). */
  async fetchJsonWithHeaders<T>(spec: CallSpec): Promise<{ value: T; headers: ErrorHeaders }> {
    const exchange = await this.executor.send(spec);
    try {
      const text = await exchange.body.text();
      const value = JSON.parse(text) as T;
      exchange.finish({});
      return { value, headers: exchange.headers };
    } catch (error) {
      const e = error instanceof AnthropicError ? error : new APIConnectionError(`Invalid response body: ${String(error)}`, { cause: error });
      exchange.finish({ error: e });
      throw e;
    }
  }

  /**
   * An idempotent read: identical calls in flight share one request. The shared request runs
   * without any caller's signal, so one caller aborting does not fail the others.
   */
  readJson<T>(spec: Omit<CallSpec, 'signal'>, signal?: AbortSignal): Promise<T> {
    return this.shared(dedupeKey(spec, this.config()), () => this.fetchJson<T>(spec), signal);
  }

  /** Runs `task` de-duplicated under `key`, racing the caller's own signal. */
  shared<T>(key: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    let joined = true;
    const promise = this.inFlight.run(key, () => {
      joined = false;
      return task();
    });
    if (joined) this.metrics.countDeduplicated();
    return signal ? sleepUntilAborted(promise, signal) : promise;
  }
}

/** Identity of a read: everything that shapes the request except the key itself. */
export function dedupeKey(spec: Omit<CallSpec, 'signal'>, config: ResolvedConfig): string {
  return JSON.stringify([
    spec.method, spec.path, spec.query ?? null, spec.body ?? null, spec.betas ?? [], spec.options?.betas ?? [],
    spec.options?.headers ?? {}, config.baseURL, config.apiVersion,
  ]);
}
