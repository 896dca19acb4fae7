/**
 * The composer's token meter: counts what the next message would send with `count_tokens`,
 * debounced while the user types, one count in flight at a time (a newer draft waits, only the
 * latest), and cached per content hash so an unchanged draft, undo or a second look costs no
 * request. When counting fails the reading says why; the caller keeps sending either way.
 * Plain logic on an injected clock: no vscode, no network of its own.
 */
import type { Clock } from '../api';

/** What the meter shows. `key` is the content hash of the counted body. */
export type MeterReading =
  | { readonly state: 'counting'; readonly key: string; readonly estimate?: number }
  | { readonly state: 'counted'; readonly key: string; readonly tokens: number; readonly cached: boolean }
  | { readonly state: 'unavailable'; readonly key: string; readonly unsupported: boolean; readonly error: unknown };

/** What the meter is made with. */
export interface TokenMeterDeps<B> {
  readonly clock: Clock;
  /** Quiet time after the last change before counting (typing is not counted key by key). */
  readonly debounceMs: number;
  /** Counts a body (the client's `messages.countTokens`); rejects when it cannot. */
  readonly count: (body: B, signal: AbortSignal) => Promise<number>;
  /** Content hash of a body (same content, same key). */
  readonly keyOf: (body: B) => string;
  /** A quick local guess shown while counting (e.g. characters / 4). */
  readonly estimate?: (body: B) => number;
  /** True for a failure that will not go away by asking again (a gateway without count_tokens). */
  readonly isUnsupported?: (error: unknown) => boolean;
  /** How long to stop asking after an unsupported answer (default 10 minutes). */
  readonly unsupportedForMs?: number;
  /** Counted bodies remembered (default 64). */
  readonly cacheSize?: number;
  readonly onReading: (reading: MeterReading) => void;
}

interface Flight {
  readonly key: string;
  readonly done: Promise<MeterReading>;
  readonly abort: AbortController;
}

/** Debounced, de-duplicated, cached token counting for one composer. */
export class TokenMeter<B> {
  private readonly cache = new Map<string, number>();
  private timer: unknown;
  private build: (() => B) | undefined;
  private flight: Flight | undefined;
  private queued: { key: string; body: B } | undefined;
  /** Key of the newest body asked about: only its result is shown. */
  private latest: string | undefined;
  private unsupportedUntil = 0;
  private unsupportedError: unknown;
  private disposed = false;

  constructor(private readonly deps: TokenMeterDeps<B>) {}

  /** The draft (or what goes with it) changed: count `build()` once the user pauses. */
  update(build: () => B): void {
    if (this.disposed) return;
    this.build = build;
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = undefined;
      const pending = this.build;
      this.build = undefined;
      if (pending) void this.measure(pending(), false);
    }, this.deps.debounceMs);
  }

  /**
   * The reading for exactly `body`, now (before sending): from the cache, the count in flight for
   * the same content, or a new count. A debounced count waiting to start is dropped (this one wins).
   */
  countNow(body: B): Promise<MeterReading> {
    if (this.timer !== undefined) {
      this.deps.clock.clearTimeout(this.timer);
      this.timer = undefined;
      this.build = undefined;
    }
    return this.measure(body, true);
  }

  /** Nothing to count any more (the draft and the conversation are empty): drops the waiting count; no reading of an older one follows. */
  clear(): void {
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.build = undefined;
    this.queued = undefined;
    this.latest = undefined;
  }

  /** Tokens of a body counted before (by its key), if remembered. */
  cached(key: string): number | undefined {
    return this.cache.get(key);
  }

  /** Ends the timer and the count in flight; no reading follows. */
  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    this.flight?.abort.abort();
    this.queued = undefined;
  }

  /** `awaited`: a caller waits for exactly this body (a send), so it is never dropped for a newer one. */
  private measure(body: B, awaited: boolean): Promise<MeterReading> {
    const key = this.deps.keyOf(body);
    this.latest = key;
    const hit = this.cache.get(key);
    if (hit !== undefined) {
      // Most recently used last, so the oldest is dropped first.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return Promise.resolve(this.emit({ state: 'counted', key, tokens: hit, cached: true }));
    }
    if (this.deps.clock.now() < this.unsupportedUntil) {
      return Promise.resolve(this.emit({ state: 'unavailable', key, unsupported: true, error: this.unsupportedError }));
    }
    if (this.flight?.key === key) return this.flight.done;
    this.emit({ state: 'counting', key, ...(this.deps.estimate ? { estimate: this.deps.estimate(body) } : {}) });
    if (this.flight) {
      // One count at a time. A send waits its turn; of the drafts typed meanwhile only the newest
      // is worth counting next.
      if (awaited) return this.flight.done.then(() => this.measure(body, true));
      this.queued = { key, body };
      return this.flight.done;
    }
    return this.start(key, body);
  }

  private start(key: string, body: B): Promise<MeterReading> {
    const abort = new AbortController();
    const done = this.deps.count(body, abort.signal).then(
      (tokens): MeterReading => {
        this.remember(key, tokens);
        return { state: 'counted', key, tokens, cached: false };
      },
      (error: unknown): MeterReading => {
        const unsupported = this.deps.isUnsupported?.(error) ?? false;
        if (unsupported) {
          this.unsupportedUntil = this.deps.clock.now() + (this.deps.unsupportedForMs ?? 600_000);
          this.unsupportedError = error;
        }
        return { state: 'unavailable', key, unsupported, error };
      },
    );
    const flight: Flight = { key, abort, done: done.then((r) => this.settle(flight, r)) };
    this.flight = flight;
    return flight.done;
  }

  private settle(flight: Flight, reading: MeterReading): MeterReading {
    if (this.flight === flight) this.flight = undefined;
    if (this.disposed) return reading;
    if (reading.key === this.latest) this.deps.onReading(reading);
    const next = this.queued;
    this.queued = undefined;
    if (next && next.key === this.latest && !this.cache.has(next.key)) void this.start(next.key, next.body);
    return reading;
  }

  private remember(key: string, tokens: number): void {
    this.cache.set(key, tokens);
    const max = this.deps.cacheSize ?? 64;
    while (this.cache.size > max) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }

  private emit(reading: MeterReading): MeterReading {
    if (!this.disposed && reading.key === this.latest) this.deps.onReading(reading);
    return reading;
  }
}
