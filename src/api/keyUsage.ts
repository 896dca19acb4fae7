/**
 * Per-key usage, kept by the client: what each key was used for, as data a UI can show and a host
 * can store (ids and labels only, never a key's value). Cost comes from the price function the
 * client was given (the host passes its one price table); models without a price add tokens only.
 */

import type { CostFunction, UsageCounts } from './metrics/cost';

export type { CostFunction, UsageCounts } from './metrics/cost';

/** What one key was used for. */
export interface KeyUsage {
  readonly keyId: string;
  /** The label the key had when it was last used. */
  readonly label: string;
  /** Epoch ms of the last request sent with the key. */
  readonly lastUsedAt: number | undefined;
  /** HTTP requests sent with the key (retries included: each counts against the key's limits). */
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheCreationInputTokens: number;
  readonly cacheReadInputTokens: number;
  /** 429 answers. */
  readonly rateLimited: number;
  /** 401 answers about the key (a gateway's signature refusals are not counted: the key was fine). */
  readonly unauthorized: number;
  /** Estimated USD of the answers whose model has a price. */
  readonly costUsd: number;
  /** Answers whose model had no price (their tokens are counted, their cost is not). */
  readonly unpricedAnswers: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const fresh = (keyId: string, label: string): Mutable<KeyUsage> => ({
  keyId, label, lastUsedAt: undefined, requests: 0, inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0,
  cacheReadInputTokens: 0, rateLimited: 0, unauthorized: 0, costUsd: 0, unpricedAnswers: 0,
});

const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

/** The client's per-key counters. */
export class KeyUsageTracker {
  private readonly byKey = new Map<string, Mutable<KeyUsage>>();

  constructor(
    private readonly costOf: () => CostFunction | undefined,
    private readonly changed: (usage: KeyUsage) => void,
  ) {}

  private entry(keyId: string, label: string): Mutable<KeyUsage> {
    let e = this.byKey.get(keyId);
    if (!e) this.byKey.set(keyId, (e = fresh(keyId, label)));
    else e.label = label;
    return e;
  }

  /** A request is about to be sent with this key. */
  attempt(keyId: string, label: string, now: number): void {
    const e = this.entry(keyId, label);
    e.requests++;
    e.lastUsedAt = now;
    this.changed({ ...e });
  }

  /** The API answered a request sent with this key with an error status that concerns the key. */
  refused(keyId: string, label: string, status: 401 | 429): void {
    const e = this.entry(keyId, label);
    if (status === 429) e.rateLimited++;
    else e.unauthorized++;
    this.changed({ ...e });
  }

  /** An answer (complete or partial) of `model` used these tokens. */
  usage(keyId: string, label: string, model: string | undefined, usage: UsageCounts | undefined): void {
    if (!usage) return;
    const e = this.entry(keyId, label);
    e.inputTokens += count(usage.input_tokens);
    e.outputTokens += count(usage.output_tokens);
    e.cacheCreationInputTokens += count(usage.cache_creation_input_tokens);
    e.cacheReadInputTokens += count(usage.cache_read_input_tokens);
    const cost = model ? this.costOf()?.(model, usage)?.usd : undefined;
    if (cost === undefined || !Number.isFinite(cost)) e.unpricedAnswers++;
    else e.costUsd += cost;
    this.changed({ ...e });
  }

  /** Every key's figures, in the order the keys were first seen. */
  snapshot(): KeyUsage[] {
    return [...this.byKey.values()].map((e) => ({ ...e }));
  }

  /**
   * Restores figures kept from an earlier session (a key already counted in this session keeps
   * its live figures). Malformed entries are skipped.
   */
  restore(saved: readonly unknown[]): void {
    for (const item of saved) {
      const s = item as Partial<KeyUsage> | null;
      if (!s || typeof s.keyId !== 'string' || typeof s.label !== 'string' || this.byKey.has(s.keyId)) continue;
      const e = fresh(s.keyId, s.label);
      e.lastUsedAt = typeof s.lastUsedAt === 'number' && Number.isFinite(s.lastUsedAt) ? s.lastUsedAt : undefined;
      for (const k of ['requests', 'inputTokens', 'outputTokens', 'cacheCreationInputTokens', 'cacheReadInputTokens', 'rateLimited', 'unauthorized', 'costUsd', 'unpricedAnswers'] as const) {
        e[k] = count(s[k]);
      }
      this.byKey.set(s.keyId, e);
    }
  }

  /** Drops one key's figures (the key was removed), or all of them. */
  forget(keyId?: string): void {
    if (keyId === undefined) this.byKey.clear();
    else this.byKey.delete(keyId);
  }
}
