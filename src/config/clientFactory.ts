import { AnthropicClient, StaticKeyProvider } from '../api';
import type { ClientOptions, KeyProvider, Logger, TransportKind } from '../api';
import type { ClaudeChatSettings, Settings } from './settings';
import { DEFAULT_BASE_URL } from './settings';

/** Options the settings decide; everything else (keys, logger) is wiring. */
export type SettingsClientOptions = Pick<
  ClientOptions,
  'baseURL' | 'apiVersion' | 'authHeader' | 'maxRetries' | 'timeoutMs' | 'idleTimeoutMs' | 'fallbackModel'
>;

/** Maps settings to client options (pure, so it is easy to test and to reason about). */
export function clientOptionsFromSettings(s: ClaudeChatSettings): SettingsClientOptions {
  return {
    baseURL: (s.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, ''),
    apiVersion: s.apiVersion,
    authHeader: s.authHeader,
    maxRetries: s.maxRetries,
    timeoutMs: s.timeoutSeconds * 1000,
    idleTimeoutMs: s.idleTimeoutSeconds * 1000,
    // Empty means "fail fast": the client must see undefined, not "".
    fallbackModel: s.fallbackModel || undefined,
  };
}

/**
 * The extension host's transport. Measured in the real host (test/integration/transport, README
 * "Transport"): under VS Code's default `http.proxySupport: override` the host replaces the
 * client's own keep-alive agent with its proxy agent and opens a new connection per request,
 * while global fetch keeps reusing connections and goes through `http.proxy` like the rest of
 * VS Code.
 */
export const HOST_TRANSPORT: TransportKind = 'fetch';

/**
 * Builds the one AnthropicClient of the extension host from settings + keys, and re-configures it
 * live when settings change (metrics and the connection pool survive a settings change).
 */
export class ClientFactory {
  /** The shared client every feature uses. */
  readonly client: AnthropicClient;

  constructor(
    private readonly settings: Settings,
    keys: KeyProvider,
    private readonly logger: Logger,
    /** Options decided elsewhere (the company network: extra headers, signing, proxy, prices). */
    private readonly extra: () => Partial<ClientOptions> = () => ({}),
  ) {
    this.client = new AnthropicClient({ ...this.options(), transport: HOST_TRANSPORT, keys, logger });
  }

  private options(): Partial<ClientOptions> {
    return { ...clientOptionsFromSettings(this.settings.current), ...this.extra() };
  }

  /** Applies the current settings to the shared client. */
  apply(): void {
    this.client.configure(this.options());
  }

  /**
   * A throw-away client that uses exactly `key` (same endpoint and version), for validating a key
   * before it is saved. No retries: a bad key must be reported at once. The caller disposes it.
   */
  createProbeClient(key: string, label: string): AnthropicClient {
    return new AnthropicClient({
      ...this.options(),
      transport: HOST_TRANSPORT,
      maxRetries: 0,
      keys: new StaticKeyProvider(key, label),
      logger: this.logger,
    });
  }
}
