/** Asks the circuit breaker before an attempt; switches to the fallback model while a circuit is open. */
import type { CircuitBreaker } from '../resilience/circuitBreaker';
import type { Metrics } from '../metrics';
import type { ResolvedConfig } from './config';
import { CircuitOpenError } from '../errors';

/** Model and circuit key the attempt goes out with; throws `CircuitOpenError` when nothing may leave. */
export function passCircuit(
  breaker: CircuitBreaker,
  metrics: Metrics,
  config: ResolvedConfig,
  key: string,
  model: string | undefined,
  keyFor: (model: string) => string,
): { model: string | undefined; breakerKey: string } {
  const decision = breaker.acquire(key);
  if (decision.allowed) return { model, breakerKey: key };
  const fallbackModel = config.fallbackModel;
  if (fallbackModel && model && fallbackModel !== model) {
    const fallbackKey = keyFor(fallbackModel);
    if (breaker.acquire(fallbackKey).allowed) {
      config.logger?.warn(`circuit for ${model} is open: using fallback model ${fallbackModel}`);
      return { model: fallbackModel, breakerKey: fallbackKey };
    }
  }
  metrics.countCircuitRejection();
  const err = new CircuitOpenError(
    `Circuit open for ${key}: recent requests kept failing; next try after ${new Date(decision.retryAt).toISOString()}`,
    { type: 'circuit_open_error' },
  );
  err.retryAt = decision.retryAt;
  throw err;
}
