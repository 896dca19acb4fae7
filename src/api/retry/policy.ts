/** Which failures are retried and which ones count against the circuit breaker. */
import {
  AnthropicError,
  APIConnectionError,
  APIUserAbortError,
  CircuitOpenError,
  InternalServerError,
} from '../errors';

/** Status codes that are worth another attempt. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Should this response be retried? `x-should-retry` (the API's explicit word) wins over the status.
 */
export function shouldRetryResponse(status: number, shouldRetryHeader: string | null | undefined): boolean {
  if (shouldRetryHeader === 'true') return true;
  if (shouldRetryHeader === 'false') return false;
  return isRetryableStatus(status);
}

/** Overload, 5xx, connection failures and timeouts count; 4xx, aborts and local refusals do not. */
export function countsAsCircuitFailure(error: unknown): boolean {
  if (error instanceof APIUserAbortError || error instanceof CircuitOpenError) return false;
  if (error instanceof APIConnectionError) return true; // includes timeouts
  if (error instanceof InternalServerError) return true; // 5xx and overloaded
  if (error instanceof AnthropicError) return error.status !== undefined && error.status >= 500;
  return false;
}
