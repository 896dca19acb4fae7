import * as vscode from 'vscode';
import type { ApiKey, KeyFeedback, KeyProvider, RotationStrategy } from '../api';
import { advancesCursor, chooseKey } from '../api/keyRotation';
import { SerialQueue } from '../base/serialQueue';

/** Every SecretStorage entry this extension writes (typed: no inline strings). */
export type SecretKey = 'claudeChat.apiKeys.v1' | 'claudeChat.gatewaySigningSecret.v1';
const KEYS_SECRET: SecretKey = 'claudeChat.apiKeys.v1';

/** Why a key was marked bad, as the API said it. */
export interface KeyProblem {
  readonly status: 401 | 403;
  readonly reason: string;
  /** Epoch ms. */
  readonly at: number;
}

/** What the UI may know about a key: never its value. */
export interface KeyInfo {
  readonly id: string;
  readonly label: string;
  readonly active: boolean;
  readonly bad?: KeyProblem;
  /** Epoch ms until which the key is skipped after a 429. */
  readonly rateLimitedUntil?: number;
  /** Last four characters, for telling keys apart ("…ab12"); only shown when the key is long. */
  readonly hint: string;
}

interface StoredKey {
  id: string;
  label: string;
  value: string;
  bad?: KeyProblem;
}

interface StoredState {
  version: 1;
  activeId?: string;
  keys: StoredKey[];
}

/** Fired when the API rejected a key; the UI names the label, never the value. */
export interface KeyMarkedBad {
  readonly id: string;
  readonly label: string;
  readonly reason: string;
  readonly status: 401 | 403;
}

/** Options for {@link KeyStore.create}. */
export interface KeyStoreOptions {
  /** Epoch ms; injected so rotation windows are testable. */
  readonly now?: () => number;
  /** How long a rate-limited key is skipped when the API gave no reset time. */
  readonly defaultRateLimitMs?: number;
  /** Id generator (injected for deterministic tests). */
  readonly newId?: () => string;
}

function parseState(raw: string | undefined): StoredState {
  if (!raw) return { version: 1, keys: [] };
  try {
    const parsed = JSON.parse(raw) as Partial<StoredState>;
    const keys = Array.isArray(parsed.keys)
      ? parsed.keys.filter((k): k is StoredKey => !!k && typeof k.id === 'string' && typeof k.label === 'string' && typeof k.value === 'string')
      : [];
    return { version: 1, activeId: typeof parsed.activeId === 'string' ? parsed.activeId : undefined, keys };
  } catch {
    // A corrupt entry must not brick the extension; the user can add keys again.
    return { version: 1, keys: [] };
  }
}

/**
 * Several labelled API keys in `context.secrets` (and nowhere else), with one active key.
 * Implements the library's {@link KeyProvider}: a rate-limited key is skipped until its reset while
 * another has room; a key the API rejects (401/403) is marked bad with the API's reason.
 */
export class KeyStore implements KeyProvider, vscode.Disposable {
  private readonly _onDidChange = new vscode.EventEmitter<void>();
  /** Keys added, removed, renamed, activated, marked bad, or changed in another window. */
  readonly onDidChange = this._onDidChange.event;
  private readonly _onDidMarkBad = new vscode.EventEmitter<KeyMarkedBad>();
  /** The API rejected a key. */
  readonly onDidMarkBad = this._onDidMarkBad.event;
  private readonly disposables: vscode.Disposable[] = [this._onDidChange, this._onDidMarkBad];
  private readonly rateLimitedUntil = new Map<string, number>();
  private readonly writes = new SerialQueue();
  private readonly now: () => number;
  private readonly defaultRateLimitMs: number;
  private readonly newId: () => string;
  private lastPicked: string | undefined;
  /** How requests are spread over the keys (`claudeChat.keyRotation`); may change at any time. */
  strategy: RotationStrategy = 'failover';
  private state: StoredState = { version: 1, keys: [] };
  private loaded = false;
  /**
   * Resolves once the stored keys are read. Until then the store is empty: reading SecretStorage
   * took 0.4-0.7 s of activation in code-server, and activation holds up the chat panel, so
   * {@link open} reads in the background; every change and every key handed out waits for it.
   */
  readonly ready: Promise<void>;

