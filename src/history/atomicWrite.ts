import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';

/** Suffix of temp files; readers skip them and the store cleans stale ones. */
export const TEMP_SUFFIX = '.tmp';

/** Temp file name for `target`: hidden, unique per write, same folder (rename must not cross devices). */
export function tempPathFor(target: string, unique: string = randomBytes(6).toString('hex')): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${unique}${TEMP_SUFFIX}`);
}

/** True for a file name produced by {@link tempPathFor}. */
export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
}

/**
 * Writes `data` to `target` so that a reader (or a crash) sees either the old file or the new one,
 * never a torn mix: write a temp file in the same folder, fsync it, rename it over the target,
 * then fsync the folder so the rename itself survives a power loss.
 */
export async function atomicWriteFile(target: string, data: string | Uint8Array): Promise<void> {
  const temp = tempPathFor(target);
  const handle = await fs.open(temp, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameWithRetry(temp, target);
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
  await syncDirectory(path.dirname(target));
}

/** Errors Windows gives while another process (an indexer, an antivirus, a reader) holds the target. */
const TRANSIENT_RENAME_ERRORS = new Set(['EPERM', 'EACCES', 'EBUSY']);

/**
 * Renames, retrying a few times on Windows' transient sharing errors. Elsewhere those codes mean a
 * real permission problem, so they fail at once.
 */
async function renameWithRetry(from: string, to: string, attempts = 5): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (process.platform !== 'win32' || !TRANSIENT_RENAME_ERRORS.has(code) || i >= attempts) {
        throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, 20 * i));
    }
  }
}

/** fsync a folder; best effort because some platforms (Windows) cannot open a directory. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Not supported here; the rename is still atomic, only its durability on power loss is weaker.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
