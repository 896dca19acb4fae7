// Real restart check for the history (run with `node out/test/integration/history/restart/launch.js`
// after `npm run build` and `npx tsc -p tsconfig.test.json`). One code-server, two extension-host
// runs over the same user data: phase 1 leaves conversations (one finished, one mid-stream, one
// corrupt file) and ends; phase 2, in a NEW extension host, checks what survived.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as util from 'util';
import type * as CodeServerLib from '../../../../scripts/lib/codeServer';
import { RESTART_STATE_ENV } from './restartState';

const ROOT = path.resolve(__dirname, '../../../../..');
const HERE = __dirname;

async function main(): Promise<number> {
  const lib = (await import(path.join(ROOT, 'scripts', 'lib', 'codeServer.js'))) as typeof CodeServerLib;
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-restart-'));
  const stateFile = path.join(runDir, 'state.json');
  const server = await lib.startCodeServer({
    runDir: path.join(runDir, 'server'),
    args: ['--vscode-option', 'enable-smoke-test-driver'],
    env: { [RESTART_STATE_ENV]: stateFile },
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
    const runPhase = async (name: string): Promise<unknown> => {
      const exited = new Promise((resolve) => (finish = resolve));
      const payload = [
        ['extensionDevelopmentPath', `vscode-remote://remote${ROOT}`],
        ['extensionTestsPath', `vscode-remote://remote${path.join(HERE, `${name}.js`)}`],
      ];
      // A new page load is a new workbench and a new extension host (what a window reload does).
      await page.goto(`${server.workbenchUrl}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
      const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 180_000))]);
      console.log(`[restart] ${name} exited with ${String(code)}`);
      return code;
    };
    if ((await runPhase('phase1')) !== 0) return 1;
    if (!fs.existsSync(stateFile)) {
      console.log('[restart] phase 1 left no state');
      return 1;
    }
    return (await runPhase('phase2')) === 0 ? 0 : 1;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    console.log(code === 0 ? '[restart] history survived a real extension-host restart' : '[restart] FAILED');
    process.exit(code);
  },
  (err: unknown) => {
    console.error('[restart] launcher error:', err);
    process.exit(2);
  },
);
