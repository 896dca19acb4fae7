/** Options resolved to concrete values (defaults applied once, in one place). */
import type { ApiVersion, AuthHeaderName, ClientOptions, Logger } from '../types';
import type { KeyProvider } from '../keys';
import { StaticKeyProvider } from '../keys';
import type { SigningHeaderNames } from '../signing';
import { resolveSigningHeaderNames } from '../signing';
import type { CostFunction } from '../metrics/cost';
import type { ProxySettings } from '../transport/proxy';
import { resolveProxy } from '../transport/proxy';
import { describeHeaderProblems, resolveExtraHeaders } from '../extraHeaders';
import { registerSecret } from '../../base/redact';
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
  /** The base URL's path ('' or '/anthropic'): part of the path a gateway receives, and signs. */
  basePath: string;
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
  signingHeaders: SigningHeaderNames;
  defaultHeaders: Record<string, string>;
  /** `extraHeaders` checked and resolved (lower-cased names). */
  extraHeaders: Record<string, string>;
  proxy: ProxySettings;
  costOf: CostFunction | undefined;
  betas: string[];
  logger: Logger | undefined;
  keys: KeyProvider | undefined;
}

const nonNegative = (v: number | undefined, d: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d);

function basePathOf(baseURL: string): string {
  try {
    return new URL(baseURL).pathname.replace(/\/+$/, '');
  } catch {
    return '';
  }
}

/** `node` honours the proxy variables; `fetch` only names a proxy the runtime's fetch really uses. */
function defaultProxy(transport: ClientOptions['transport']): 'env' | 'none' {
  return transport === 'fetch' && !process.env.NODE_USE_ENV_PROXY ? 'none' : 'env';
}

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
  const signingHeaders = resolveSigningHeaderNames(options.signingHeaders);
  const extra = resolveExtraHeaders(options.extraHeaders, process.env, signingHeaders);
  if (extra.problems.length) throw new TypeError(`extraHeaders: ${describeHeaderProblems(extra.problems)}.`);
  // Values read from the environment are likely gateway tokens: masked wherever a key would be.
  for (const value of extra.fromEnv) registerSecret(value);
  const baseURL = base.replace(/\/+$/, '');
  return {
    baseURL,
    basePath: basePathOf(baseURL),
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
    signingHeaders,
    defaultHeaders: { ...(options.defaultHeaders ?? previous?.defaultHeaders ?? {}) },
    extraHeaders: extra.headers,
    proxy: resolveProxy(options.proxy ?? defaultProxy(options.transport)),
    costOf: options.costOf,
    betas: [...(options.betas ?? previous?.betas ?? [])],
    logger: options.logger ?? previous?.logger,
    keys,
  };
}
