import { constants, promises as fs } from 'fs';
import type { BigIntStats, Stats } from 'fs';
import type { HistoryFileError, NonFileKind } from './errors';
import { HistoryNotAFileError, HistoryTooLargeError, HistoryUnreadableError } from './errors';
import { isMissing } from './files';

/**
 * Largest conversation file the store reads: 50 MB. A whole conversation goes to the API on every
 * turn, so one that can still be continued is a few MB of text even with large attached files
 * (a 1M-token context is about 4 MB); ten times that leaves room for long histories and keeps one
 * file from exhausting the extension host's memory (a 600 MB file cannot even become a string).
 */
export const MAX_CONVERSATION_BYTES = 50 * 1024 * 1024;

/**
 * O_NOFOLLOW: a link is never followed, so nothing outside the folder is read. O_NONBLOCK: opening
 * a named pipe returns at once instead of blocking a thread until a writer comes. Neither exists
 * on Windows (0 there), where the lstat check before opening stands alone.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** Reads after the first one (a file that grew since it was measured). */
const CHUNK_BYTES = 1024 * 1024;

/** Which file was judged: a save replaces the file (new inode, new times), so a change shows here. */
export interface FileIdentity {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly ctimeNs: bigint;
}

/** A file's bytes and the identity they were read from. */
export interface FileBytes {
  readonly bytes: Buffer;
  readonly identity: FileIdentity;
}

function identityOf(s: BigIntStats): FileIdentity {
  return { dev: s.dev, ino: s.ino, size: s.size, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs };
}

/** True when both describe the same, unchanged file. */
export function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

/** The identity of whatever is at `file` now (the link itself for a link), or undefined. */
export async function currentIdentity(file: string): Promise<FileIdentity | undefined> {
  return fs.lstat(file, { bigint: true }).then(identityOf, () => undefined);
}

/** What a non-regular directory entry is, or undefined for a regular file. */
export function nonFileKind(s: Stats | BigIntStats): NonFileKind | undefined {
  if (s.isFile()) return undefined;
  if (s.isDirectory()) return 'folder';
  if (s.isSymbolicLink()) return 'symbolic link';
  if (s.isFIFO()) return 'named pipe';
  if (s.isSocket()) return 'socket';
  return s.isBlockDevice() || s.isCharacterDevice() ? 'device' : 'special file';
}

/** Maps an fs error on an existing path to the typed error the store reports. */
function toFileError(err: unknown): HistoryFileError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? 'unknown error';
  switch (code) {
    case 'ELOOP': // O_NOFOLLOW on a link (or a loop of links)
      return new HistoryNotAFileError('symbolic link');
    case 'EISDIR':
      return new HistoryNotAFileError('folder');
    case 'ENXIO': // opening a socket
      return new HistoryNotAFileError('socket');
    default:
      return new HistoryUnreadableError(code);
  }
}

/**
 * Opens a conversation file if it is a regular file within `maxBytes`; undefined when nothing is
 * there. Everything else throws a typed {@link HistoryFileError}, checked before a byte is read.
 */
async function openConversation(file: string, maxBytes: number): Promise<{ handle: fs.FileHandle; stat: BigIntStats } | undefined> {
  let entry: BigIntStats;
  try {
    entry = await fs.lstat(file, { bigint: true });
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw toFileError(err);
  }
  checkEntry(entry, maxBytes);
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, OPEN_FLAGS);
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw toFileError(err);
  }
  try {
    // Again on the open handle: the entry may have been swapped since the lstat.
    const stat = await handle.stat({ bigint: true });
    checkEntry(stat, maxBytes);
    return { handle, stat };
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
}

function checkEntry(s: BigIntStats, maxBytes: number): void {
  const kind = nonFileKind(s);
  if (kind) throw new HistoryNotAFileError(kind);
  if (s.size > BigInt(maxBytes)) throw new HistoryTooLargeError(Number(s.size), maxBytes);
}

/**
 * Reads a whole conversation file, never more than `maxBytes` (a file that grows past the limit
 * while being read stops the read), never through a link. Undefined when there is no file.
 */
export async function readConversationFile(file: string, maxBytes: number): Promise<FileBytes | undefined> {
  const opened = await openConversation(file, maxBytes);
  if (!opened) return undefined;
  const { handle, stat } = opened;
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    let want = Math.min(Number(stat.size), maxBytes) + 1;
    for (;;) {
      const buffer = Buffer.allocUnsafe(want);
      const { bytesRead } = await handle.read(buffer, 0, want, total);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw new HistoryTooLargeError(total, maxBytes);
      want = Math.min(CHUNK_BYTES, maxBytes + 1 - total);
    }
    return { bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total), identity: identityOf(stat) };
  } catch (err) {
    throw err instanceof HistoryTooLargeError ? err : toFileError(err);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * The first `startBytes` of a conversation file (where its summary line is), with the same checks
 * as a full read; undefined when the file is missing or unusable (a full load then reports why).
 */
export async function readConversationStart(file: string, maxBytes: number, startBytes: number): Promise<Buffer | undefined> {
  const opened = await openConversation(file, maxBytes).catch(() => undefined);
  if (!opened) return undefined;
  try {
    const buffer = Buffer.alloc(startBytes);
    const { bytesRead } = await opened.handle.read(buffer, 0, startBytes, 0);
    return buffer.subarray(0, bytesRead);
  } catch {
    return undefined;
  } finally {
    await opened.handle.close().catch(() => undefined);
  }
}
