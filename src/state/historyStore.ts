import { randomUUID } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { atomicWriteFile } from './atomicWrite';
import type { HistoryClock } from './history/clock';
import { systemClock } from './history/clock';
import { decodeConversation, encodeConversation } from './history/codec';
import { HistoryEmitter } from './history/emitter';
import { HistoryCorruptError, HistoryNewerVersionError } from './history/errors';
import { conversationFileName, idFromFileName, isMissing, moveAside, removeStaleTempFiles } from './history/files';
import { SummaryIndex } from './history/summaryIndex';
import { SaveThrottle } from './history/saveThrottle';
import { CONVERSATION_ID_PATTERN, normalizeTitle } from './history/validate';
import { KeyedWriteQueue } from './history/writeQueue';
import type { Conversation, ConversationSummary, HistoryEvent, HistoryProblem } from './historyTypes';
import { HISTORY_SCHEMA_VERSION } from './historyTypes';
import type { MarkdownExportOptions } from './markdownExport';
import { conversationToMarkdown } from './markdownExport';

export type { HistoryClock } from './history/clock';
export { MAX_TITLE_LENGTH, normalizeTitle } from './history/validate';

/** Options of {@link HistoryStore}; all optional, injected in tests. */
export interface HistoryStoreOptions {
  readonly clock?: HistoryClock;
  /** New conversation ids (must match `[A-Za-z0-9_-]{1,64}`). Default: random UUIDs. */
  readonly newId?: () => string;
  /** Max interval between throttled saves of a growing conversation. Default 1000 ms. */
  readonly throttleMs?: number;
  /** Temp files older than this are leftovers of a crash and are removed. Default 60 s. */
  readonly staleTempMs?: number;
}

/** A throttled save that failed; the conversation is still in memory and the next save retries. */
export interface HistorySaveFailure {
  readonly id: string;
  readonly error: Error;
}


/**
 * Conversation history: one JSON file per conversation in `directory` (the extension's global
 * storage). Plain Node fs, no vscode, so it runs in unit tests.
 *
 * - Writes are atomic (temp file, fsync, rename) and serialized per conversation; the last save wins.
 * - A corrupt file is moved aside to `<id>.corrupt-<ts>.json` and reported via {@link onDidFindCorrupt},
 *   never dropped; a file from a newer build is reported and left alone.
 * - Old schema versions are migrated on load and rewritten once.
 * - `list()` reads only each file's header line, and caches it by mtime and size.
 */
export class HistoryStore {
  private readonly clock: HistoryClock;
  private readonly newId: () => string;
  private readonly staleTempMs: number;
  private readonly queue = new KeyedWriteQueue();
  private readonly throttle: SaveThrottle;
  private readonly index = new SummaryIndex((id) => this.fileOf(id), (id) => this.load(id));
  /** Files reported but left in place (newer version, or could not be moved), so list() does not nag. */
  private readonly reportedInPlace = new Set<string>();
  private readonly _onDidFindCorrupt = new HistoryEmitter<HistoryProblem>();
  private readonly _onDidChange = new HistoryEmitter<void>();
  private readonly _onDidFailSave = new HistoryEmitter<HistorySaveFailure>();

  /** A file could not be used: moved aside (corrupt) or left alone (newer version). Show a warning. */
  readonly onDidFindCorrupt: HistoryEvent<HistoryProblem> = this._onDidFindCorrupt.event;
  /** The set of conversations or a title/order changed (after the file is on disk). */
  readonly onDidChange: HistoryEvent<void> = this._onDidChange.event;
  /** A throttled save failed (disk full, permissions); direct saves reject instead. */
  readonly onDidFailSave: HistoryEvent<HistorySaveFailure> = this._onDidFailSave.event;

  constructor(
    readonly directory: string,
    options: HistoryStoreOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.newId = options.newId ?? randomUUID;
    this.staleTempMs = options.staleTempMs ?? 60_000;
    this.throttle = new SaveThrottle(this.clock, options.throttleMs ?? 1000, (conv) => {
      this.enqueueWrite(conv).catch((err: unknown) => this._onDidFailSave.fire({ id: conv.id, error: toError(err) }));
    });
  }

  /** A new, empty, unsaved conversation. */
  create(init: { title?: string; model?: string } = {}): Conversation {
    const now = this.clock.now();
    const id = this.newId();
    assertId(id);
    const conv: Conversation = { schemaVersion: HISTORY_SCHEMA_VERSION, id, title: init.title ?? 'New conversation', createdAt: now, updatedAt: now, messages: [] };
    return init.model ? { ...conv, model: init.model } : conv;
  }

