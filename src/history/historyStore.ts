import { randomUUID } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { atomicWriteFile } from './atomicWrite';
import type { Clock } from '../base/clock';
import { systemClock } from '../base/clock';
import { Emitter } from '../base/emitter';
import type { Event } from '../base/emitter';
import { decodeConversation, encodeConversation } from './codec';
import { HistoryFileError, HistoryTooLargeError } from './errors';
import { conversationFileName, idFromFileName, isMissing, removeStaleTempFiles } from './files';
import { HistoryProblems } from './problems';
import type { FileIdentity } from './safeRead';
import { MAX_CONVERSATION_BYTES, currentIdentity, readConversationFile, sameIdentity } from './safeRead';
import { SummaryIndex } from './summaryIndex';
import { CONVERSATION_ID_PATTERN, normalizeTitle } from './validate';
import { KeyedWriteQueue } from './writeQueue';
import type { Conversation, ConversationHeader, HistoryProblem } from './historyTypes';
import { HISTORY_SCHEMA_VERSION } from './historyTypes';
import type { MarkdownExportOptions } from './markdownExport';
import { conversationToMarkdown } from './markdownExport';

export { MAX_TITLE_LENGTH, normalizeTitle } from './validate';
export { MAX_CONVERSATION_BYTES } from './safeRead';
export {
  HistoryCorruptError,
  HistoryFileError,
  HistoryNewerVersionError,
  HistoryNotAFileError,
  HistoryTooLargeError,
  HistoryUnreadableError,
} from './errors';

/** Options of {@link HistoryStore}; all optional, injected in tests. */
export interface HistoryStoreOptions {
  readonly clock?: Clock;
  /** New conversation ids (must match `[A-Za-z0-9_-]{1,64}`). Default: random UUIDs. */
  readonly newId?: () => string;
  /** Temp files older than this are leftovers of a crash and are removed. Default 60 s. */
  readonly staleTempMs?: number;
  /** Largest conversation file read or written. Default {@link MAX_CONVERSATION_BYTES} (50 MB). */
  readonly maxFileBytes?: number;
}

/** A background write that failed (rewriting a migrated file); the next load migrates again. */
export interface HistorySaveFailure {
  readonly id: string;
  readonly error: Error;
}

/** A listener bug must not break a save; it goes where a developer will look. */
const reportListenerError = (error: unknown): void => console.error('[claude-chat] history listener failed', error);

/**
 * Conversation history: one JSON file per conversation in `directory` (the extension's global
 * storage). Plain Node fs, no vscode, so it runs in unit tests.
 *
 * - Writes are atomic (temp file, fsync, rename) and serialized per conversation; the last save wins.
 * - A bad file is reported once via {@link onDidFindCorrupt} and never dropped: a corrupt file or a
 *   symbolic link is moved aside to `<id>.corrupt-<ts>.json`; a newer schema, a file over the size
 *   limit, a folder or pipe, or an unreadable file is left where it is. `load()` of it throws a
 *   {@link HistoryFileError}; `list()` leaves it out and never throws over one file.
 * - Old schema versions are migrated on load and rewritten once.
 * - `list()` reads only each file's first 4 KB (its summary line), and caches it by file identity.
 */
export class HistoryStore {
  private readonly clock: Clock;
  private readonly newId: () => string;
  private readonly staleTempMs: number;
  private readonly maxFileBytes: number;
  private readonly queue = new KeyedWriteQueue();
  private readonly index: SummaryIndex;
  private readonly problems: HistoryProblems;
  private readonly _onDidFindCorrupt = new Emitter<HistoryProblem>(reportListenerError);
  private readonly _onDidChange = new Emitter<void>(reportListenerError);
  private readonly _onDidFailSave = new Emitter<HistorySaveFailure>(reportListenerError);

  /** A file could not be used: moved aside (corrupt, link) or left alone (the rest), once each. Show a warning. */
  readonly onDidFindCorrupt: Event<HistoryProblem> = this._onDidFindCorrupt.event;
  /** The set of conversations or a title/order changed (after the file is on disk). */
  readonly onDidChange: Event<void> = this._onDidChange.event;
  /** A background write failed (disk full, permissions); save() and delete() reject instead. */
  readonly onDidFailSave: Event<HistorySaveFailure> = this._onDidFailSave.event;

