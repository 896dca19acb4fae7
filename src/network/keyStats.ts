import type * as vscode from 'vscode';
import type { Clock, Disposable, KeyUsage } from '../api';
import { Emitter } from '../base/emitter';
import { DisposableStore } from '../base/lifecycle';

/** globalState entry of the per-key figures (ids, labels and counts; never a key's value). */
export const KEY_USAGE_STATE = 'claudeChat.keyUsage.v1';
/** Writes are batched: a streaming answer changes the figures several times in a second. */
export const SAVE_DELAY_MS = 1000;

/** The client's per-key usage, as the stats need it (the AnthropicClient satisfies this). */
export interface KeyUsageSource {
  readonly keyUsage: { snapshot(): KeyUsage[]; restore(saved: readonly unknown[]): void; forget(keyId?: string): void };
  onKeyUsage(listener: (usage: KeyUsage) => void): Disposable;
}

/**
 * Keeps the client's per-key usage across restarts: restores the saved figures into the client
 * at start, saves them (batched) after each change and at dispose, and drops a key's figures
 * when the key is removed. The saved data is what `client.keyUsage` exposes: no key values.
 */
export class KeyStats implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changedEmitter = this.disposables.add(new Emitter<void>());
  /** Fires (at most once per batch) after the figures changed. */
  readonly onDidChange = this.changedEmitter.event;
  private timer: unknown;

  constructor(
    private readonly source: KeyUsageSource,
    private readonly state: vscode.Memento,
    private readonly clock: Clock,
  ) {
    const saved = state.get<unknown>(KEY_USAGE_STATE);
    if (Array.isArray(saved)) source.keyUsage.restore(saved);
    this.disposables.add(source.onKeyUsage(() => this.changed()));
  }

  /** Every key's figures now. */
  snapshot(): KeyUsage[] {
    return this.source.keyUsage.snapshot();
  }

  /** One key's figures, if it was used. */
  of(keyId: string): KeyUsage | undefined {
    return this.snapshot().find((u) => u.keyId === keyId);
  }

  /** Forgets the figures of keys that no longer exist (`keep`: the ids still stored, plus placeholders). */
  prune(keep: ReadonlySet<string>): void {
    const gone = this.snapshot().filter((u) => !keep.has(u.keyId));
    if (!gone.length) return;
    for (const u of gone) this.source.keyUsage.forget(u.keyId);
    this.changed();
  }

  /** Writes the figures now (also what dispose does); resolves when the memento has them. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.state.update(KEY_USAGE_STATE, this.snapshot());
  }

  private changed(): void {
    if (this.timer !== undefined) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      void this.state.update(KEY_USAGE_STATE, this.snapshot());
      this.changedEmitter.fire();
    }, SAVE_DELAY_MS);
  }

  dispose(): void {
    void this.flush();
    this.disposables.dispose();
  }
}
