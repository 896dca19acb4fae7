/**
 * Which key a request uses, given the keys in order of preference and what is known about each:
 * the one rule both key providers (the library's RotatingKeyProvider and the host's SecretStorage
 * store) follow.
 *
 * - `failover`: the first key with room (the active key while it has room); on a 429 or 401 the
 *   call moves on to the next key with room.
 * - `roundRobin`: each new call takes the next key with room after the one the previous call
 *   took, so traffic (and rate-limit use) spreads evenly over the keys.
 *
 * In both, a key marked bad is skipped, a rate-limited key is skipped until its reset while
 * another has room, and when every key is limited a fresh call takes the one that frees up first.
 */

/** How requests are spread over several keys. */
export type RotationStrategy = 'failover' | 'roundRobin';

/** The strategies, for settings and validation. */
export const ROTATION_STRATEGIES: readonly RotationStrategy[] = ['failover', 'roundRobin'];

/** What the picker needs to know about one key. */
export interface KeyCandidate {
  readonly id: string;
  /** Marked bad (the API rejected it): never picked. */
  readonly bad: boolean;
  /** Epoch ms until which the key is rate-limited, if it is. */
  readonly limitedUntil: number | undefined;
}

/** Inputs of {@link chooseKey}. */
export interface ChooseOptions {
  strategy: RotationStrategy;
  now: number;
  /** Ids already tried by the current call (rotating away from them). */
  exclude?: ReadonlySet<string>;
  /** For `roundRobin`: id of the key the previous new call took. */
  after?: string;
}

/**
 * The key to use, or undefined. While rotating away (`exclude` not empty) only a key with room is
 * returned: the caller then waits on the key it has instead of swapping one wait for another.
 */
export function chooseKey<K extends KeyCandidate>(keys: readonly K[], options: ChooseOptions): K | undefined {
  const { now, exclude } = options;
  const usable = keys.filter((k) => !k.bad && !exclude?.has(k.id));
  const hasRoom = (k: K): boolean => (k.limitedUntil ?? 0) <= now;
  let pick: K | undefined;
  if (options.strategy === 'roundRobin' && options.after !== undefined) {
    const start = keys.findIndex((k) => k.id === options.after);
    for (let i = 1; i <= keys.length && !pick; i++) {
      const k = keys[(start + i) % keys.length];
      if (usable.includes(k) && hasRoom(k)) pick = k;
    }
  } else {
    pick = usable.find(hasRoom);
  }
  if (pick) return pick;
  if (exclude && exclude.size > 0) return undefined;
  return [...usable].sort((a, b) => (a.limitedUntil ?? 0) - (b.limitedUntil ?? 0))[0];
}

/** True when the pick should move the round-robin cursor: only fresh calls do, not rotations within a call. */
export function advancesCursor(exclude: ReadonlySet<string> | undefined): boolean {
  return !exclude || exclude.size === 0;
}
