import type * as vscode from 'vscode';
import type { Clock } from '../api';
import type { KeyStore } from '../auth/keyStore';
import type { Prompter } from '../ui/prompter';
import { EMULATOR_KEY } from '../auth/policyKeyProvider';
import type { CompanyNetwork } from './companyNetwork';
import type { KeyUsageSource } from './keyStats';
import { formatKeyUsage, keyUsageTooltip } from './keyUsageFormat';
import { registerNetworkCommands } from './networkCommands';

/** What {@link connectNetwork} wires together (built by the composition root). */
export interface NetworkWiring {
  readonly network: CompanyNetwork;
  readonly client: KeyUsageSource;
  readonly store: KeyStore;
  readonly globalState: vscode.Memento;
  readonly clock: Clock;
  readonly prompter: Prompter;
  readonly log: { info(message: string): void };
  /** Re-configures the shared client (the client factory's `apply`). */
  readonly applyClientOptions: () => void;
  /** Re-renders the status bar (its tooltip shows the per-key usage). */
  readonly refreshStatusBar: () => void;
}

/** The per-key usage as the UI shows it: the status-bar tooltip section and one line per key. */
export interface KeyUsageViews {
  readonly tooltip: () => string;
  readonly line: (keyId: string, now: number) => string | undefined;
}

/**
 * Wires the company network into the host: the rotation setting into the key store, settings and
 * secret changes into the client (live), per-key usage kept across restarts and dropped with its
 * key, and the signing-secret commands. Returns the disposables and the usage views.
 */
export function connectNetwork(w: NetworkWiring): { disposables: vscode.Disposable[]; views: KeyUsageViews } {
  const { network, store, clock } = w;
  store.strategy = network.settings.current.keyRotation;
  const stats = network.trackKeyUsage(w.client, w.globalState, clock);
  // Until the stored keys are read the store looks empty: prune only against the real list.
  const prune = (): void => {
    if (store.isLoaded) stats.prune(new Set([...store.list().map((k) => k.id), EMULATOR_KEY.id]));
  };
  void store.ready.then(prune);
  const disposables: vscode.Disposable[] = [
    network.onDidChange(() => {
      store.strategy = network.settings.current.keyRotation;
      w.applyClientOptions();
    }),
    stats.onDidChange(() => w.refreshStatusBar()),
    store.onDidChange(prune),
    ...registerNetworkCommands({ secret: network.signingSecret, prompter: w.prompter, log: w.log }),
  ];
  return {
    disposables,
    views: {
      tooltip: () => keyUsageTooltip(stats.snapshot(), (id) => store.find(id)?.label, clock.now()),
      line: (keyId, now) => formatKeyUsage(stats.of(keyId), now),
    },
  };
}
