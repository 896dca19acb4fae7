import * as vscode from 'vscode';
import type { ClientOptions, Clock, KeyProvider } from '../api';
import { callCost } from '../shared/pricing';
import { Emitter } from '../base/emitter';
import { DisposableStore } from '../base/lifecycle';
import { NetworkSettingsWatcher } from './networkSettings';
import { SigningSecretStore } from './signingSecret';
import { proxyForHost, readHostProxySettings } from './hostProxy';
import { KeyStats } from './keyStats';
import type { KeyUsageSource } from './keyStats';

/** The client options this module decides (added to what the `claudeChat.*` settings give). */
export type NetworkClientOptions = Pick<ClientOptions, 'extraHeaders' | 'signingHeaders' | 'signingSecret' | 'proxy' | 'costOf'>;

/**
 * Everything a company network needs from the extension host: the gateway signing secret
 * (SecretStorage), `claudeChat.extraHeaders` / `.signingHeaders` / `.keyRotation`, the proxy the
 * host uses (`http.*`, named in errors), and the per-key usage kept across restarts.
 * {@link onDidChange} fires when the client must be re-configured.
 */
export class CompanyNetwork implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly _onDidChange = this.disposables.add(new Emitter<void>());
  /** Fires after a setting or the secret changed: re-apply {@link clientOptions}. */
  readonly onDidChange = this._onDidChange.event;
  /** Set by {@link trackKeyUsage}. */
  keyStats: KeyStats | undefined;

  private constructor(
    readonly settings: NetworkSettingsWatcher,
    readonly signingSecret: SigningSecretStore,
  ) {
    this.disposables.add(settings);
    this.disposables.add(signingSecret);
    this.disposables.add(settings.onDidChange(() => this._onDidChange.fire()));
    this.disposables.add(signingSecret.onDidChange(() => this._onDidChange.fire()));
    this.disposables.add(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('http.proxy') || e.affectsConfiguration('http.noProxy') || e.affectsConfiguration('http.proxySupport')) this._onDidChange.fire();
      }),
    );
  }

  /**
   * Reads the settings, and the stored secret in the background (requests wait for it through
   * {@link gate}); problems go to `reportError` once per distinct text.
   */
  static open(secrets: vscode.SecretStorage, reportError: (message: string) => void): CompanyNetwork {
    const secret = SigningSecretStore.open(secrets);
    void secret.ready.then(() => {
      if (secret.loadError) reportError(`Claude Chat could not read the gateway signing secret (${secret.loadError}): requests are not signed. Check that VS Code's secret storage works on this system.`);
    });
    return new CompanyNetwork(new NetworkSettingsWatcher(reportError), secret);
  }

  /**
   * `keys`, handing out a key only once the signing secret is read: a request sent before would
   * go unsigned to a gateway that refuses it.
   */
  gate(keys: KeyProvider): KeyProvider {
    return {
      current: async (exclude) => {
        await this.signingSecret.ready;
        return keys.current(exclude);
      },
      report: (keyId, feedback) => keys.report(keyId, feedback),
    };
  }

  /** What the client gets from here, now. */
  clientOptions(): NetworkClientOptions {
    const s = this.settings.current;
    const http = vscode.workspace.getConfiguration('http');
    return {
      extraHeaders: { ...s.extraHeaders },
      signingHeaders: s.signingHeaders,
      signingSecret: this.signingSecret.current,
      proxy: proxyForHost(readHostProxySettings((name) => http.get(name))),
      // The one price table, for the per-key cost and the metrics (dashboard) alike.
      costOf: callCost,
    };
  }

  /** Keeps `client`'s per-key usage in `state` across restarts. */
  trackKeyUsage(client: KeyUsageSource, state: vscode.Memento, clock: Clock): KeyStats {
    const stats = new KeyStats(client, state, clock);
    this.keyStats = stats;
    this.disposables.add(stats);
    return stats;
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
