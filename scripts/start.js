#!/usr/bin/env node
// @ts-check
'use strict';
// `npm start`: build, package, install the .vsix into a fresh local VS Code (code-server on
// 127.0.0.1), start the local Anthropic emulator when no ANTHROPIC_API_KEY is set, print the URL.
// Each stage says when it starts and what it took; independent stages run side by side (the
// build next to the emulator's compile, code-server next to the emulator). It stays in the
// foreground, shows the emulator's request lines, and Ctrl+C stops everything it started.
//
// Options: --skip-build (reuse claude-chat.vsix). Environment: PORT (default 8080, else the first free port), CLAUDE_CHAT_START_DIR
// (default .artifacts/start: settings, logs, workspace of this run).
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { REPO_ROOT, freePort, installVsix, killGroup, startCodeServer } = require('./lib/codeServer');
const { EMULATOR_ENTRY, emulatorStale, ensureEmulatorBuilt } = require('./lib/emulatorBuild');

const BIN = (/** @type {string} */ name) => path.join(REPO_ROOT, 'node_modules', '.bin', name);
const RUN_DIR = path.resolve(process.env.CLAUDE_CHAT_START_DIR || path.join(REPO_ROOT, '.artifacts', 'start'));
const VSIX = path.join(REPO_ROOT, 'claude-chat.vsix');
const startedAt = Date.now();

const seconds = (/** @type {number} */ since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/**
 * Runs one stage: a line when it starts, one when it is done (with its time and the time since
 * `npm start` began), or why it failed.
 * @template T
 * @param {string} title
 * @param {() => Promise<T>} work
 * @returns {Promise<T>}
 */
async function stage(title, work) {
  const t = Date.now();
  console.log(`> ${title}...`);
  try {
    const result = await work();
    console.log(`  done: ${title.toLowerCase()} (${seconds(t)}; ${seconds(startedAt)} since start)`);
    return result;
  } catch (err) {
    throw new Error(`${title} failed after ${seconds(t)}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Runs a command to completion, its output shown as it comes.
 * @param {string} cmd
 * @param {string[]} args
 * @returns {Promise<void>}
 */
function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: REPO_ROOT, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} ${args.join(' ')} exited with ${code ?? signal}`))));
  });
}

/** Local clock time for the emulator's request lines (it prints UTC ISO stamps). */
function localLine(/** @type {string} */ line) {
  const m = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) (.*)$/.exec(line);
  return m ? `[emulator] ${new Date(m[1]).toLocaleTimeString()} ${m[2]}` : `[emulator] ${line}`;
}

/**
 * Starts the emulator on `port` in its own process group; resolves once it listens. From then
 * on its request lines are printed as they happen.
 * @param {number} port
 * @returns {Promise<{ url: string, pid: number | undefined }>}
 */
function startEmulator(port) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [EMULATOR_ENTRY, '--port', String(port)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let listening = false;
    let early = '';
    let rest = '';
    const onData = (/** @type {Buffer} */ chunk) => {
      rest += chunk.toString();
      let nl;
      while ((nl = rest.indexOf('\n')) >= 0) {
        const line = rest.slice(0, nl);
        rest = rest.slice(nl + 1);
        const url = /^EMULATOR_URL=(\S+)/.exec(line);
        if (url && !listening) {
          listening = true;
          resolve({ url: url[1].replace(/\/$/, ''), pid: child.pid });
        } else if (!listening) {
          early += `${line}\n`;
        } else if (/^\d{4}-\d\d-\d\dT/.test(line) || /error|fail/i.test(line)) {
          // Request lines and problems; the emulator's own start-up banner is summarised by us.
          console.log(localLine(line));
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      if (!listening) reject(new Error(`the emulator exited (${code}) before listening:\n${early}`));
      else if (!stopping) void stop(1, `The emulator stopped unexpectedly (exit code ${code}).`);
    });
  });
}

/** Process groups this run started (emulator, code-server): Ctrl+C or an error stops them all. */
/** @type {Array<{ name: string, pid: number }>} */
const groups = [];
let stopping = false;
/** @type {NodeJS.Timeout | undefined} */
let watch;

/**
 * Stops everything this run started and exits; says what stopped, and why when it was not asked for.
 * @param {number} code
 * @param {string} [reason]
 */
