/** Circuit breaker per endpoint+model: closed -> open after N counted failures -> half-open probe. */
import type { Clock } from '../clock';
import type { CircuitChange } from '../types';

type State = 'closed' | 'open' | 'half-open';

interface Circuit {
  state: State;
  failures: number;
  openedAt: number;
  probeInFlight: boolean;
}

/** Outcome of asking whether a request may leave. */
export type CircuitDecision = { allowed: true; probe: boolean } | { allowed: false; retryAt: number };

/** Per-key breakers sharing one configuration. */
export class CircuitBreaker {
  private readonly circuits = new Map<string, Circuit>();

  constructor(
    private readonly clock: Clock,
    private failureThreshold: number,
    private resetTimeoutMs: number,
    private readonly onChange: (change: CircuitChange) => void,
  ) {}

  /** Applies new thresholds without forgetting the current states. */
  configure(failureThreshold: number, resetTimeoutMs: number): void {
    this.failureThreshold = failureThreshold;
    this.resetTimeoutMs = resetTimeoutMs;
  }

  /** Current state (an open circuit whose timeout passed reads as half-open). */
  state(key: string): State {
    const c = this.circuits.get(key);
    if (!c) return 'closed';
    if (c.state === 'open' && this.clock.now() - c.openedAt >= this.resetTimeoutMs) return 'half-open';
    return c.state;
  }

  /** Asks to send one request; in half-open only one probe at a time is let through. */
  acquire(key: string): CircuitDecision {
    const c = this.circuits.get(key);
    if (!c || c.state === 'closed') return { allowed: true, probe: false };
    const retryAt = c.openedAt + this.resetTimeoutMs;
    if (c.state === 'open') {
      if (this.clock.now() < retryAt) return { allowed: false, retryAt };
      this.transition(key, c, 'half-open');
    }
    if (c.probeInFlight) return { allowed: false, retryAt: Math.max(retryAt, this.clock.now()) };
    c.probeInFlight = true;
    return { allowed: true, probe: true };
  }

  /** The request got an answer that does not count as a failure. */
  recordSuccess(key: string): void {
    const c = this.circuits.get(key);
    if (!c) return;
    c.failures = 0;
    c.probeInFlight = false;
    if (c.state !== 'closed') this.transition(key, c, 'closed');
  }

  /** A counted failure (overload, 5xx, connection, timeout). */
  recordFailure(key: string): void {
    let c = this.circuits.get(key);
    if (!c) {
      c = { state: 'closed', failures: 0, openedAt: 0, probeInFlight: false };
      this.circuits.set(key, c);
    }
    c.failures += 1;
    c.probeInFlight = false;
    if (c.state === 'half-open' || (c.state === 'closed' && c.failures >= this.failureThreshold)) {
      c.openedAt = this.clock.now();
      this.transition(key, c, 'open');
    }
  }

  /** A request that was let through ended without a verdict (aborted): free the probe slot. */
  release(key: string): void {
    const c = this.circuits.get(key);
    if (c) c.probeInFlight = false;
  }

  private transition(key: string, c: Circuit, state: State): void {
    c.state = state;
    this.onChange(state === 'open' ? { key, state, retryAt: c.openedAt + this.resetTimeoutMs } : { key, state });
  }
}