  private constructor(
    private readonly secrets: vscode.SecretStorage,
    options: KeyStoreOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.defaultRateLimitMs = options.defaultRateLimitMs ?? 60_000;
    let counter = 0;
    this.newId = options.newId ?? (() => `k${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`);
    this.disposables.push(
      secrets.onDidChange((e) => {
        if (e.key === KEYS_SECRET) void this.reload();
      }),
    );
    this.ready = this.load();
  }

  /** A store that reads the stored keys in the background ({@link ready}); fires onDidChange when they are in. */
  static open(secrets: vscode.SecretStorage, options: KeyStoreOptions = {}): KeyStore {
    return new KeyStore(secrets, options);
  }

  /** A store with the stored keys read. */
  static async create(secrets: vscode.SecretStorage, options: KeyStoreOptions = {}): Promise<KeyStore> {
    const store = KeyStore.open(secrets, options);
    await store.ready;
    return store;
  }

  /** True once the stored keys are read (before that the store looks empty). */
  get isLoaded(): boolean {
    return this.loaded;
  }

  private async load(): Promise<void> {
    let raw: string | undefined;
    try {
      raw = await this.secrets.get(KEYS_SECRET);
    } catch (err) {
      // No usable keyring (e.g. Linux without a secret service): start empty rather than fail activation.
      this.loadError = err instanceof Error ? err.message : String(err);
    }
    // Nothing changed the state meanwhile: every change waits for `ready`.
    this.state = parseState(raw);
    this.loaded = true;
    this._onDidChange.fire();
  }

  /** Why the stored keys could not be read at start-up (SecretStorage unavailable), if they could not. */
  loadError: string | undefined;

  /**
   * Re-reads SecretStorage (another window changed the keys). Our own writes echo back as change
   * events, late: a value equal to what we hold, or one a pending write of ours will replace, is ignored.
   * Resolves to true when something changed.
   */
  async reload(): Promise<boolean> {
    await this.ready;
    if (this.writes.busy) return false;
    const stored = parseState(await this.secrets.get(KEYS_SECRET));
    if (this.writes.busy || JSON.stringify(stored) === JSON.stringify(parseState(JSON.stringify(this.state)))) return false;
    this.state = stored;
    this._onDidChange.fire();
    return true;
  }

  /** The keys in their order, without values. */
  list(): readonly KeyInfo[] {
    const now = this.now();
    return this.state.keys.map((k) => {
      const until = this.rateLimitedUntil.get(k.id);
      return {
        id: k.id,
        label: k.label,
        active: k.id === this.activeId,
        bad: k.bad,
        rateLimitedUntil: until !== undefined && until > now ? until : undefined,
        hint: k.value.length >= 16 ? `…${k.value.slice(-4)}` : '',
      };
    });
  }

  /** True when at least one key is stored. */
  get hasKeys(): boolean {
    return this.state.keys.length > 0;
  }

  /** Id of the active key (the first key when none was chosen). */
  get activeId(): string | undefined {
    const { activeId, keys } = this.state;
    return keys.some((k) => k.id === activeId) ? activeId : keys[0]?.id;
  }

  /** The active key's public info. */
  get active(): KeyInfo | undefined {
    return this.list().find((k) => k.active);
  }

  /** Every stored value, for the logger's redaction only. */
  secretValues(): string[] {
    return this.state.keys.map((k) => k.value);
  }

  /** Finds a key by id or (case-insensitively) by label. */
  find(idOrLabel: string): KeyInfo | undefined {
    const lower = idOrLabel.toLowerCase();
    return this.list().find((k) => k.id === idOrLabel) ?? this.list().find((k) => k.label.toLowerCase() === lower);
  }

  /** Adds a key (or replaces the value of a key with the same label) and makes it active. */
  async add(label: string, value: string): Promise<KeyInfo> {
    await this.ready;
    const trimmedLabel = label.trim() || this.nextLabel();
    const existing = this.state.keys.find((k) => k.label.toLowerCase() === trimmedLabel.toLowerCase());
    const id = existing?.id ?? this.newId();
    const stored: StoredKey = { id, label: trimmedLabel, value: value.trim() };
    const keys = existing ? this.state.keys.map((k) => (k.id === id ? stored : k)) : [...this.state.keys, stored];
    this.rateLimitedUntil.delete(id);
    await this.save({ version: 1, activeId: id, keys });
    return this.find(id) as KeyInfo;
  }