async function stop(code, reason) {
  if (stopping) return;
  stopping = true;
  if (watch) clearInterval(watch);
  if (reason) console.error(`\n${reason}`);
  const names = groups.map((g) => g.name);
  if (names.length) console.log(`\nStopping ${names.join(' and ')}...`);
  for (const g of groups.reverse()) await killGroup(g.pid);
  console.log(names.length ? `Stopped ${names.join(' and ')}.` : 'Stopped.');
  process.exit(code);
}

async function main() {
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  const apiKey = process.env.ANTHROPIC_API_KEY;
  console.log('Starting Claude Chat in a local VS Code (code-server)');
  await stage('Checking code-server and Chromium (installed once, then quick)', () => run('bash', [path.join(__dirname, 'setup-host.sh')]));

  const skipBuild = process.argv.includes('--skip-build') && fs.existsSync(VSIX);
  if (process.argv.includes('--skip-build') && !skipBuild) console.log('  no claude-chat.vsix yet: building after all');
  const built = skipBuild
    ? (console.log('> Using the existing claude-chat.vsix (--skip-build)'), Promise.resolve())
    : stage('Building the extension (webpack --mode production)', () => run(BIN('webpack'), ['--mode', 'production']))
      .then(() => stage('Packaging claude-chat.vsix', () => run('npm', ['run', '--silent', 'package'])));

  // The emulator's port is chosen now, so code-server's settings can name it while it compiles.
  const emulatorPort = apiKey ? undefined : await freePort();
  const emulator = emulatorPort === undefined
    ? Promise.resolve(undefined)
    : (emulatorStale()
      ? stage('Compiling the local Anthropic emulator (tsc)', () => ensureEmulatorBuilt())
      : (console.log('> The local Anthropic emulator is up to date'), Promise.resolve(false)))
      .then(() => stage('Starting the local Anthropic emulator', () => startEmulator(emulatorPort)))
      .then((emu) => {
        if (emu.pid) groups.push({ name: 'the emulator', pid: emu.pid });
        return emu;
      });

  fs.rmSync(RUN_DIR, { recursive: true, force: true });
  const extensionsDir = path.join(RUN_DIR, 'ext');
  const folder = path.join(RUN_DIR, 'workspace');
  const server = built
    .then(() => stage('Installing the extension into a fresh code-server', async () => {
      fs.mkdirSync(extensionsDir, { recursive: true });
      installVsix(VSIX, extensionsDir);
    }))
    .then(() => stage('Starting code-server', async () => {
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, 'hello.ts'),
        '// Select some code, right-click > Claude > Explain Selection, or open the Claude view.\n' +
        'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n');
      const srv = await startCodeServer({
        runDir: path.join(RUN_DIR, 'server'),
        preferredPort: Number(process.env.PORT || 8080),
        extensionsDir,
        folder,
        settings: emulatorPort === undefined ? {} : { 'claudeChat.baseUrl': `http://127.0.0.1:${emulatorPort}` },
        // The extension offers to import ANTHROPIC_API_KEY into SecretStorage (never silently).
        env: apiKey ? { ANTHROPIC_API_KEY: apiKey } : {},
      });
      groups.push({ name: 'code-server', pid: srv.pid });
      return srv;
    }));

  const [srv, emu] = await Promise.all([server, emulator]);
  console.log('\n' + '-'.repeat(72));
  console.log(`Claude Chat is running in VS Code at:\n\n    ${srv.workbenchUrl}\n`);
  if (emu) {
    console.log(`No API key: using the local Anthropic emulator at ${emu.url}`);
    console.log('(answers are canned; set ANTHROPIC_API_KEY or run "Claude: Set API Key" and clear claudeChat.baseUrl for the real API)');
  } else {
    console.log('ANTHROPIC_API_KEY is set: the extension will offer to store it in SecretStorage and use the real API.');
  }
  console.log(`Ready ${seconds(startedAt)} after npm start. code-server's log: ${srv.logFile}`);
  console.log(`Press Ctrl+C to stop.${emu ? ' The emulator\'s requests show below.' : ''}`);
  console.log('-'.repeat(72));

  // Stay in the foreground until code-server goes away or Ctrl+C.
  watch = setInterval(() => {
    try {
      process.kill(srv.pid, 0);
    } catch {
      void stop(1, `code-server stopped unexpectedly; its log: ${srv.logFile}`);
    }
  }, 1000);
}

main().catch((err) => void stop(1, err instanceof Error ? err.message : String(err)));
