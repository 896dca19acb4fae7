import * as vscode from 'vscode';
import type { ApiKey, KeyFeedback, KeyProvider } from '../api';
import type { BaseUrlCheck } from './baseUrlPolicy';
import type { KeyStore } from './keyStore';

/** Id and value of the stand-in key used against a local emulator when no key is stored. */
export const EMULATOR_KEY: ApiKey = { id: 'emulator', label: 'local emulator (no key)', value: 'emulator-placeholder' };

/** Thrown instead of handing out a key the settings say must not be sent. */
export class KeyRefusedError extends Error {
  override readonly name = 'KeyRefusedError';
}

/** Thrown when no key is stored and the base URL is not a loopback emulator. */
export class NoApiKeyError extends Error {
  override readonly name = 'NoApiKeyError';
  constructor() {
    super('No Anthropic API key is set. Run "Claude: Set API Key" to add one.');
  }
}

/**
 * The KeyProvider the client really uses: the KeyStore behind two host rules.
 * 1. Never hand a key out for a base URL that would carry it over plain http to another machine.
 * 2. Emulator mode: no stored key + a loopback base URL -> a placeholder key (said plainly in the UI).
 */
export class PolicyKeyProvider implements KeyProvider, vscode.Disposable {
  private readonly _onDidChangeEmulatorMode = new vscode.EventEmitter<boolean>();
  /** Fires when {@link isEmulatorMode} flips. */
  readonly onDidChangeEmulatorMode = this._onDidChangeEmulatorMode.event;
  private lastEmulatorMode: boolean;

  constructor(
    private readonly store: KeyStore,
    private readonly baseUrl: () => BaseUrlCheck,
  ) {
    this.lastEmulatorMode = this.isEmulatorMode;
  }

  /** True when requests go to a loopback server with a placeholder key (no key stored; known once the keys are read). */
  get isEmulatorMode(): boolean {
    const check = this.baseUrl();
    return this.store.isLoaded && !this.store.hasKeys && check.loopback && !check.problem;
  }

  /** Re-evaluates emulator mode; call after settings or keys change. */
  refresh(): void {
    const mode = this.isEmulatorMode;
    if (mode === this.lastEmulatorMode) return;
    this.lastEmulatorMode = mode;
    this._onDidChangeEmulatorMode.fire(mode);
  }

  async current(exclude?: ReadonlySet<string>): Promise<ApiKey | undefined> {
    await this.store.ready;
    const check = this.baseUrl();
    if (check.problem) throw new KeyRefusedError(`Claude Chat did not send the request: ${check.problem}`);
    if (this.isEmulatorMode) return exclude?.has(EMULATOR_KEY.id) ? undefined : EMULATOR_KEY;
    if (!this.store.hasKeys) throw new NoApiKeyError();
    return this.store.current(exclude);
  }

  report(keyId: string, feedback: KeyFeedback): void {
    if (keyId === EMULATOR_KEY.id) return;
    this.store.report(keyId, feedback);
  }

  dispose(): void {
    this._onDidChangeEmulatorMode.dispose();
  }
}
