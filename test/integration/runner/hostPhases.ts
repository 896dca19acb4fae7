// Runs extension-test modules one after the other in NEW extension hosts of one code-server over
// the same user data (a new page load is a new workbench and a new host, what a window reload
// does): the restart checks are built on it. Run from a launcher after `npm run build` and
// `npx tsc -p tsconfig.test.json`.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as util from 'util';
import type * as CodeServerLib from '../../../scripts/lib/codeServer';

const ROOT = path.resolve(__dirname, '../../../..');

/** What {@link runHostPhases} runs. */
export interface HostPhases {
  /** Prefix of the launcher's own lines (`[restart]`). */
  readonly tag: string;
  /** Folder of the phase modules (compiled `.js`, each exporting `run()`). */
  readonly dir: string;
  /** Module names in order (`phase1`, `phase2`). */
  readonly phases: readonly string[];
  /** Environment of the code-server process (and so of every extension host). */
  readonly env: (runDir: string) => Record<string, string>;
  /** Checked after each phase that passed; a returned text fails the run. */
  readonly afterPhase?: (name: string, runDir: string) => string | undefined;
}

/** Resolves 0 when every phase passed (and every check after it), else 1. */
export async function runHostPhases(spec: HostPhases): Promise<number> {
  const lib = (await import(path.join(ROOT, 'scripts', 'lib', 'codeServer.js'))) as typeof CodeServerLib;
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-phases-'));
  const server = await lib.startCodeServer({
    runDir: path.join(runDir, 'server'),
    args: ['--vscode-option', 'enable-smoke-test-driver'],
    env: spec.env(runDir),
  });
  const browser = await lib.launchChromium();
  try {
    const page = await browser.newPage();
    let finish: (code: unknown) => void = () => undefined;
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown) => {
      const text = util.format(...(Array.isArray(args) ? args : [args]));
      if (/CLAUDE_CHAT|Error|assert|phase/i.test(text) && !/authentication provider 'github'|DEP0169/.test(text)) console.log(`  host: ${text.slice(0, 2000)}`);
    });
    await page.exposeFunction('codeAutomationExit', (code: unknown) => finish(code));
    for (const name of spec.phases) {
      const exited = new Promise((resolve) => (finish = resolve));
      const payload = [
        ['extensionDevelopmentPath', `vscode-remote://remote${ROOT}`],
        ['extensionTestsPath', `vscode-remote://remote${path.join(spec.dir, `${name}.js`)}`],
      ];
      await page.goto(`${server.workbenchUrl}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
      const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 180_000))]);
      console.log(`${spec.tag} ${name} exited with ${String(code)}`);
      if (code !== 0) return 1;
      const problem = spec.afterPhase?.(name, runDir);
      if (problem) {
        console.log(`${spec.tag} after ${name}: ${problem}`);
        return 1;
      }
    }
    return 0;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

/** Runs a launcher's main and exits with its code (2 when it threw). */
export function exitWith(tag: string, main: () => Promise<number>, passed: string): void {
  main().then(
    (code) => {
      console.log(code === 0 ? `${tag} ${passed}` : `${tag} FAILED`);
      process.exit(code);
    },
    (err: unknown) => {
      console.error(`${tag} launcher error:`, err);
      process.exit(2);
    },
  );
}
