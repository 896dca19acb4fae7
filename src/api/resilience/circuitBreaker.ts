/**
 * Circuit breaker per endpoint+model, opened by a failure RATE over a sliding window with a
 * minimum number of calls (Resilience4j's sliding window, Polly's advanced circuit breaker), fed
 * with each call's final outcome after its retries. Under concurrency a count of consecutive
 * failures is the wrong signal: with 8 calls in flight and a quarter of attempts failing, runs of
 * failed attempts are common while nearly every call still succeeds, and such a breaker refused
 * most calls of a healthy service.
 *
 * closed: every call goes through; its outcome is added to the window. When the window holds at
 * least `minimumCalls` calls and failures / calls >= `failureRateThreshold`, the circuit opens.
 * open: calls are refused (`retryAt` = the end of the break) for `openMs`; then half-open.
 * half-open: up to `halfOpenCalls` trial calls at once; the rest are refused. Once
 * ceil(halfOpenCalls × threshold) trials failed it opens again; once the others succeeded it
 * closes with an empty window.
 * Outcomes of calls admitted before the last transition are ignored (a permit's generation).
 */
import type { Clock } from '../../base/clock';
import type { CircuitBreakerOptions, CircuitChange } from '../types';
import { FailureWindow } from './failureWindow';

type State = 'closed' | 'open' | 'half-open';

/** Resolved breaker settings (see {@link CircuitBreakerOptions} for each field). */
export interface CircuitSettings {
  enabled: boolean;
  failureRateThreshold: number;
  minimumCalls: number;
  windowMs: number;
  openMs: number;
  halfOpenCalls: number;
}

/**
 * Defaults. 20 calls at 50 %: a service whose calls fail 14 % of the time after retries (what the
 * soak's fault mix gives) reaches a 50 % rate over 20 calls with a chance of about 1 in 7,000, while a
 * service that is down opens the circuit after 20 failed calls.
 */
export const CIRCUIT_DEFAULTS: Readonly<CircuitSettings> = {
  enabled: true,
  failureRateThreshold: 0.5,
  minimumCalls: 20,
  windowMs: 60_000,
  openMs: 30_000,
  halfOpenCalls: 3,
};

const positiveInt = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 1 ? Math.floor(v) : undefined);
const nonNegative = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/** Options (or `false`) to settings; invalid values fall back to `base`; the old option names are mapped. */
export function resolveCircuitSettings(options: CircuitBreakerOptions | false | undefined, base: CircuitSettings = CIRCUIT_DEFAULTS): CircuitSettings {
  if (options === false) return { ...base, enabled: false };
  if (!options) return { ...base };
  const rate = options.failureRateThreshold;
  const legacyThreshold = positiveInt(options.failureThreshold);
  const minimumCalls = positiveInt(options.minimumCalls) ?? legacyThreshold;
  return {
    enabled: options.enabled ?? base.enabled,
    failureRateThreshold: typeof rate === 'number' && rate > 0 && rate <= 1 ? rate : base.failureRateThreshold,
    minimumCalls: minimumCalls ?? base.minimumCalls,
    windowMs: positiveInt(options.windowMs) ?? base.windowMs,
    openMs: nonNegative(options.openMs) ?? nonNegative(options.resetTimeoutMs) ?? base.openMs,
    // The earlier breaker let a single probe through; keep that for configurations written for it.
    halfOpenCalls: positiveInt(options.halfOpenCalls) ?? (legacyThreshold !== undefined && options.minimumCalls === undefined ? 1 : base.halfOpenCalls),
  };
}

interface Circuit {
  state: State;
  /** Bumped on every transition; permits of older generations no longer count. */
  generation: number;
  openUntil: number;
  readonly window: FailureWindow;
  trialsInFlight: number;
  trialSuccesses: number;
  trialFailures: number;
}

/** Admission of one call; hand it back with {@link CircuitBreaker.record} or {@link CircuitBreaker.release}. */
export interface CircuitPermit {
  readonly key: string;
  readonly generation: number;
  readonly trial: boolean;
}

/** Outcome of asking whether a call may go out. */
export type CircuitDecision = { allowed: true; permit: CircuitPermit } | { allowed: false; retryAt: number };

/** What a turned-off breaker hands out. */
const UNGUARDED: CircuitPermit = Object.freeze({ key: '', generation: -1, trial: false });

/** Per-key breakers sharing one configuration. */
export class CircuitBreaker {
  private readonly circuits = new Map<string, Circuit>();

  constructor(
    private readonly clock: Clock,
    private settings: CircuitSettings,
    private readonly onChange: (change: CircuitChange) => void,
  ) {}

