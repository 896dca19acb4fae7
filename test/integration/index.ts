// In-host test bootstrap: VS Code loads this module as `extensionTestsPath` and awaits run().
// It runs inside the real extension host (Electron via @vscode/test-electron, or code-server's
// Node host), so every suite it loads gets the real `vscode` module.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { collectTestFiles, summaryLine, writeResultFile } from './runner/results';
import type { LevelResult } from './runner/results';

/** Environment variable holding the path the JSON result file is written to. */
export const RESULT_FILE_ENV = 'CLAUDE_CHAT_TEST_RESULT';
/** Optional mocha `grep` for a quick local run of one suite. */
export const GREP_ENV = 'CLAUDE_CHAT_TEST_GREP';

/**
 * Runs every `out/test/integration/**\/*.test.js` with mocha, prints the spec report to the
 * host console (forwarded to the launcher), writes the JSON result file and resolves when all
 * tests passed; rejects otherwise, which makes VS Code exit the test run with code 1.
 */
export async function run(): Promise<void> {
  const root = __dirname;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30000, reporter: 'spec' });
  const grep = process.env[GREP_ENV];
  if (grep) mocha.grep(grep);
  for (const file of collectTestFiles(root)) mocha.addFile(file);

  const result: LevelResult = { level: 'integration', passed: 0, failed: 0, skipped: 0, durationMs: 0, failures: [] };
  const started = Date.now();
  await new Promise<void>((resolve) => {
    let runner: Mocha.Runner;
    try {
      runner = mocha.run(() => resolve());
    } catch (err) {
      // A suite that throws while loading (syntax error, bad import) must count as a failure, not vanish.
      result.failed += 1;
      result.failures.push({ title: 'loading integration suites', error: errorText(err) });
      resolve();
      return;
    }
    runner.on('pass', () => { result.passed += 1; });
    runner.on('pending', () => { result.skipped += 1; });
    runner.on('fail', (test, err) => {
      result.failed += 1;
      result.failures.push({ title: test.fullTitle(), error: errorText(err) });
    });
  });
  result.durationMs = Date.now() - started;

  const file = process.env[RESULT_FILE_ENV];
  if (file) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeResultFile(file, result);
  }
  console.log(summaryLine(result));
  if (result.failed > 0) throw new Error(`${result.failed} integration test(s) failed`);
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}
