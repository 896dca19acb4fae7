import { promises as fs } from 'fs';
import type { Stats } from 'fs';
import type { Conversation, ConversationHeader } from './historyTypes';
import { decodeHeader, summarize } from './codec';
import { HistoryFileError, isTransient } from './errors';
import { isMissing } from './files';
import { readConversationStart } from './safeRead';

/** Bytes read from each file to list it: the header line is well under this (titles are capped). */
const HEADER_BYTES = 4 * 1024;

/** Files read at once while listing: enough to hide I/O latency, few enough to stay under fd limits. */
const LIST_CONCURRENCY = 16;

interface CachedSummary {
  /** The directory entry it was read from (see {@link stampOf}). */
  readonly stamp: string;
  /** Undefined: the file is known to be unusable and was reported; it is skipped until it changes. */
  readonly summary: ConversationHeader | undefined;
}

/** Changes whenever the entry does: a save (new inode, times, size), a chmod (ctime), a swap for a link. */
function stampOf(s: Stats): string {
  return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.mode}`;
}

/**
 * The list's data: each file's header line (its first 4 KB), read with a few files in flight and
 * cached by the file's identity, so a second list() costs one lstat per file. A file without a
 * current header (old schema, damage, a folder or link, over the size limit) goes through
 * `loadFull`, which migrates it or reports it once and throws a HistoryFileError: it is then left
 * out, and not read again until it changes. One bad file never stops the list.
 */
export class SummaryIndex {
  private readonly cache = new Map<string, CachedSummary>();

  constructor(
    private readonly fileOf: (id: string) => string,
    private readonly loadFull: (id: string) => Promise<Conversation | undefined>,
    private readonly maxFileBytes: number,
  ) {}

  /** Summaries of `ids` that could be read, in no particular order; forgets every other id. */
  async summaries(ids: readonly string[]): Promise<ConversationHeader[]> {
    const keep = new Set(ids);
    for (const id of [...this.cache.keys()].filter((k) => !keep.has(k))) {
      this.cache.delete(id);
    }
    const found = new Array<ConversationHeader | undefined>(ids.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < ids.length; i = next++) {
        found[i] = await this.summary(ids[i]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(LIST_CONCURRENCY, ids.length) }, worker));
    return found.filter((s): s is ConversationHeader => s !== undefined);
  }

  /** Drops the cached summary of `id` (its file changed or is gone). */
  forget(id: string): void {
    this.cache.delete(id);
  }

  private async summary(id: string): Promise<ConversationHeader | undefined> {
    const file = this.fileOf(id);
    let stat: Stats | undefined;
    try {
      stat = await fs.lstat(file);
    } catch (err) {
      if (isMissing(err)) {
        return undefined;
      }
      // Not even its entry can be read: loadFull names the reason and reports it.
    }
    const stamp = stat ? stampOf(stat) : undefined;
    const cached = this.cache.get(id);
    if (cached && cached.stamp === stamp) {
      return cached.summary;
    }
    let summary: ConversationHeader | undefined;
    let remember = stamp !== undefined;
    if (stat?.isFile() && stat.size <= this.maxFileBytes) {
      const start = await readConversationStart(file, this.maxFileBytes, HEADER_BYTES);
      summary = start && decodeHeader(start, id);
    }
    if (!summary) {
      try {
        const conv = await this.loadFull(id);
        summary = conv && summarize(conv);
      } catch (err) {
        if (!(err instanceof HistoryFileError)) {
          throw err;
        }
        // Out of file handles for a moment: skip it this time, look again next time.
        remember &&= !isTransient(err);
      }
    }
    if (remember && stamp !== undefined) {
      this.cache.set(id, { stamp, summary });
    }
    return summary;
  }
}
