/** Shares one in-flight promise between identical idempotent reads (never used for sends). */
export class InFlight {
  private readonly pending = new Map<string, Promise<unknown>>();

  /** Runs `task` unless an identical call (same `key`) is already running; then joins it. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const existing = this.pending.get(key);
    if (existing) return existing as Promise<T>;
    const promise = task().finally(() => {
      if (this.pending.get(key) === promise) this.pending.delete(key);
    });
    this.pending.set(key, promise);
    return promise;
  }

  /** Calls in flight right now. */
  get size(): number {
    return this.pending.size;
  }
}
