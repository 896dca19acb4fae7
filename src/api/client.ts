/**
 * The Anthropic client: SDK-shaped surface (`messages`, `models`, `batches`) over a pipeline that
 * retries as the server says, pauses on exhausted rate limits, trips a circuit breaker, rotates
 * keys, pools keep-alive sockets and records metrics. Plain Node: never imports `vscode`.
 */
import type { Clock } from '../base/clock';
import { systemClock } from '../base/clock';
import type {
  CircuitChange,
  ClientOptions,
  Disposable,
  RateLimitSnapshot,
  RequestRecord,
  RetryInfo,
} from './types';
import type { ResolvedConfig } from './core/config';
import type { MetricsSnapshot } from './metrics/metrics';
import type { MetricsSeries } from './metrics/series';
import { resolveConfig } from './core/config';
import { disposedError, Executor } from './core/executor';
import { ClientCore } from './core/clientCore';
import { Emitter } from '../base/emitter';
import type { Transport } from './transport/types';
import { createTransport } from './transport/createTransport';
import { createLightSignal } from './transport/lightSignal';
import { Metrics } from './metrics/metrics';
import { CircuitBreaker } from './resilience/circuitBreaker';
import { InFlight } from './resilience/dedupe';
import { MessagesResource } from './resources/messages';
import { ModelsResource } from './resources/models';
import { BatchesResource } from './resources/batches';
import { RequestBatcher } from './batch/requestBatcher';
import type { Interceptor } from './interceptors/types';
import { InterceptorChain } from './interceptors/chain';
import { signingInterceptor } from './interceptors/signingInterceptor';
import type { KeyUsage } from './keyUsage';
import { KeyUsageTracker } from './keyUsage';

/** Anthropic Messages API client. See the README, "The API client". */
export class AnthropicClient {
  readonly messages: MessagesResource & { batches: BatchesResource };
  readonly models: ModelsResource;
  readonly batches: BatchesResource;
  /** Queues `messages.create` bodies into Message Batches (half price, results within 24 h). */
  readonly batcher: RequestBatcher;
  /**
   * Traffic figures; never contain a key. `snapshot()`: session counters and percentiles;
   * `record(series)`: the same events into per-minute buckets as well (for dashboards).
   */
  readonly metrics: { snapshot(): MetricsSnapshot; record(series: MetricsSeries): Disposable };
  /**
   * What each key was used for: `snapshot()` (ids and labels, never a key), `restore(saved)` to
   * carry figures over from an earlier session, `forget(keyId?)`.
   */
  readonly keyUsage: Pick<KeyUsageTracker, 'snapshot' | 'restore' | 'forget'>;

  private options: ClientOptions;
  private resolved: ResolvedConfig;
  private readonly clock: Clock;
  private readonly transport: Transport;
  private readonly lifetime = createLightSignal();
  private readonly breaker: CircuitBreaker;
  private readonly rateLimitsByKey = new Map<string, RateLimitSnapshot>();
  private latestRateLimits: RateLimitSnapshot | undefined;
  private readonly rateLimitEmitter: Emitter<RateLimitSnapshot>;
  private readonly retryEmitter: Emitter<RetryInfo>;
  private readonly circuitEmitter: Emitter<CircuitChange>;
  private readonly requestEmitter: Emitter<RequestRecord>;
  private readonly keyUsageEmitter: Emitter<KeyUsage>;
  private readonly interceptors = new InterceptorChain();
  private signer: { secret: string; names: ResolvedConfig['signingHeaders']; interceptor: Interceptor } | undefined;
  private disposed = false;

  constructor(options: ClientOptions = {}) {
    this.options = { ...options };
    this.resolved = resolveConfig(this.options);
    this.clock = options.clock ?? systemClock;
    const random = options.random ?? Math.random;
    const onListenerError = (error: unknown): void => this.resolved.logger?.error(`listener failed: ${String(error)}`);
    this.rateLimitEmitter = new Emitter(onListenerError);
    this.retryEmitter = new Emitter(onListenerError);
    this.circuitEmitter = new Emitter(onListenerError);
    this.requestEmitter = new Emitter(onListenerError);
    this.keyUsageEmitter = new Emitter(onListenerError);
    const keyUsage = new KeyUsageTracker(() => this.resolved.costOf, (usage) => this.keyUsageEmitter.fire(usage));
    this.keyUsage = keyUsage;
    const metrics = new Metrics(() => this.transport.pool(), this.clock, () => this.resolved.costOf);
    this.metrics = metrics;
    this.transport = createTransport(options.transport ?? 'node', {
      clock: this.clock,
      maxSockets: options.maxSockets,
      onBytes: (n) => metrics.addBytesIn(n),
      proxy: () => this.resolved.proxy,
      ca: options.ca,
    });
    this.breaker = new CircuitBreaker(this.clock, this.resolved.circuitBreaker, (change) => {
      this.resolved.logger?.warn(`circuit ${change.key} is ${change.state}`);
      metrics.recordCircuit(change);
      this.circuitEmitter.fire(change);
    });
    const executor = new Executor({
      config: () => this.resolved,
      transport: this.transport,
      lifetime: this.lifetime,
      clock: this.clock,
      random,
      metrics,
      breaker: this.breaker,
      rateLimitsFor: (keyId) => this.rateLimitsByKey.get(keyId),
      updateRateLimits: (keyId, snapshot) => {
        this.rateLimitsByKey.set(keyId, snapshot);
        this.latestRateLimits = snapshot;
        metrics.recordRateLimits(snapshot);
        this.rateLimitEmitter.fire(snapshot);
      },
      announceRetry: (info) => this.retryEmitter.fire(info),
      recordRequest: (record) => this.requestEmitter.fire(record),
      interceptors: (config) => this.interceptors.forAttempt(this.signingFor(config)),
      keyUsage,
    });
    const core = new ClientCore(() => this.resolved, executor, this.clock, metrics, new InFlight());
    this.batches = new BatchesResource(core);
    this.messages = Object.assign(new MessagesResource(core), { batches: this.batches });
    this.models = new ModelsResource(core);
    this.batcher = new RequestBatcher({ core, batches: this.batches, counters: metrics.batches, random, options: options.batcher });
  }