  constructor(
    readonly directory: string,
    options: HistoryStoreOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.newId = options.newId ?? randomUUID;
    this.staleTempMs = options.staleTempMs ?? 60_000;
    this.maxFileBytes = options.maxFileBytes ?? MAX_CONVERSATION_BYTES;
    this.index = new SummaryIndex((id) => this.fileOf(id), (id) => this.load(id), this.maxFileBytes);
    this.problems = new HistoryProblems(
      this.queue,
      () => this.clock.now(),
      (problem) => this._onDidFindCorrupt.fire(problem),
      (id) => {
        this.index.forget(id);
        this._onDidChange.fire();
      },
    );
  }

  /** A new, empty, unsaved conversation. */
  create(init: { title?: string; model?: string } = {}): Conversation {
    const now = this.clock.now();
    const id = this.newId();
    assertId(id);
    const conv: Conversation = { schemaVersion: HISTORY_SCHEMA_VERSION, id, title: init.title ?? 'New conversation', createdAt: now, updatedAt: now, messages: [] };
    return init.model ? { ...conv, model: init.model } : conv;
  }

  /** Summaries of every readable conversation, newest `updatedAt` first. A bad file is left out (and reported once). */
  async list(): Promise<ConversationHeader[]> {
    const names = await this.readDir();
    await removeStaleTempFiles(this.directory, names, this.clock.now(), this.staleTempMs).catch(() => 0);
    const ids = names.map(idFromFileName).filter((id): id is string => id !== undefined);
    const summaries = await this.index.summaries(ids);
    return summaries.sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1));
  }

  /**
   * The conversation, or undefined when there is no file. A file that cannot be used is reported
   * once (see {@link onDidFindCorrupt}) and throws its {@link HistoryFileError}: corrupt, newer
   * version, too large, not a file, unreadable. Never reads more than the size limit.
   */
  async load(id: string): Promise<Conversation | undefined> {
    assertId(id);
    const file = this.fileOf(id);
    let read;
    try {
      read = await readConversationFile(file, this.maxFileBytes);
    } catch (err) {
      throw await this.reported(id, file, err);
    }
    if (!read) {
      return undefined;
    }
    try {
      const { conversation, fromVersion } = decodeConversation(read.bytes, id);
      if (fromVersion < HISTORY_SCHEMA_VERSION) {
        await this.rewriteMigrated(file, read.identity, conversation);
      }
      return conversation;
    } catch (err) {
      throw await this.reported(id, file, err, read.identity);
    }
  }

  /**
   * Writes `conv` now (atomically, after earlier writes of it). A growing answer is throttled by
   * the chat's ConversationSaver, which calls this.
   */
  async save(conv: Conversation): Promise<void> {
    assertId(conv.id);
    await this.enqueueWrite(conv);
  }

  /** Resolves when every write started or queued so far has reached the disk (or failed). */
  async flush(): Promise<void> {
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

  /** Drops the listeners; writes already queued still finish (await {@link flush} to wait for them). */
  dispose(): void {
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
    const bytes = Buffer.byteLength(text);
    if (bytes > this.maxFileBytes) {
      // Never write what load() would refuse: the file on disk keeps its last readable state.
      return Promise.reject(new HistoryTooLargeError(bytes, this.maxFileBytes, 'the conversation'));
    }
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
   * when the file is still the one read (a save since then is newer), and a failure only costs
   * migrating again next time, so it is reported, never thrown at the reader.
   */
  private async rewriteMigrated(file: string, judged: FileIdentity, conv: Conversation): Promise<void> {
    const text = encodeConversation({ ...conv, title: normalizeTitle(conv.title) });
    if (Buffer.byteLength(text) > this.maxFileBytes) {
      return;
    }
    try {
      await this.queue.enqueue(
        conv.id,
        async () => {
          const now = await currentIdentity(file);
          if (now && sameIdentity(now, judged)) {
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

  /** Reports a bad file (once) and returns the error for load() to throw; other errors pass through. */
  private async reported(id: string, file: string, err: unknown, judged?: FileIdentity): Promise<unknown> {
    if (err instanceof HistoryFileError) {
      this.index.forget(id);
      await this.problems.report(id, file, err, judged);
    }
    return err;
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
