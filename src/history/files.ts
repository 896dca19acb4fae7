import { promises as fs } from 'fs';
import * as path from 'path';
import { isTempFileName } from './atomicWrite';
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

/** True for ENOENT-style "it is not there" errors. */
export function isMissing(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * Moves a bad file aside as `<name>.corrupt-<ts>.json` in the same folder (never deletes it) and
 * returns the new path. A numeric suffix keeps two moves in the same millisecond apart.
 * A hard link then an unlink never replaces an existing copy; `byRename` moves the entry itself
 * (for a symbolic link: some systems' link() would follow it and link its target instead).
 */
export async function moveAside(file: string, now: number, options: { byRename?: boolean } = {}): Promise<string> {
  const base = path.basename(file, '.json');
  for (let n = 0; ; n++) {
    const target = path.join(path.dirname(file), `${base}.corrupt-${now}${n ? `-${n}` : ''}.json`);
    if (options.byRename) {
      if (await fs.lstat(target).then(() => true, () => false)) {
        continue;
      }
      await fs.rename(file, target);
      return target;
    }
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
      const stat = await fs.lstat(file);
      // Another window may be writing right now (global storage is shared): only old ones go.
      // Only regular files: a folder with a temp-like name is not ours.
      if (stat.isFile() && now - stat.mtimeMs >= maxAgeMs) {
        await fs.rm(file, { force: true });
        removed++;
      }
    } catch {
      // Gone already, or not removable: one leftover must not keep the others.
    }
  }
  return removed;
}
