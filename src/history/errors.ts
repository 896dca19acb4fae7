import type { HistoryProblemKind } from './historyTypes';

/**
 * Why a conversation file cannot be used. `load()` throws one of these (never a raw fs error or a
 * RangeError) after the store has reported the file once through `onDidFindCorrupt`; `kind` is
 * the problem's kind there. The message is a short reason a warning can quote.
 */
export abstract class HistoryFileError extends Error {
  abstract readonly kind: HistoryProblemKind;
}

/** Contents that cannot be turned into a Conversation (torn, not UTF-8, wrong shape). It gets moved aside. */
export class HistoryCorruptError extends HistoryFileError {
  override readonly name = 'HistoryCorruptError';
  readonly kind = 'corrupt';
}

/** A file written by a newer build (higher schemaVersion). It is left untouched. */
export class HistoryNewerVersionError extends HistoryFileError {
  override readonly name = 'HistoryNewerVersionError';
  readonly kind = 'newerVersion';
  constructor(readonly version: number) {
    super(`written by a newer version of Claude Chat (history schema ${version}); left untouched`);
  }
}

/**
 * A file (or a conversation being saved) over the size limit. Reading it whole could exhaust the
 * host's memory (a 600 MB file is longer than the longest string V8 allows), so it is never read,
 * never moved and never deleted: it stays where it is, out of the list.
 */
export class HistoryTooLargeError extends HistoryFileError {
  override readonly name = 'HistoryTooLargeError';
  readonly kind = 'tooLarge';
  constructor(
    readonly size: number,
    readonly limit: number,
    what = 'the file',
  ) {
    super(`${what} is ${formatBytes(size)}, over the ${formatBytes(limit)} limit for a conversation`);
  }
}

/** What sits where a conversation file belongs, when it is not a regular file. */
export type NonFileKind = 'folder' | 'symbolic link' | 'named pipe' | 'socket' | 'device' | 'special file';

/**
 * A folder, link, pipe or device named like a conversation. A symbolic link is moved aside like a
 * corrupt file (it is never followed, so it cannot lead out of the folder); anything else is left
 * where it is.
 */
export class HistoryNotAFileError extends HistoryFileError {
  override readonly name = 'HistoryNotAFileError';
  readonly kind = 'notAFile';
  constructor(readonly what: NonFileKind) {
    super(`it is a ${what}, not a regular file`);
  }
}

/** Errors that say nothing about the file (too many open files, busy): try again later, report nothing. */
const TRANSIENT_CODES = new Set(['EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY', 'EINTR']);

/** The file exists but could not be opened or read (permissions, I/O error). It is left where it is. */
export class HistoryUnreadableError extends HistoryFileError {
  override readonly name = 'HistoryUnreadableError';
  readonly kind = 'unreadable';
  /** The process, not the file, is short of something: not reported, not remembered, retried next time. */
  readonly transient: boolean;
  constructor(readonly code: string) {
    super(`it could not be opened or read (${code})`);
    this.transient = TRANSIENT_CODES.has(code);
  }
}

/** True for an error that a later attempt may not see (see {@link HistoryUnreadableError.transient}). */
export function isTransient(err: unknown): boolean {
  return err instanceof HistoryUnreadableError && err.transient;
}

/** `52428800` → `50 MB`, `629145600` → `600 MB`, `1536` → `1.5 KB`. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${shown} ${units[unit]}`;
}
