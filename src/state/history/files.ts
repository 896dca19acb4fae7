import { promises as fs } from 'fs';
import * as path from 'path';
import { isTempFileName } from '../atomicWrite';
import { CONVERSATION_ID_PATTERN } from './validate';

/** File name of a conversation. */
export function conversationFileName(id: string): string {
  return `${id}.json`;
}

/** The id of a conversation file name, or undefined for anything else (temp, corrupt, foreign). */
export function idFromFileName(name: string): string | undefined {
  if (!name.endsWith('.json')) {
    return undefined;
  }
  const id = name.slice(0, -'.json'.length);
  return CONVERSATION_ID_PATTERN.test(id) ? id : undefined;
}

/** Reads at most `maxBytes` from the start of a file (the header line lives there). */
export async function readStart(file: string, maxBytes: number): Promise<string> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(maxBytes);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** True for ENOENT-style "it is not there" errors. */
export function isMissing(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * Moves a bad file aside as `<name>.corrupt-<ts>.json` in the same folder (never deletes it) and
 * returns the new path. A numeric suffix keeps two moves in the same millisecond apart.
 */
export async function moveAside(file: string, now: number): Promise<string> {
  const base = path.basename(file, '.json');
  for (let n = 0; ; n++) {
    const target = path.join(path.dirname(file), `${base}.corrupt-${now}${n ? `-${n}` : ''}.json`);
    try {
      await fs.link(file, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
        continue;
      }
      // No hard links (some file systems): fall back to a rename, which may replace a target.
      await fs.rename(file, target);
      return target;
    }
    await fs.unlink(file);
    return target;
  }
}

/** Removes temp files older than `maxAgeMs` (left by a crash mid-write); returns how many. */
export async function removeStaleTempFiles(dir: string, names: readonly string[], now: number, maxAgeMs: number): Promise<number> {
  let removed = 0;
  for (const name of names.filter(isTempFileName)) {
    const file = path.join(dir, name);
    try {
      const stat = await fs.stat(file);
      // Another window may be writing right now (global storage is shared): only old ones go.
      if (now - stat.mtimeMs >= maxAgeMs) {
        await fs.rm(file, { force: true });
        removed++;
      }
    } catch (err) {
      if (!isMissing(err)) {
        throw err;
      }
    }
  }
  return removed;
}