  /** Summaries of every readable conversation, newest `updatedAt` first. */
  async list(): Promise<ConversationSummary[]> {
    const names = await this.readDir();
    await removeStaleTempFiles(this.directory, names, this.clock.now(), this.staleTempMs).catch(() => 0);
    const ids = names.map(idFromFileName).filter((id): id is string => id !== undefined);
    const summaries = await this.index.summaries(ids);
    return summaries.sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1));
  }

  /** The conversation, or undefined when it does not exist or could not be read (then reported). */
  async load(id: string): Promise<Conversation | undefined> {
    assertId(id);
    const file = this.fileOf(id);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if (isMissing(err)) {
        return undefined;
      }
      throw err;
    }
    try {
      const { conversation, fromVersion } = decodeConversation(text, id);
      if (fromVersion < HISTORY_SCHEMA_VERSION) {
        await this.rewriteMigrated(file, text, conversation);
      }
      return conversation;
    } catch (err) {
      await this.handleUnreadable(id, file, text, err);
      return undefined;
    }
  }

  /** Writes `conv` now (atomically); supersedes any pending throttled save of it. */
  async save(conv: Conversation): Promise<void> {
    assertId(conv.id);
    this.throttle.cancel(conv.id);
    await this.enqueueWrite(conv);
  }

  /**
   * Saves a conversation that keeps changing (a streaming answer): written at once, then at most
   * once per throttle interval, always ending with the newest state. Call {@link flush} or
   * {@link save} when the answer ends.
   */
  saveThrottled(conv: Conversation): void {
    assertId(conv.id);
    this.throttle.request(conv);
  }

  /** Writes every pending throttled save and waits for all writes to reach the disk. */
  async flush(): Promise<void> {
    this.throttle.flushAll();
    await this.queue.idle();
  }

  /** Waits for writes already started or queued, without forcing pending throttled saves out. */
  async idle(): Promise<void> {
    await this.queue.idle();
  }

  /** Renames a conversation (keeps its place in the list). Returns the updated one, or undefined. */
  async rename(id: string, title: string): Promise<Conversation | undefined> {
    await this.flush();
    const conv = await this.load(id);
    if (!conv) {
      return undefined;
    }
    const renamed: Conversation = { ...conv, title: normalizeTitle(title) };
    await this.save(renamed);
    return renamed;
  }

  /** Deletes a conversation's file; true when there was one. */
  async delete(id: string): Promise<boolean> {
    assertId(id);
    this.throttle.cancel(id);
    let existed = false;
    await this.queue.enqueue(
      id,
      async () => {
        try {
          await fs.unlink(this.fileOf(id));
          existed = true;
        } catch (err) {
          if (!isMissing(err)) {
            throw err;
          }
        }
      },
      false,
    );
    this.index.forget(id);
    if (existed) {
      this._onDidChange.fire();
    }
    return existed;
  }

  /** The conversation as a Markdown document; throws when it does not exist. */
  async exportMarkdown(id: string, options?: MarkdownExportOptions): Promise<string> {
    await this.flush();
    const conv = await this.load(id);
    if (!conv) {
      throw new Error(`Conversation ${id} not found`);
    }
    return conversationToMarkdown(conv, options);
  }

  /** Stops timers and writes what is pending (without waiting: await {@link flush} first when you can). */
  dispose(): void {
    this.throttle.flushAll();
    this._onDidFindCorrupt.dispose();
    this._onDidChange.dispose();
    this._onDidFailSave.dispose();
  }

  private fileOf(id: string): string {
    return path.join(this.directory, conversationFileName(id));
  }

  private async readDir(): Promise<string[]> {
    try {
      return await fs.readdir(this.directory);
    } catch (err) {
      if (isMissing(err)) {
        return [];
      }
      throw err;
    }
  }

  private enqueueWrite(conv: Conversation): Promise<void> {
    // Encode now: the caller may keep mutating its objects, and the last *call* must win.
    const normalized: Conversation = { ...conv, title: normalizeTitle(conv.title) };
    const text = encodeConversation(normalized);
    return this.queue.enqueue(
      conv.id,
      async () => {
        await fs.mkdir(this.directory, { recursive: true });
        await atomicWriteFile(this.fileOf(conv.id), text);
        this.index.forget(conv.id);
        this._onDidChange.fire();
      },
      true,
    );
  }

  /**
   * Rewrites a migrated file once in the current schema, so the migration never runs again. Only
   * when the file still holds what was read (a save since then is newer), and a failure only costs
   * migrating again next time, so it is reported, never thrown at the reader.
   */
  private async rewriteMigrated(file: string, readText: string, conv: Conversation): Promise<void> {
    const text = encodeConversation({ ...conv, title: normalizeTitle(conv.title) });
    try {
      await this.queue.enqueue(
        conv.id,
        async () => {
          if ((await fs.readFile(file, 'utf8').catch(() => undefined)) === readText) {
            await atomicWriteFile(file, text);
            this.index.forget(conv.id);
          }
        },
        false,
      );
    } catch (err) {
      this._onDidFailSave.fire({ id: conv.id, error: toError(err) });
    }
  }

  private async handleUnreadable(id: string, file: string, text: string, err: unknown): Promise<void> {
    if (err instanceof HistoryNewerVersionError) {
      if (!this.reportedInPlace.has(file)) {
        this.reportedInPlace.add(file);
        this._onDidFindCorrupt.fire({ kind: 'newerVersion', file, reason: err.message });
      }
      return;
    }
    if (!(err instanceof HistoryCorruptError)) {
      throw err;
    }
    let movedTo: string | undefined;
    let moveError: unknown;
    await this.queue.enqueue(
      id,
      async () => {
        // A save may have replaced the bad file since we read it: only move what we judged.
        const current = await fs.readFile(file, 'utf8').catch(() => undefined);
        if (current === text) {
          movedTo = await moveAside(file, this.clock.now()).catch((e: unknown) => void (moveError = e));
        }
      },
      false,
    );
    this.index.forget(id);
    if (movedTo) {
      this._onDidFindCorrupt.fire({ kind: 'corrupt', file, movedTo, reason: err.message });
      this._onDidChange.fire();
    } else if (moveError !== undefined && !this.reportedInPlace.has(file)) {
      // One unmovable file (permissions) must not break the list; it stays where it is, reported once.
      this.reportedInPlace.add(file);
      this._onDidFindCorrupt.fire({ kind: 'corrupt', file, reason: `${err.message}; it could not be moved aside (${toError(moveError).message}) and was left in place` });
    }
  }
}

function assertId(id: string): void {
  if (!CONVERSATION_ID_PATTERN.test(id)) {
    throw new Error(`Invalid conversation id ${JSON.stringify(id)}`);
  }
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
