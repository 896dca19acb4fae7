/**
 * How keys reach the client. The host implements `KeyProvider` over SecretStorage; the library
 * ships a static provider (one key) and a rotating one (a plain list).
 */
import type { Clock } from '../base/clock';
import { systemClock } from '../base/clock';
import { registerSecret } from '../base/redact';
import type { RotationStrategy } from './keyRotation';
import { advancesCursor, chooseKey } from './keyRotation';

/** A key with a stable id and a human label (the label is what logs show). */
export interface ApiKey {
  readonly id: string;
  readonly label: string;
  readonly value: string;
}

/** What the client learned about a key from the last response. */
export type KeyFeedback =
  | { kind: 'ok' }
  | { kind: 'rateLimited'; resetAt?: number }
  | { kind: 'invalid'; status: 401 | 403; reason: string };

/** Source of keys; `exclude` holds ids already tried for the current request. */
export interface KeyProvider {
  current(exclude?: ReadonlySet<string>): Promise<ApiKey | undefined>;
  report(keyId: string, feedback: KeyFeedback): void;
}

/** One fixed key. */
export class StaticKeyProvider implements KeyProvider {
  private readonly key: ApiKey;
  private invalid = false;

  constructor(value: string, label = 'default') {
    registerSecret(value);
    this.key = { id: 'static', label, value };
  }

  async current(exclude?: ReadonlySet<string>): Promise<ApiKey | undefined> {
    if (exclude?.has(this.key.id)) return undefined;
    return this.key;
  }

  report(_keyId: string, feedback: KeyFeedback): void {
    // A single key stays usable after a 401 (the user may fix the account); remember it for callers.
    this.invalid = feedback.kind === 'invalid';
  }

  /** Whether the last response said the key is invalid. */
  get isInvalid(): boolean {
    return this.invalid;
  }
}

interface KeyState {
  key: ApiKey;
  invalid?: string;
  limitedUntil?: number;
}

/** Options of {@link RotatingKeyProvider}. */
export interface RotatingKeyOptions {
  clock?: Clock;
  /** `failover` (default): the first key with room; `roundRobin`: each new call takes the next key with room. */
  strategy?: RotationStrategy;
}

/**
 * Several keys in order of preference, picked by the rotation strategy (see keyRotation.ts): a
 * rate-limited key is skipped until its reset while another has room, an invalid one for good
 * (until `restore`).
 */
export class RotatingKeyProvider implements KeyProvider {
  private readonly states: KeyState[];
  private readonly clock: Clock;
  /** How requests are spread over the keys; may be changed at any time. */
  strategy: RotationStrategy;
  private lastPicked: string | undefined;

  constructor(keys: ReadonlyArray<string | ApiKey>, clockOrOptions: Clock | RotatingKeyOptions = {}) {
    const options: RotatingKeyOptions = 'now' in clockOrOptions ? { clock: clockOrOptions } : clockOrOptions;
    this.clock = options.clock ?? systemClock;
    this.strategy = options.strategy ?? 'failover';
    this.states = keys.map((k, i) => {
      const key = typeof k === 'string' ? { id: `key-${i + 1}`, label: `key ${i + 1}`, value: k } : k;
      registerSecret(key.value);
      return { key };
    });
  }

  async current(exclude?: ReadonlySet<string>): Promise<ApiKey | undefined> {
    const candidates = this.states.map((s) => ({ id: s.key.id, bad: !!s.invalid, limitedUntil: s.limitedUntil, key: s.key }));
    const pick = chooseKey(candidates, { strategy: this.strategy, now: this.clock.now(), exclude, after: this.lastPicked });
    if (pick && advancesCursor(exclude)) this.lastPicked = pick.id;
    return pick?.key;
  }

  report(keyId: string, feedback: KeyFeedback): void {
    const state = this.states.find((s) => s.key.id === keyId);
    if (!state) return;
    if (feedback.kind === 'ok') state.limitedUntil = undefined;
    else if (feedback.kind === 'rateLimited') state.limitedUntil = feedback.resetAt ?? this.clock.now() + 60_000;
    else state.invalid = feedback.reason || `HTTP ${feedback.status}`;
  }

  /** Makes an invalid key usable again (after the user fixed it). */
  restore(keyId: string): void {
    const state = this.states.find((s) => s.key.id === keyId);
    if (state) state.invalid = undefined;
  }

  /** Id, label and health of every key (never the value). */
  status(): Array<{ id: string; label: string; invalid?: string; limitedUntil?: number }> {
    return this.states.map((s) => ({ id: s.key.id, label: s.key.label, invalid: s.invalid, limitedUntil: s.limitedUntil }));
  }
}