  /** Latest `anthropic-ratelimit-*` snapshot, or undefined before the first response that had one. */
  get rateLimits(): RateLimitSnapshot | undefined {
    return this.latestRateLimits;
  }

  /** Fires with every new rate-limit snapshot. */
  onRateLimit(listener: (snapshot: RateLimitSnapshot) => void): Disposable {
    return this.rateLimitEmitter.event(listener);
  }

  /** Fires before every wait (retry backoff or rate-limit pause), for countdowns. */
  onRetry(listener: (info: RetryInfo) => void): Disposable {
    return this.retryEmitter.event(listener);
  }

  /** Fires when a circuit opens, half-opens or closes. */
  onCircuitChange(listener: (change: CircuitChange) => void): Disposable {
    return this.circuitEmitter.event(listener);
  }

  /** Fires once per finished call (success or failure), for the log. Never carries a key. */
  onRequest(listener: (record: RequestRecord) => void): Disposable {
    return this.requestEmitter.event(listener);
  }

  /**
   * Adds a request/response interceptor (runs after those added before; the signing interceptor
   * always runs last). Dispose the result to remove it. See `Interceptor`.
   */
  use(interceptor: Interceptor): Disposable {
    const remove = this.interceptors.add(interceptor);
    return { dispose: remove };
  }

  /** Fires whenever a key's usage figures change (for a host that stores them). Never carries a key. */
  onKeyUsage(listener: (usage: KeyUsage) => void): Disposable {
    return this.keyUsageEmitter.event(listener);
  }

  /** The signing interceptor of `config`, rebuilt only when the secret or header names change. */
  private signingFor(config: ResolvedConfig): Interceptor | undefined {
    const secret = config.signingSecret;
    if (!secret) return undefined;
    if (this.signer?.secret !== secret || this.signer.names !== config.signingHeaders) {
      this.signer = { secret, names: config.signingHeaders, interceptor: signingInterceptor(secret, config.signingHeaders, () => this.clock.now()) };
    }
    return this.signer.interceptor;
  }

  /** State of the circuit for `model` on `POST /v1/messages` (or another endpoint). */
  circuitState(model: string, endpoint = 'POST /v1/messages'): 'closed' | 'open' | 'half-open' {
    return this.breaker.state(`${endpoint} ${model}`);
  }

  /**
   * Applies new options live (settings change); metrics, pool and circuit states are kept. Invalid
   * options (refused extra headers, bad signing header names) throw and change nothing.
   */
  configure(partial: Partial<ClientOptions>): void {
    const { apiKey, keys, ...rest } = partial;
    const next: ClientOptions = { ...this.options, ...rest };
    // Credentials change only when given (a settings object without them keeps the current ones).
    if (keys !== undefined) {
      next.keys = keys;
      delete next.apiKey;
    } else if (apiKey !== undefined) {
      next.apiKey = apiKey;
      delete next.keys;
    }
    const resolved = resolveConfig(next);
    this.options = next;
    this.resolved = resolved;
    this.breaker.configure(this.resolved.circuitBreaker);
    if (partial.batcher) this.batcher.configure(partial.batcher);
  }

  /**
   * Ends every call in flight or waiting (each settles once, with `APIUserAbortError` "Client was
   * disposed."), closes the client's pooled sockets and drops listeners. Later calls fail the same way.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.batcher.dispose();
    this.lifetime.abort();
    this.transport.destroy(disposedError);
    this.rateLimitEmitter.dispose();
    this.retryEmitter.dispose();
    this.circuitEmitter.dispose();
    this.requestEmitter.dispose();
    this.keyUsageEmitter.dispose();
  }
}
