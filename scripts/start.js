#!/usr/bin/env node
// @ts-check
'use strict';
// `npm start`: build, package, install the .vsix into a fresh local VS Code (code-server on
// 127.0.0.1), start the local Anthropic emulator when no ANTHROPIC_API_KEY is set, print the URL.
// Stays in the foreground; Ctrl+C stops everything it started.
//
// Options: --skip-build (reuse claude-chat.vsix). Environment: PORT (default 8080, else the first free port), CLAUDE_CHAT_START_DIR
// (default .artifacts/start: settings, logs, workspace of this run).
const fs = require('fs');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { REPO_ROOT, installVsix, killGroup, startCodeServer } = require('./lib/codeServer');

const BIN = (name) => path.join(REPO_ROOT, 'node_modules', '.bin', name);
const RUN_DIR = path.resolve(process.env.CLAUDE_CHAT_START_DIR || path.join(REPO_ROOT, '.artifacts', 'start'));
const EMULATOR_MAIN = path.join(REPO_ROOT, 'out', 'test', 'emulator', 'main.js');

function step(text) { console.log(`\n> ${text}`); }

/** Runs a build step; stops `npm start` when it fails (nothing useful can start after a broken build). */
function mustRun(cmd, args) {
  const res = spawnSync(cmd, args, { cwd: REPO_ROOT, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error(`\n${path.basename(cmd)} ${args.join(' ')} failed (exit ${res.status}); fix it and run npm start again.`);
    process.exit(1);
  }
}

/** Starts `node out/test/emulator/main.js --port 0` in its own process group; resolves with its URL. */
function startEmulator() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EMULATOR_MAIN, '--port', '0'], {
      cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'], detached: true,
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the emulator printed no URL:\n${out}`)), 20000);
    child.stdout.on('data', (chunk) => {
      out += chunk.toString();
      const m = /EMULATOR_URL=(\S+)/.exec(out);
      if (m) { clearTimeout(timer); resolve({ url: m[1].replace(/\/$/, ''), pid: child.pid }); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the emulator exited (${code}):\n${out}`)); });
  });
}

/** Process groups this run started (emulator, code-server): Ctrl+C or an error kills them all. */
/** @type {number[]} */
const groups = [];
let stopping = false;
async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  if (groups.length) console.log('\nStopping...');
  for (const pid of groups.reverse()) await killGroup(pid);
  process.exit(code);
}

async function main() {
  const apiKey = process.env.ANTHROPIC_API_KEY;
  step('Preparing the local VS Code (code-server) and Chromium (quick when already installed)');
  mustRun('bash', [path.join(__dirname, 'setup-host.sh')]);
  if (process.argv.includes('--skip-build') && fs.existsSync(path.join(REPO_ROOT, 'claude-chat.vsix'))) {
    step('Using the existing claude-chat.vsix (--skip-build)');
  } else {
    step('Building (webpack --mode production)');
    mustRun(BIN('webpack'), ['--mode', 'production']);
    step('Packaging claude-chat.vsix');
    mustRun('npm', ['run', '--silent', 'package']);
  }

  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  /** @type {Record<string, unknown>} */
  const settings = {};
  let emulatorUrl = '';
  if (!apiKey) {
    step('Compiling the local Anthropic emulator');
    // tsc still emits when some other file has a type error; only a missing emulator stops us.
    spawnSync(BIN('tsc'), ['-p', 'tsconfig.test.json'], { cwd: REPO_ROOT, stdio: 'ignore' });
    if (!fs.existsSync(EMULATOR_MAIN)) throw new Error(`${EMULATOR_MAIN} was not built`);
    const emu = await startEmulator();
    if (emu.pid) groups.push(emu.pid);
    emulatorUrl = emu.url;
    settings['claudeChat.baseUrl'] = emulatorUrl;
  }

  step('Starting a fresh code-server with the extension installed');
  fs.rmSync(RUN_DIR, { recursive: true, force: true });
  const extensionsDir = path.join(RUN_DIR, 'ext');
  fs.mkdirSync(extensionsDir, { recursive: true });
  installVsix(path.join(REPO_ROOT, 'claude-chat.vsix'), extensionsDir);
  const folder = path.join(RUN_DIR, 'workspace');
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'hello.ts'),
    '// Select some code, right-click > Claude > Explain Selection, or open the Claude view.\n' +
    'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n');
  const server = await startCodeServer({
    runDir: path.join(RUN_DIR, 'server'),
    preferredPort: Number(process.env.PORT || 8080),
    extensionsDir,
    folder,
    settings,
    // The extension offers to import ANTHROPIC_API_KEY into SecretStorage (never silently).
    env: apiKey ? { ANTHROPIC_API_KEY: apiKey } : {},
  });
  groups.push(server.pid);

  console.log('\n' + '-'.repeat(72));
  console.log(`Claude Chat is running in VS Code at:\n\n    ${server.workbenchUrl}\n`);
  if (!apiKey) {
    console.log(`No API key: using the local Anthropic emulator at ${emulatorUrl}`);
    console.log('(answers are canned; set ANTHROPIC_API_KEY or run "Claude: Set API Key" and clear claudeChat.baseUrl for the real API)');
  } else {
    console.log('ANTHROPIC_API_KEY is set: the extension will offer to store it in SecretStorage and use the real API.');
  }
  console.log(`Server log: ${server.logFile}`);
  console.log('Press Ctrl+C to stop.');
  console.log('-'.repeat(72));

  // Stay in the foreground until code-server goes away or Ctrl+C.
  const watch = setInterval(() => {
    try { process.kill(server.pid, 0); } catch { clearInterval(watch); console.error('code-server exited; see its log.'); void stopAll(1); }
  }, 1000);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  void stopAll(1);
});
