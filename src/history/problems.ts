import { promises as fs } from 'fs';
import type { HistoryProblem } from './historyTypes';
import type { HistoryFileError } from './errors';
import { HistoryNotAFileError, isTransient } from './errors';
import { moveAside } from './files';
import type { FileIdentity } from './safeRead';
import { currentIdentity, sameIdentity } from './safeRead';
import type { KeyedWriteQueue } from './writeQueue';

/**
 * Reports each unusable conversation file once and keeps it. A corrupt file or a symbolic link is
 * moved aside to `<id>.corrupt-<ts>.json` (only while it is still the one judged: a save may have
 * replaced it since), so it is reported once for good; anything else (a newer schema, too large,
 * a folder or pipe, unreadable) stays where it is and is reported once per session.
 */
export class HistoryProblems {
  private readonly reportedInPlace = new Set<string>();

  constructor(
    private readonly queue: KeyedWriteQueue,
    private readonly now: () => number,
    private readonly fire: (problem: HistoryProblem) => void,
    /** Called after a file was moved aside (the list changed). */
    private readonly onMoved: (id: string) => void,
  ) {}

  /**
   * Reports `err` for the file of conversation `id`. `judged` is the identity of the bytes found
   * corrupt; without it a corrupt file is not moved.
   */
  async report(id: string, file: string, err: HistoryFileError, judged?: FileIdentity): Promise<void> {
    if (isTransient(err)) {
      return;
    }
    const link = err instanceof HistoryNotAFileError && err.what === 'symbolic link';
    if (err.kind === 'corrupt' || link) {
      await this.setAside(id, file, err, link, judged);
      return;
    }
    this.reportOnce({ kind: err.kind, file, reason: err.message });
  }

  private reportOnce(problem: HistoryProblem): void {
    if (!this.reportedInPlace.has(problem.file)) {
      this.reportedInPlace.add(problem.file);
      this.fire(problem);
    }
  }

  private async setAside(id: string, file: string, err: HistoryFileError, link: boolean, judged: FileIdentity | undefined): Promise<void> {
    let movedTo: string | undefined;
    let moveError: unknown;
    await this.queue.enqueue(
      id,
      async () => {
        if (!(await this.stillJudged(file, link, judged))) {
          return;
        }
        try {
          movedTo = await moveAside(file, this.now(), { byRename: link });
        } catch (e) {
          moveError = e;
        }
      },
      false,
    );
    if (movedTo) {
      this.fire({ kind: err.kind, file, movedTo, reason: err.message });
      this.onMoved(id);
    } else if (moveError !== undefined) {
      // One unmovable file (permissions) must not break the list; it stays where it is, reported once.
      const why = moveError instanceof Error ? moveError.message : String(moveError);
      this.reportOnce({ kind: err.kind, file, reason: `${err.message}; moving it aside failed (${why})` });
    }
  }

  private async stillJudged(file: string, link: boolean, judged: FileIdentity | undefined): Promise<boolean> {
    if (link) {
      // A save replaces a link with a regular file; while it is a link, it is the bad entry.
      return fs.lstat(file).then((s) => s.isSymbolicLink(), () => false);
    }
    const now = await currentIdentity(file);
    return judged !== undefined && now !== undefined && sameIdentity(now, judged);
  }
}
