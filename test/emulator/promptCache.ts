/**
 * Prompt caching as the API reports it: a block with `cache_control` marks the end of a prefix
 * (tools, then system, then messages, in that order). The first request with a prefix writes it
 * (`cache_creation_input_tokens`); a later request with the same prefix and model within the TTL
 * reads it (`cache_read_input_tokens`, and the TTL starts again); `input_tokens` is what comes
 * after the last breakpoint. Prefixes shorter than the minimum are not cached, like the API's
 * 1,024-token minimum.
 */
import { createHash } from 'node:crypto';
import { estimateTokens } from './answers';

/** How the emulator caches (`promptCache` option). */
export interface PromptCacheOptions {
  /** Smallest cacheable prefix in tokens (default 1024, the API's minimum for most models). */
  minTokens?: number;
  /** Lifetime of an entry since its last use (default 5 minutes, the API's default TTL). */
  ttlMs?: number;
}

/** How the input of one request splits. */
export interface CacheSplit {
  input: number;
  cacheRead: number;
  cacheWrite: number;
}

interface Segment {
  text: string;
  breakpoint: boolean;
}

const hasCacheControl = (v: unknown): boolean => v !== null && typeof v === 'object' && 'cache_control' in v && (v as { cache_control?: unknown }).cache_control != null;

/** The prompt in the order the API caches it, each block with whether it ends a cacheable prefix. */
function segments(body: { tools?: unknown; system?: unknown; messages: { role: string; content: unknown }[] }): Segment[] {
  const out: Segment[] = [];
  if (Array.isArray(body.tools) && body.tools.length) out.push({ text: JSON.stringify(body.tools), breakpoint: body.tools.some(hasCacheControl) });
  if (typeof body.system === 'string') out.push({ text: body.system, breakpoint: false });
  else if (Array.isArray(body.system)) for (const b of body.system) out.push({ text: JSON.stringify(b), breakpoint: hasCacheControl(b) });
  for (const m of body.messages) {
    if (typeof m.content === 'string') out.push({ text: `${m.role}:${m.content}`, breakpoint: false });
    else if (Array.isArray(m.content)) for (const b of m.content) out.push({ text: `${m.role}:${JSON.stringify(b)}`, breakpoint: hasCacheControl(b) });
  }
  return out;
}

/** The emulator's cache of prompt prefixes (shared by all keys, like one organisation). */
export class PromptCache {
  private readonly entries = new Map<string, number>();
  private readonly minTokens: number;
  private readonly ttlMs: number;

  constructor(
    private readonly now: () => number,
    options: PromptCacheOptions = {},
  ) {
    this.minTokens = options.minTokens ?? 1024;
    this.ttlMs = options.ttlMs ?? 300_000;
  }

  /** Splits `totalInput` tokens of `body` into read, written and uncached input, updating the cache. */
  apply(model: string, body: Parameters<typeof segments>[0], totalInput: number): CacheSplit {
    const now = this.now();
    const hash = createHash('sha256').update(model);
    let text = '';
    const prefixes: { key: string; tokens: number }[] = [];
    for (const s of segments(body)) {
      hash.update('\u0000').update(s.text);
      text += s.text;
      if (!s.breakpoint) continue;
      const tokens = Math.min(totalInput, estimateTokens(text));
      if (tokens >= this.minTokens) prefixes.push({ key: hash.copy().digest('hex'), tokens });
    }
    if (prefixes.length === 0) return { input: totalInput, cacheRead: 0, cacheWrite: 0 };
    let read = 0;
    for (const p of prefixes) {
      const expires = this.entries.get(p.key);
      if (expires !== undefined && expires > now) read = p.tokens;
    }
    for (const p of prefixes) this.entries.set(p.key, now + this.ttlMs);
    const last = prefixes[prefixes.length - 1].tokens;
    return { input: totalInput - last, cacheRead: read, cacheWrite: last - read };
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries.clear();
  }
}
