// Result format shared by the in-host bootstrap and (as JSON) by scripts/test-all.js.
import * as fs from 'fs';
import * as path from 'path';

/** One failed test: its full title and the error text (stack when there is one). */
export interface FailureRecord {
  readonly title: string;
  readonly error: string;
}

/** Counts for one test level, written as JSON so `npm test` can sum the levels. */
export interface LevelResult {
  level: string;
  passed: number;
  failed: number;
  skipped: number;
  durationMs: number;
  failures: FailureRecord[];
}

/** Marker the launchers search the host's console for (the result file may be unreachable). */
export const SUMMARY_PREFIX = 'CLAUDE_CHAT_TEST_SUMMARY ';

/** A single parseable line: the prefix followed by the result as JSON. */
export function summaryLine(result: LevelResult): string {
  return SUMMARY_PREFIX + JSON.stringify({ ...result, failures: result.failures.map((f) => f.title) });
}

/** Writes the result atomically (temp file + rename) so a reader never sees half a file. */
export function writeResultFile(file: string, result: LevelResult): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(result, null, 2));
  fs.renameSync(tmp, file);
}

/** Every `*.test.js` below `root`, sorted so runs are reproducible. */
export function collectTestFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.test.js')) found.push(full);
    }
  };
  walk(root);
  return found.sort();
}
