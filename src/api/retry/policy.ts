/** Which failures are retried and which ones count against the circuit breaker. */
import {
  AnthropicError,
  APIConnectionError,
  APIUserAbortError,
  CircuitOpenError,
  InternalServerError,
} from '../errors';
import { ProxyError } from '../gatewayErrors';

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

/**
 * A proxy that answered with a refusal of its own (407 credentials, 403 policy) says the same on
 * every attempt: retrying only delays the message. Its 502/503/504 (upstream unreachable) and
 * resets are transient like any connection failure.
 */
export function isPermanentProxyRefusal(error: unknown): boolean {
  return error instanceof ProxyError && error.failure === 'refused' && (error.proxyStatus ?? 0) < 500;
}

/**
 * Overload, 5xx, connection failures and timeouts count; 4xx, aborts and local refusals do not. A
 * proxy's own refusal does not either: the API was never asked, and an open circuit would replace
 * the proxy's clear message with "circuit open".
 */
export function countsAsCircuitFailure(error: unknown): boolean {
  if (error instanceof APIUserAbortError || error instanceof CircuitOpenError) return false;
  if (isPermanentProxyRefusal(error)) return false;
  if (error instanceof APIConnectionError) return true; // includes timeouts
  if (error instanceof InternalServerError) return true; // 5xx and overloaded
  if (error instanceof AnthropicError) return error.status !== undefined && error.status >= 500;
  return false;
}
