import { promises as fs } from 'fs';
import type { Conversation, ConversationSummary } from '../historyTypes';
import { decodeHeader, summarize } from './codec';
import { isMissing, readStart } from './files';

/** Bytes read from each file to list it: the header line is well under this (titles are capped). */
const HEADER_BYTES = 4 * 1024;

/** Files read at once while listing: enough to hide I/O latency, few enough to stay under fd limits. */
const LIST_CONCURRENCY = 16;

interface CachedSummary {
  readonly mtimeMs: number;
  readonly size: number;
  readonly summary: ConversationSummary;
}

/**
 * The list's data: each file's header line, read with a few files in flight and cached by mtime
 * and size, so a second list() costs one stat per file. A file without a current header (old
 * schema, damage) is loaded in full through `loadFull`, which migrates or moves it aside.
 */
export class SummaryIndex {
  private readonly cache = new Map<string, CachedSummary>();

  constructor(
    private readonly fileOf: (id: string) => string,
    private readonly loadFull: (id: string) => Promise<Conversation | undefined>,
  ) {}

  /** Summaries of `ids` that could be read, in no particular order; forgets every other id. */
  async summaries(ids: readonly string[]): Promise<ConversationSummary[]> {
    const keep = new Set(ids);
    for (const id of [...this.cache.keys()].filter((k) => !keep.has(k))) {
      this.cache.delete(id);
    }
    const found = new Array<ConversationSummary | undefined>(ids.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < ids.length; i = next++) {
        found[i] = await this.summary(ids[i]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(LIST_CONCURRENCY, ids.length) }, worker));
    return found.filter((s): s is ConversationSummary => s !== undefined);
  }

  /** Drops the cached summary of `id` (its file changed or is gone). */
  forget(id: string): void {
    this.cache.delete(id);
  }

  private async summary(id: string): Promise<ConversationSummary | undefined> {
    const file = this.fileOf(id);
    let stat;
    try {
      stat = await fs.stat(file);
    } catch (err) {
      if (isMissing(err)) {
        return undefined;
      }
      throw err;
    }
    if (!stat.isFile()) {
      // A folder or device named like a conversation is not ours to read, move or report.
      return undefined;
    }
    const cached = this.cache.get(id);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
      return cached.summary;
    }
    let summary = decodeHeader(await readStart(file, HEADER_BYTES).catch(() => ''), id);
    if (!summary) {
      const conv = await this.loadFull(id);
      summary = conv && summarize(conv);
    }
    if (summary) {
      this.cache.set(id, { mtimeMs: stat.mtimeMs, size: stat.size, summary });
    }
    return summary;
  }
}
