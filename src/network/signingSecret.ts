import type * as vscode from 'vscode';
import { registerSecret } from '../base/redact';
import { Emitter } from '../base/emitter';
import { DisposableStore } from '../base/lifecycle';
import type { SecretKey } from '../auth/keyStore';
import { SerialQueue } from '../base/serialQueue';

/** The SecretStorage entry of the gateway signing secret (the only place it is kept). */
export const SIGNING_SECRET_KEY: SecretKey = 'claudeChat.gatewaySigningSecret.v1';

/**
 * The gateway signing secret, in SecretStorage only. Held in memory after the first read so the
 * client can sign without awaiting; {@link onDidChange} fires after a set or clear, in this window
 * or another one, so the client applies it without a reload.
 */
export class SigningSecretStore implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly _onDidChange = this.disposables.add(new Emitter<void>());
  /** Fires after the secret was set, replaced or cleared. */
  readonly onDidChange = this._onDidChange.event;
  private value: string | undefined;
  /** Our own writes in flight: their change events echo back late and must not undo a newer write. */
  private readonly writes = new SerialQueue();
  /** Why the stored secret could not be read, if it could not. */
  loadError: string | undefined;

  private constructor(private readonly secrets: vscode.SecretStorage) {
    this.disposables.add(
      secrets.onDidChange((e) => {
        if (e.key === SIGNING_SECRET_KEY) void this.ready.then(() => this.reload());
      }),
    );
    this.ready = this.reload();
  }

  /** Resolves once the stored secret is read (until then {@link current} is undefined). */
  readonly ready: Promise<void>;

  /** A store that reads the stored secret in the background ({@link ready}). */
  static open(secrets: vscode.SecretStorage): SigningSecretStore {
    return new SigningSecretStore(secrets);
  }

  /** The secret, or undefined when none is set. */
  get current(): string | undefined {
    return this.value;
  }

  /** True when a secret is set (what the UI may show). */
  get isSet(): boolean {
    return this.value !== undefined;
  }

  /** Stores a new secret (trimmed; an empty one is refused: it would make every signature forgeable). */
  async set(secret: string): Promise<void> {
    const value = secret.trim();
    if (!value) throw new TypeError('The signing secret cannot be empty.');
    await this.ready;
    this.apply(value);
    await this.writes.run(() => this.secrets.store(SIGNING_SECRET_KEY, value));
  }

  /** Removes the secret: requests go unsigned again. */
  async clear(): Promise<void> {
    await this.ready;
    this.apply(undefined);
    await this.writes.run(() => this.secrets.delete(SIGNING_SECRET_KEY));
  }


  private async reload(): Promise<void> {
    if (this.writes.busy) return;
    try {
      const stored = await this.secrets.get(SIGNING_SECRET_KEY);
      // A write of ours started while reading: what it writes is newer than what was read.
      if (this.writes.busy) return;
      this.loadError = undefined;
      this.apply(stored || undefined);
    } catch (err) {
      this.loadError = err instanceof Error ? err.message : String(err);
    }
  }

  private apply(value: string | undefined): void {
    if (value === this.value) return;
    this.value = this.remember(value);
    this._onDidChange.fire();
  }

  private remember(value: string | undefined): string | undefined {
    // The secret is never sent, but a gateway may echo it: masked like a key wherever text is written.
    if (value) registerSecret(value);
    return value;
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