  /** Applies new settings, keeping current states (turning the breaker off closes every circuit). */
  configure(settings: CircuitSettings): void {
    this.settings = settings;
    for (const [key, c] of this.circuits) {
      if (!settings.enabled) {
        if (c.state !== 'closed') this.onChange({ key, state: 'closed' });
        continue;
      }
      c.window.resize(settings.windowMs);
    }
    if (!settings.enabled) this.circuits.clear();
  }

  /** Current state (an open circuit whose break is over reads as half-open). */
  state(key: string): State {
    const c = this.settings.enabled ? this.circuits.get(key) : undefined;
    if (!c) return 'closed';
    if (c.state === 'open' && this.clock.now() >= c.openUntil) return 'half-open';
    return c.state;
  }

  /** Asks to send one call; while half-open only `halfOpenCalls` trials at a time are let through. */
  acquire(key: string): CircuitDecision {
    if (!this.settings.enabled) return { allowed: true, permit: UNGUARDED };
    const c = this.circuit(key);
    const now = this.clock.now();
    if (c.state === 'open') {
      if (now < c.openUntil) return { allowed: false, retryAt: c.openUntil };
      this.transition(key, c, 'half-open');
    }
    if (c.state === 'half-open') {
      // A trial is deciding right now, so the earliest sensible retry is now.
      if (c.trialsInFlight >= this.settings.halfOpenCalls) return { allowed: false, retryAt: now };
      c.trialsInFlight++;
      return { allowed: true, permit: { key, generation: c.generation, trial: true } };
    }
    return { allowed: true, permit: { key, generation: c.generation, trial: false } };
  }

  /** Whether {@link acquire} would let a call through now (no side effects). */
  wouldAdmit(key: string): boolean {
    const c = this.settings.enabled ? this.circuits.get(key) : undefined;
    if (!c || c.state === 'closed') return true;
    if (c.state === 'open') return this.clock.now() >= c.openUntil;
    return c.trialsInFlight < this.settings.halfOpenCalls;
  }

  /** Whether the circuit is still in the state that issued `permit` (no transition since). */
  isCurrent(permit: CircuitPermit): boolean {
    if (permit.generation === UNGUARDED.generation) return !this.settings.enabled;
    return this.circuits.get(permit.key)?.generation === permit.generation;
  }

  /** A call's final outcome: `failed` for overload/5xx, connection failures and timeouts. */
  record(permit: CircuitPermit, failed: boolean): void {
    const c = this.circuits.get(permit.key);
    if (!c || c.generation !== permit.generation) return;
    const { failureRateThreshold, halfOpenCalls, minimumCalls } = this.settings;
    if (permit.trial) {
      c.trialsInFlight = Math.max(0, c.trialsInFlight - 1);
      if (failed) c.trialFailures++;
      else c.trialSuccesses++;
      const reopenAfter = Math.max(1, Math.ceil(halfOpenCalls * failureRateThreshold));
      const closeAfter = Math.max(1, halfOpenCalls - reopenAfter + 1);
      if (c.trialFailures >= reopenAfter) this.transition(permit.key, c, 'open');
      else if (c.trialSuccesses >= closeAfter) this.transition(permit.key, c, 'closed');
      return;
    }
    const now = this.clock.now();
    c.window.add(now, failed);
    const { calls, failures } = c.window.totals(now);
    if (calls >= minimumCalls && failures / calls >= failureRateThreshold) this.transition(permit.key, c, 'open');
  }

  /** A call that was let through ended without a verdict (aborted): frees its trial slot. */
  release(permit: CircuitPermit): void {
    const c = this.circuits.get(permit.key);
    if (c && permit.trial && c.generation === permit.generation) c.trialsInFlight = Math.max(0, c.trialsInFlight - 1);
  }

  private circuit(key: string): Circuit {
    let c = this.circuits.get(key);
    if (!c) {
      c = { state: 'closed', generation: 0, openUntil: 0, window: new FailureWindow(this.settings.windowMs), trialsInFlight: 0, trialSuccesses: 0, trialFailures: 0 };
      this.circuits.set(key, c);
    }
    return c;
  }

  private transition(key: string, c: Circuit, state: State): void {
    c.state = state;
    c.generation++;
    c.trialsInFlight = 0;
    c.trialSuccesses = 0;
    c.trialFailures = 0;
    c.window.clear();
    if (state === 'open') {
      c.openUntil = this.clock.now() + this.settings.openMs;
      this.onChange({ key, state, retryAt: c.openUntil });
    } else {
      this.onChange({ key, state });
    }
  }
}