  /** Renames a key; refuses a label another key already has. */
  async rename(id: string, label: string): Promise<void> {
    await this.ready;
    const trimmed = label.trim();
    if (!trimmed) throw new Error('A key label cannot be empty.');
    if (this.state.keys.some((k) => k.id !== id && k.label.toLowerCase() === trimmed.toLowerCase())) {
      throw new Error(`Another key is already labelled "${trimmed}".`);
    }
    await this.save({ ...this.state, keys: this.state.keys.map((k) => (k.id === id ? { ...k, label: trimmed } : k)) });
  }

  /** Makes a key the one used first; clears a bad mark, since the user vouches for it again. */
  async setActive(id: string): Promise<void> {
    await this.ready;
    if (!this.state.keys.some((k) => k.id === id)) throw new Error('No such key.');
    this.rateLimitedUntil.delete(id);
    await this.save({ ...this.state, activeId: id, keys: this.state.keys.map((k) => (k.id === id ? { id: k.id, label: k.label, value: k.value } : k)) });
  }

  /** Removes one key. */
  async remove(id: string): Promise<void> {
    await this.ready;
    this.rateLimitedUntil.delete(id);
    const keys = this.state.keys.filter((k) => k.id !== id);
    await this.save({ version: 1, activeId: this.state.activeId === id ? keys[0]?.id : this.state.activeId, keys });
  }

  /** Removes every key from SecretStorage. */
  async clear(): Promise<void> {
    await this.ready;
    this.rateLimitedUntil.clear();
    this.state = { version: 1, keys: [] };
    await this.writes.run(() => this.secrets.delete(KEYS_SECRET));
    this._onDidChange.fire();
  }

  // KeyProvider ---------------------------------------------------------------------------------

  /**
   * The key for a request, by {@link strategy} (the rule is the library's `chooseKey`): `failover`
   * takes the active key unless it is bad, excluded or waiting out a 429, then the next key with
   * room; `roundRobin` gives each new request the next key with room after the previous one's.
   */
  async current(exclude?: ReadonlySet<string>): Promise<ApiKey | undefined> {
    await this.ready;
    const activeId = this.activeId;
    const ordered = [...this.state.keys].sort((a, b) => Number(b.id === activeId) - Number(a.id === activeId));
    const candidates = ordered.map((k) => ({ id: k.id, bad: !!k.bad, limitedUntil: this.rateLimitedUntil.get(k.id), key: k }));
    const pick = chooseKey(candidates, { strategy: this.strategy, now: this.now(), exclude, after: this.lastPicked })?.key;
    if (pick && advancesCursor(exclude)) this.lastPicked = pick.id;
    return pick ? { id: pick.id, label: pick.label, value: pick.value } : undefined;
  }

  /** Feedback from the client after each attempt. */
  report(keyId: string, feedback: KeyFeedback): void {
    const key = this.state.keys.find((k) => k.id === keyId);
    if (!key) return;
    switch (feedback.kind) {
      case 'ok':
        if (this.rateLimitedUntil.delete(keyId)) this._onDidChange.fire();
        return;
      case 'rateLimited':
        this.rateLimitedUntil.set(keyId, feedback.resetAt ?? this.now() + this.defaultRateLimitMs);
        this._onDidChange.fire();
        return;
      case 'invalid': {
        // Concurrent requests may all fail on the same key: tell the user once.
        if (key.bad) return;
        const bad: KeyProblem = { status: feedback.status, reason: feedback.reason, at: this.now() };
        const keys = this.state.keys.map((k) => (k.id === keyId ? { ...k, bad } : k));
        void this.save({ ...this.state, keys });
        this._onDidMarkBad.fire({ id: keyId, label: key.label, reason: feedback.reason, status: feedback.status });
        return;
      }
    }
  }

  private nextLabel(): string {
    let n = this.state.keys.length + 1;
    while (this.state.keys.some((k) => k.label === `Key ${n}`)) n++;
    return `Key ${n}`;
  }

  private async save(next: StoredState): Promise<void> {
    // Update memory first so current() sees the change at once; writes are serialised so they land in order.
    this.state = next;
    const json = JSON.stringify(next);
    this._onDidChange.fire();
    await this.writes.run(() => this.secrets.store(KEYS_SECRET, json));
  }


  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
