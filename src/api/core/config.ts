/** Options resolved to concrete values (defaults applied once, in one place). */
import type { ApiVersion, AuthHeaderName, ClientOptions, Logger } from '../types';
import type { KeyProvider } from '../keys';
import { StaticKeyProvider } from '../keys';
import type { CircuitSettings } from '../resilience/circuitBreaker';
import { resolveCircuitSettings } from '../resilience/circuitBreaker';

/** Defaults of the client (documented in the README, "The API client"). */
export const DEFAULTS = {
  baseURL: 'https://api.anthropic.com',
  apiVersion: '2026-10-21' as ApiVersion,
  maxRetries: 2,
  timeoutMs: 60_000,
  idleTimeoutMs: 60_000,
  maxRetryDelayMs: 60_000,
  retryBudgetMs: 120_000,
} as const;

/** Everything the request pipeline reads per call (re-read each call so `configure` applies live). */
export interface ResolvedConfig {
  baseURL: string;
  apiVersion: ApiVersion;
  authHeader: AuthHeaderName;
  maxRetries: number;
  timeoutMs: number;
  idleTimeoutMs: number;
  maxRetryDelayMs: number;
  retryBudgetMs: number;
  /** Circuit breaker settings (defaults in `CIRCUIT_DEFAULTS`). */
  circuitBreaker: CircuitSettings;
  fallbackModel: string | undefined;
  signingSecret: string | undefined;
  defaultHeaders: Record<string, string>;
  betas: string[];
  logger: Logger | undefined;
  keys: KeyProvider | undefined;
}

const nonNegative = (v: number | undefined, d: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d);

/** Applies defaults; `apiKey` falls back to `process.env.ANTHROPIC_API_KEY` like the SDK. */
export function resolveConfig(options: ClientOptions, previous?: ResolvedConfig): ResolvedConfig {
  const apiVersion = options.apiVersion ?? previous?.apiVersion ?? DEFAULTS.apiVersion;
  const authOption = options.authHeader ?? 'auto';
  const authHeader: AuthHeaderName = authOption === 'auto' ? (apiVersion === '2023-06-01' ? 'x-api-key' : 'authorization') : authOption;
  let keys = options.keys ?? previous?.keys;
  if (options.apiKey !== undefined) keys = options.apiKey ? new StaticKeyProvider(options.apiKey) : options.keys;
  if (!keys && !previous) {
    const env = process.env.ANTHROPIC_API_KEY;
    if (env) keys = new StaticKeyProvider(env, 'ANTHROPIC_API_KEY');
  }
  const base = (options.baseURL ?? previous?.baseURL ?? process.env.ANTHROPIC_BASE_URL ?? DEFAULTS.baseURL) || DEFAULTS.baseURL;
  return {
    baseURL: base.replace(/\/+$/, ''),
    apiVersion,
    authHeader,
    maxRetries: Math.floor(nonNegative(options.maxRetries, previous?.maxRetries ?? DEFAULTS.maxRetries)),
    timeoutMs: nonNegative(options.timeoutMs, previous?.timeoutMs ?? DEFAULTS.timeoutMs),
    idleTimeoutMs: nonNegative(options.idleTimeoutMs, previous?.idleTimeoutMs ?? DEFAULTS.idleTimeoutMs),
    maxRetryDelayMs: nonNegative(options.maxRetryDelayMs, previous?.maxRetryDelayMs ?? DEFAULTS.maxRetryDelayMs),
    retryBudgetMs: nonNegative(options.retryBudgetMs, previous?.retryBudgetMs ?? DEFAULTS.retryBudgetMs),
    circuitBreaker: resolveCircuitSettings(options.circuitBreaker, previous?.circuitBreaker),
    fallbackModel: 'fallbackModel' in options ? options.fallbackModel || undefined : previous?.fallbackModel,
    signingSecret: 'signingSecret' in options ? options.signingSecret || undefined : previous?.signingSecret,
    defaultHeaders: { ...(options.defaultHeaders ?? previous?.defaultHeaders ?? {}) },
    betas: [...(options.betas ?? previous?.betas ?? [])],
    logger: options.logger ?? previous?.logger,
    keys,
  };
}
