/**
 * The estimate shown before a job is sent: input tokens from `count_tokens` (one request per
 * distinct prompt, cached by its hash for the session, a few at a time) and what they cost at the
 * batch price. A failure here (no key, a key the API rejects) stops the job before anything is sent;
 * one prompt is counted afresh every time so a cached count never hides a bad key.
 */
import { createHash } from 'crypto';
import type { CountTokensBody } from '../api/types';
import { batchCostOf } from '../shared/pricing';

/** What the estimate needs of the client. */
export interface TokenCounter {
  readonly messages: { countTokens(body: CountTokensBody, options?: { signal?: AbortSignal }): Promise<{ input_tokens: number }> };
}

/** Input tokens and their cost at the batch price (undefined when the model has no known price). */
export interface Estimate {
  inputTokens: number;
  costUsd: number | undefined;
  /** Distinct prompts counted (repeated files are counted once). */
  distinct: number;
}

/** Counts at most this many prompts at the same time. */
const CONCURRENCY = 4;

/** Token counts by prompt hash, shared by every estimate of this session. */
export class TokenEstimator {
  private readonly cache = new Map<string, Promise<number>>();

  constructor(private readonly client: () => TokenCounter) {}

  /** Estimates the bodies (model and messages are what count). */
  async estimate(model: string, prompts: readonly string[], signal?: AbortSignal): Promise<Estimate> {
    const byHash = new Map<string, string>();
    const hashes = prompts.map((p) => {
      const h = createHash('sha256').update(model).update('\0').update(p).digest('hex');
      byHash.set(h, p);
      return h;
    });
    const queue = [...byHash.keys()];
    const counted = new Map<string, number>();
    // One prompt is always counted afresh: it checks the key against the API now, so a missing or
    // revoked key stops the job here even when every prompt was counted before.
    const first = queue.shift();
    if (first !== undefined) {
      this.cache.delete(first);
      counted.set(first, await this.count(first, model, byHash.get(first) ?? '', signal));
    }
    const worker = async (): Promise<void> => {
      for (let h = queue.shift(); h !== undefined; h = queue.shift()) counted.set(h, await this.count(h, model, byHash.get(h) ?? '', signal));
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
    const inputTokens = hashes.reduce((sum, h) => sum + (counted.get(h) ?? 0), 0);
    const costUsd = batchCostOf(model, { input_tokens: inputTokens, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    return { inputTokens, costUsd, distinct: byHash.size };
  }

  private count(hash: string, model: string, prompt: string, signal?: AbortSignal): Promise<number> {
    let known = this.cache.get(hash);
    if (!known) {
      known = this.client()
        .messages.countTokens({ model, messages: [{ role: 'user', content: prompt }] }, { signal })
        .then((r) => r.input_tokens);
      // A failed count is not remembered: the next estimate asks again.
      known.catch(() => this.cache.delete(hash));
      this.cache.set(hash, known);
    }
    return known;
  }
}
