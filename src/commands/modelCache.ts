import type { ModelLike } from './commandDeps';

/**
 * Caches the model list for `ttlMs`: the picker opens instantly the second time and does not
 * spend a request each time. Concurrent callers share one fetch; a failed fetch is not cached.
 */
export class ModelCache {
  private value?: { models: readonly ModelLike[]; at: number };
  private inFlight?: Promise<readonly ModelLike[]>;

  constructor(
    private readonly fetchModels: () => Promise<readonly ModelLike[]>,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached list when fresh, else a new fetch (`force` skips the cache). */
  get(force = false): Promise<readonly ModelLike[]> {
    if (!force && this.value && this.now() - this.value.at < this.ttlMs) {
      return Promise.resolve(this.value.models);
    }
    if (!this.inFlight) {
      this.inFlight = this.fetchModels()
        .then((models) => {
          this.value = { models, at: this.now() };
          return models;
        })
        .finally(() => {
          this.inFlight = undefined;
        });
    }
    return this.inFlight;
  }

  /** The last list fetched, fresh or not (for a fallback when the network is down). */
  get stale(): readonly ModelLike[] | undefined {
    return this.value?.models;
  }

  /** Forget the list (e.g. the key or base URL changed). */
  clear(): void {
    this.value = undefined;
  }
}
