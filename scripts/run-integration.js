#!/usr/bin/env node
// @ts-check
'use strict';
// Runs the integration suite (out/test/integration/**/*.test.js) with mocha INSIDE a real VS Code
// extension host. Same suite, two launchers, chosen automatically:
//   1. @vscode/test-electron: downloads VS Code desktop (works on a laptop / hosted CI);
//   2. code-server from npm + Chromium (works here, where VS Code cannot be downloaded).
// Force one with CLAUDE_CHAT_INTEGRATION_HOST=electron|code-server.
//
// Usage: node scripts/run-integration.js [--result out/results/integration.json]
// Exit code 0 when every test passed. The result JSON ({ passed, failed, skipped, failures }) is
// written by the in-host bootstrap (test/integration/index.ts) to $CLAUDE_CHAT_TEST_RESULT.
const fs = require('fs');
const os = require('os');
const path = require('path');
const util = require('util');
const { REPO_ROOT, startCodeServer, launchChromium } = require('./lib/codeServer');
const { testTlsEnv: tlsEnv } = require('./lib/testCa');

const TESTS_PATH = path.join(REPO_ROOT, 'out', 'test', 'integration', 'index.js');
const SUMMARY_PREFIX = 'CLAUDE_CHAT_TEST_SUMMARY ';
// Workbench chatter that says nothing about the tests (kept in the run with VERBOSE=1).
const NOISE = /open-vsx\.org|ENOTFOUND|queryRawGalleryExtensions|Failed to fetch|^Resolv(ing|ed) connection token|^Creating a socket|^\[reconnection-grace-time\]|^Updating additional builtin extensions|^\[Service Worker\]|^\[AgentHost|^\[AccountPolicyGate\]|authentication provider 'github'/;
const RUN_TIMEOUT_MS = Number(process.env.CLAUDE_CHAT_INTEGRATION_TIMEOUT_MS || 10 * 60 * 1000);

function argValue(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? path.resolve(process.argv[i + 1]) : fallback;
}

/** A small workspace so suites that need an open folder / a document have one. */
function makeWorkspace(dir) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'sample.ts'), 'export function add(a: number, b: number): number {\n  return a + b;\n}\n');
  fs.writeFileSync(path.join(dir, 'README.md'), '# Integration workspace\n');
  return dir;
}

/** Route 1: VS Code desktop via @vscode/test-electron. Returns false when VS Code could not be obtained or started. */
async function runWithElectron(resultFile, workspace, extraEnv) {
  const { runTests } = require('@vscode/test-electron');
  try {
    await runTests({
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: TESTS_PATH,
      cachePath: path.join(REPO_ROOT, '.vscode-test'),
      extensionTestsEnv: { CLAUDE_CHAT_TEST_RESULT: resultFile, ...extraEnv },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
    });
  } catch (err) {
    // A failing suite also rejects here: the result file tells the two cases apart.
    if (fs.existsSync(resultFile)) return true;
    console.log(`[integration] VS Code desktop unavailable (${err instanceof Error ? err.message : String(err)}); using code-server`);
    return false;
  }
  return true;
}

/** Route 2: code-server + the smoke-test driver, driven by Playwright (see the vscode-host recipe). */
async function runWithCodeServer(resultFile, runDir, extraEnv) {
  const server = await startCodeServer({
    runDir: path.join(runDir, 'server'),
    folder: makeWorkspace(path.join(runDir, 'ws')),
    // The driver makes the workbench report the test run's exit code to codeAutomationExit.
    args: ['--vscode-option', 'enable-smoke-test-driver'],
    env: { CLAUDE_CHAT_TEST_RESULT: resultFile, ...extraEnv },
  });
  let browser;
  const summary = { line: '' };
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    /** @type {(code: unknown) => void} */
    let finish = () => undefined;
    const exited = new Promise((resolve) => { finish = resolve; });
    await page.exposeFunction('codeAutomationLog', (_type, args) => {
      const text = util.format(...(Array.isArray(args) ? args : [args]));
      if (!process.env.VERBOSE && NOISE.test(text)) return;
      if (text.startsWith(SUMMARY_PREFIX)) summary.line = text;
      console.log(text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://remote${REPO_ROOT}`],
      ['extensionTestsPath', `vscode-remote://remote${TESTS_PATH}`],
    ];
    await page.goto(`${server.workbenchUrl}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer;
    const code = await Promise.race([exited, new Promise((r) => { timer = setTimeout(() => r('timeout'), RUN_TIMEOUT_MS); })]);
    clearTimeout(timer);
    if (code === 'timeout') console.log(`[integration] the extension host did not finish within ${RUN_TIMEOUT_MS / 1000}s`);
    return { code, summary: summary.line };
  } finally {
    if (browser) await browser.close().catch(() => undefined);
    await server.stop();
  }
}

async function main() {
  const t0 = Date.now();
  const resultFile = argValue('--result', path.join(REPO_ROOT, 'out', 'results', 'integration.json'));
  fs.mkdirSync(path.dirname(resultFile), { recursive: true });
  fs.rmSync(resultFile, { force: true });
  if (!fs.existsSync(TESTS_PATH)) throw new Error(`${TESTS_PATH} is missing: run npx tsc -p tsconfig.test.json first`);
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run npm run build first');

  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-integration-'));
  const choice = process.env.CLAUDE_CHAT_INTEGRATION_HOST || 'auto';
  let host = 'code-server';
  try {
    const env = tlsEnv(runDir);
    let done = false;
    if (choice === 'electron' || choice === 'auto') {
      done = await runWithElectron(resultFile, makeWorkspace(path.join(runDir, 'ws')), env);
      if (done) host = 'VS Code desktop (@vscode/test-electron)';
      else if (choice === 'electron') throw new Error('CLAUDE_CHAT_INTEGRATION_HOST=electron but VS Code could not be started');
    }
    if (!done) {
      const { summary } = await runWithCodeServer(resultFile, runDir, env);
      // The host normally writes the file itself; the console summary is the fallback.
      if (!fs.existsSync(resultFile) && summary) {
        const parsed = JSON.parse(summary.slice(SUMMARY_PREFIX.length));
        parsed.failures = (parsed.failures || []).map((title) => ({ title, error: '(see log above)' }));
        fs.writeFileSync(resultFile, JSON.stringify(parsed, null, 2));
      }
    }
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }

  if (!fs.existsSync(resultFile)) {
    // The host never reported: count the whole level as one failure rather than as nothing.
    const failed = { level: 'integration', passed: 0, failed: 1, skipped: 0, durationMs: Date.now() - t0,
      failures: [{ title: 'integration run', error: 'the extension host produced no result' }] };
    fs.writeFileSync(resultFile, JSON.stringify(failed, null, 2));
  }
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  console.log(`[integration] ${host}: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped ` +
    `in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  return result.failed > 0 ? 1 : 0;
}

main().then((code) => process.exit(code), (err) => {
  console.error('[integration] launcher error:', err instanceof Error ? err.stack : err);
  process.exit(2);
});
