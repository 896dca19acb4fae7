/** The handle of a 2xx response: its body is read by the caller, who then reports the outcome once. */
import type { AttemptResult, CallSpec, CallState, Exchange, ExecutorDeps } from './pipeline';
import { AnthropicError, APIConnectionError } from '../errors';

/** Wraps a successful attempt; `finish` feeds metrics, the breaker and the request log. */
export function createExchange(
  result: AttemptResult,
  deps: ExecutorDeps,
  spec: CallSpec,
  state: CallState,
  startedAt: number,
): Exchange {
  const { clock, metrics } = deps;
  const { response } = result;
  let finished = false;
  const requestId = response.headers['request-id'];
  return {
    body: response.body,
    events: result.events,
    status: response.status,
    headers: response.headers,
    requestId,
    model: state.model,
    attempts: state.attempts,
    startedAt,
    finish: (outcome) => {
      if (finished) return;
      finished = true;
      const latency = clock.now() - startedAt;
      const error = outcome.error;
      const typed = error instanceof AnthropicError ? error : undefined;
      // The call's final outcome; a stream that failed after its headers counts too.
      state.circuit.finish(error);
      if (result.key) deps.keyUsage.usage(result.key.id, result.key.label, state.model, outcome.usage);
      if (error === undefined) {
        metrics.success(latency, outcome.usage);
      } else {
        const e = typed ?? new APIConnectionError(String(error));
        metrics.failure(latency, e.type, e.status, outcome.usage);
      }
      deps.recordRequest({
        method: spec.method, path: spec.path, model: state.model, status: typed?.status ?? response.status,
        requestId, latencyMs: latency, attempts: state.attempts, keyLabel: state.keyLabel,
        ...(error !== undefined ? { error: typed ? `${typed.type}: ${typed.message}` : String(error) } : {}),
      });
    },
  };
}
