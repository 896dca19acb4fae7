/**
 * One call's passage through the circuit breaker: admitted once (its retries keep the permit),
 * switched to the fallback model while the requested model's circuit is open, and recorded once,
 * with the call's final outcome after its retries.
 */
import type { CircuitBreaker, CircuitPermit } from '../resilience/circuitBreaker';
import type { Metrics } from '../metrics';
import type { ResolvedConfig } from './config';
import { AnthropicError, APIUserAbortError, CircuitOpenError } from '../errors';
import { countsAsCircuitFailure } from '../retry/policy';

/** The breaker's view of one call. */
export class CircuitCall {
  private permit: CircuitPermit | undefined;
  private model: string | undefined;
  /** The error the call is about to retry after (set by {@link mayRetry}). */
  private retrying: unknown;
  private finished = false;

  constructor(
    private readonly breaker: CircuitBreaker,
    private readonly metrics: Metrics,
    private readonly config: ResolvedConfig,
    private readonly keyFor: (model: string | undefined) => string,
  ) {}

  /**
   * The model the next attempt goes out with. The first attempt asks the breaker (falling back to
   * `fallbackModel` while the requested model's circuit is open); a retry keeps the call's permit.
   * Throws `CircuitOpenError` (with `retryAt`) when a new call may not leave; a retry that may no
   * longer leave (the circuit opened after {@link mayRetry} said yes) throws the call's own last
   * error instead, so a call that was let through never ends in `CircuitOpenError`.
   */
  enter(requested: string | undefined): string | undefined {
    if (this.permit && this.breaker.isCurrent(this.permit)) return this.model;
    this.drop();
    const key = this.keyFor(requested);
    const decision = this.breaker.acquire(key);
    if (decision.allowed) return this.hold(decision.permit, requested);
    const fallback = this.fallbackFor(requested);
    if (fallback !== undefined) {
      const fallbackDecision = this.breaker.acquire(this.keyFor(fallback));
      if (fallbackDecision.allowed) {
        this.config.logger?.warn(`circuit for ${requested} is open: using fallback model ${fallback}`);
        return this.hold(fallbackDecision.permit, fallback);
      }
    }
    if (this.retrying !== undefined) throw this.retrying;
    this.metrics.countCircuitRejection();
    const err = new CircuitOpenError(
      `Circuit open for ${key}: recent requests kept failing; next try after ${new Date(decision.retryAt).toISOString()}`,
      { type: 'circuit_open_error' },
    );
    err.retryAt = decision.retryAt;
    throw err;
  }

  /**
   * Whether a retry may go out (asked before and after the wait). False when the circuit this
   * call was admitted by has opened since, still refuses, and no fallback model can take the
   * retry: the call then surfaces its own last error, never a `CircuitOpenError` for a call that
   * was let through.
   */
  mayRetry(lastError: unknown): boolean {
    this.retrying = lastError;
    const permit = this.permit;
    if (!permit || this.breaker.isCurrent(permit) || this.breaker.wouldAdmit(permit.key)) return true;
    const fallback = this.fallbackFor(this.model);
    return fallback !== undefined && this.breaker.wouldAdmit(this.keyFor(fallback));
  }

  /**
   * Records the call's final outcome, once: success, or a counted failure (overload/5xx,
   * connection, timeout). A 4xx answer counts as a success (the service answered); an abort
   * or an unknown error hands the permit back without a verdict.
   */
  finish(error?: unknown): void {
    if (this.finished) return;
    this.finished = true;
    const permit = this.permit;
    if (!permit) return;
    if (error === undefined) this.breaker.record(permit, false);
    else if (countsAsCircuitFailure(error)) this.breaker.record(permit, true);
    else if (error instanceof AnthropicError && !(error instanceof APIUserAbortError) && !(error instanceof CircuitOpenError)) this.breaker.record(permit, false);
    else this.breaker.release(permit);
  }

  private fallbackFor(model: string | undefined): string | undefined {
    const fallback = this.config.fallbackModel;
    return fallback && model && fallback !== model ? fallback : undefined;
  }

  private hold(permit: CircuitPermit, model: string | undefined): string | undefined {
    this.permit = permit;
    this.model = model;
    return model;
  }

  /** Gives back a permit that is no longer current (its trial slot, if any). */
  private drop(): void {
    if (this.permit) this.breaker.release(this.permit);
    this.permit = undefined;
  }
}
