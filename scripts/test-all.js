#!/usr/bin/env node
// @ts-check
'use strict';
// `npm test`: everything, in order, each level's own output shown, then ONE closing line
// `N passed, N failed` (`, N skipped` when some were skipped) summing every level.
//
//   host setup   bash scripts/setup-host.sh (Chromium, Node 24, code-server; quick when cached)
//   typecheck    tsc -p tsconfig.test.json (also compiles src/ test/ bench/ to out/)   } each counts
//   lint         eslint src test bench (max-lines: no file over 400 lines)            } as one test
//   layers       dependency-cruiser: imports point down, no circles (lint:layers)     }
//   build        webpack --mode production                                            }
//   package      npm run package + .vsix content check                                }
//   unit         mocha (plain Node)                      out/test/unit/**/*.test.js
//   soak         200 streamed conversations with seeded faults, both transports (one test)
//   browser      mocha + Chromium, panel code alone      out/test/browser/**/*.test.js
//   integration  mocha inside a real VS Code host        out/test/integration/**/*.test.js
//   e2e          mocha + Playwright + Chromium           out/test/e2e/**/*.e2e.js
//
// Options: --levels unit,soak,browser,integration,e2e (default: all); checks always run.
// Exit code: 0 only when nothing failed.
const fs = require('fs');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { checkVsix } = require('./lib/vsixCheck');

const ROOT = path.resolve(__dirname, '..');
const RESULTS = path.join(ROOT, '.artifacts', 'results');
const BIN = (name) => path.join(ROOT, 'node_modules', '.bin', name);

const argLevels = (() => {
  const i = process.argv.indexOf('--levels');
  const raw = i > 0 ? process.argv[i + 1] : process.env.CLAUDE_CHAT_TEST_LEVELS;
  return new Set((raw || 'unit,soak,browser,integration,e2e').split(',').map((s) => s.trim()).filter(Boolean));
})();

/** @type {{ name: string, passed: number, failed: number, skipped: number, seconds: number, failures: string[] }[]} */
const rows = [];

function banner(text) {
  console.log(`\n=== ${text} ${'='.repeat(Math.max(3, 70 - text.length))}`);
}

/** Runs a command with inherited output; returns true on exit code 0. */
function run(cmd, args, env) {
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...(env || {}) } });
  if (res.error) console.error(`could not run ${cmd}: ${res.error.message}`);
  return res.status === 0;
}

/** Runs a command with its output captured (stdout and stderr interleaved as they come). */
function runBuffered(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => { output += c; });
    child.stderr.on('data', (c) => { output += c; });
    child.once('error', (err) => resolve({ ok: false, output: `${output}could not run ${cmd}: ${err.message}\n` }));
    child.once('close', (code) => resolve({ ok: code === 0, output }));
  });
}

/**
 * Independent checks run at the same time (they are single-threaded; CI has 2 cores); their
 * outputs are printed one after the other, each under its banner, as if they had run in order.
 * @param {{ name: string, cmd: string, args: string[] }[]} list
 * @returns {Promise<boolean[]>}
 */
async function parallelChecks(list) {
  const t0 = Date.now();
  const done = await Promise.all(list.map(async (c) => {
    const r = await runBuffered(c.cmd, c.args);
    return { ...r, seconds: (Date.now() - t0) / 1000 };
  }));
  return list.map((c, i) => {
    banner(c.name);
    process.stdout.write(done[i].output);
    const ok = done[i].ok;
    rows.push({ name: c.name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, seconds: done[i].seconds,
      failures: ok ? [] : [c.name] });
    return ok;
  });
}

/** A check is one test: passed when `fn` returns true. */
function check(name, fn) {
  banner(name);
  const t0 = Date.now();
  let ok = false;
  let why = '';
  try {
    ok = fn();
  } catch (err) {
    why = err instanceof Error ? err.message : String(err);
    console.error(why);
  }
  rows.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, seconds: (Date.now() - t0) / 1000,
    failures: ok ? [] : [why ? `${name}: ${why.split('\n')[0]}` : name] });
  return ok;
}

/** Reads a level's JSON result; a missing file means the level crashed, which counts as one failure. */
function level(name, resultFile, ran, t0) {
  let r;
  try {
    r = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  } catch {
    r = { passed: 0, failed: 1, skipped: 0, failures: [{ title: `${name}: the run crashed before reporting (see output above)` }] };
  }
  if (!ran && r.failed === 0) {
    // Non-zero exit with no failed test: a load error or a crash after the run.
    r.failed = 1;
    r.failures = [{ title: `${name}: runner exited with an error (see output above)` }];
  }
  rows.push({ name, passed: r.passed, failed: r.failed, skipped: r.skipped, seconds: (Date.now() - t0) / 1000,
    failures: (r.failures || []).map((f) => `${name}: ${typeof f === 'string' ? f : f.title}`) });
}

/**
 * The versions this run used, printed near the top of the log: the browser, code-server and the
 * host's Node move under the tests (apt and npm take whatever is current), so a failure can be
 * matched to the versions it happened with.
 */
function printVersions() {
  const { hostPaths } = require('./lib/codeServer');
  const { nodeBin, entry, hostDir } = hostPaths();
  // code-server writes a config file on any start: keep it inside the host cache, as setup-host.sh does.
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(hostDir, 'xdg'), XDG_DATA_HOME: path.join(hostDir, 'xdg') };
  const first = (cmd, args) => {
    const res = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000, env });
    return res.status === 0 ? String(res.stdout).trim().split('\n')[0] : 'not found';
  };
  const pkg = (name) => {
    try {
      return require(path.join(ROOT, 'node_modules', name, 'package.json')).version;
    } catch {
      return 'not installed';
    }
  };
  banner('versions');
  console.log(`  node (build, unit)        ${process.version}`);
  console.log(`  node (code-server host)   ${first(nodeBin, ['-v'])}`);
  console.log(`  chromium                  ${first('/usr/bin/chromium', ['--version'])}`);
  console.log(`  code-server / VS Code     ${first(nodeBin, [entry, '--version'])}`);
  console.log(`  playwright-core           ${pkg('playwright-core')}`);
  console.log(`  typescript                ${pkg('typescript')}`);
}

function hasFiles(dir, suffix) {
  if (!fs.existsSync(dir)) return false;
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .some((e) => e.isFile() && e.name.endsWith(suffix));
}

function mochaLevel(name, config, specDir, suffix) {
  banner(name);
  const t0 = Date.now();
  const resultFile = path.join(RESULTS, `${name}.json`);
  fs.rmSync(resultFile, { force: true });
  if (!hasFiles(specDir, suffix)) {
    console.log(`no ${name} tests found under ${path.relative(ROOT, specDir)}`);
    rows.push({ name, passed: 0, failed: 0, skipped: 0, seconds: 0, failures: [] });
    return;
  }
  const ok = run(BIN('mocha'), ['--config', config, '--reporter', path.join(__dirname, 'lib', 'countingReporter.js')],
    { CLAUDE_CHAT_TEST_RESULT: resultFile, CLAUDE_CHAT_TEST_LEVEL: name });
  level(name, resultFile, ok, t0);
}

async function main() {
  const started = Date.now();
  fs.mkdirSync(RESULTS, { recursive: true });
  // tsc never deletes what it emitted before: a test file moved or removed in src/test would still
  // run from its old compiled copy (and fail on imports that moved). Every run compiles from clean.
  fs.rmSync(path.join(ROOT, 'out'), { recursive: true, force: true });

  const hostReady = check('host setup (Chromium, Node 24, code-server)', () => run('bash', [path.join(__dirname, 'setup-host.sh')]));
  printVersions();
  // tsc still emits when other files have type errors, so the levels below run either way.
  const [, , , built] = await parallelChecks([
    { name: 'typecheck (tsc -p tsconfig.test.json)', cmd: BIN('tsc'), args: ['-p', 'tsconfig.test.json'] },
    { name: 'lint (eslint src test bench)', cmd: BIN('eslint'), args: ['src', 'test', 'bench', '--no-error-on-unmatched-pattern'] },
    { name: 'layers (dependency-cruiser src)', cmd: BIN('depcruise'), args: ['src', '--config', '.dependency-cruiser.cjs'] },
    { name: 'build (webpack --mode production)', cmd: BIN('webpack'), args: ['--mode', 'production'] },
  ]);
  const packaged = built && check('package (vsce -> claude-chat.vsix)', () => {
    if (!run('npm', ['run', '--silent', 'package'])) return false;
    const report = checkVsix(path.join(ROOT, 'claude-chat.vsix'));
    console.log(report.summary);
    if (report.problems.length) throw new Error(report.problems.join('\n'));
    return true;
  });

  if (argLevels.has('unit')) mochaLevel('unit', '.mocharc.json', path.join(ROOT, 'out', 'test', 'unit'), '.test.js');
  // The soak's short variant (npm run soak runs 2,000): hangs, exactness, sockets, heap, breaker.
  if (argLevels.has('soak')) {
    check('soak (200 conversations, node and fetch)', () =>
      run(process.execPath, ['--expose-gc', path.join(ROOT, 'out', 'bench', 'soak', 'run.js'), '--quick']));
  }
  // Panel code in real Chromium, no VS Code (the renderer, sanitizer, XSS payloads).
  if (argLevels.has('browser') && fs.existsSync(path.join(ROOT, '.mocharc.browser.json'))) {
    mochaLevel('browser', '.mocharc.browser.json', path.join(ROOT, 'out', 'test', 'browser'), '.test.js');
  }

  const blocked = (name, why) => {
    banner(name);
    console.log(`${name} cannot run: ${why}`);
    rows.push({ name, passed: 0, failed: 1, skipped: 0, seconds: 0, failures: [`${name}: not run (${why})`] });
  };
  if (argLevels.has('integration')) {
    if (!hostReady) blocked('integration', 'host setup failed');
    else if (!built) blocked('integration', 'build failed');
    else {
      banner('integration (mocha inside a real VS Code extension host)');
      const t0 = Date.now();
      const resultFile = path.join(RESULTS, 'integration.json');
      const ok = run(process.execPath, [path.join(__dirname, 'run-integration.js'), '--result', resultFile]);
      level('integration', resultFile, ok, t0);
      // History across a real extension-host restart: two host processes over the same user data.
      check('integration: history across a real host restart', () =>
        run(process.execPath, [path.join(ROOT, 'out', 'test', 'integration', 'history', 'restart', 'launch.js')]));
      // Company network: the proxy variables in a host started with them, key figures across a restart.
      check('integration: proxy environment and key usage across a real host restart', () =>
        run(process.execPath, [path.join(ROOT, 'out', 'test', 'integration', 'network', 'restart', 'launch.js')]));
    }
  }
  if (argLevels.has('e2e')) {
    if (!hostReady) blocked('e2e', 'host setup failed');
    else if (!packaged) blocked('e2e', 'no .vsix (build or package failed)');
    else mochaLevel('e2e', '.mocharc.e2e.json', path.join(ROOT, 'out', 'test', 'e2e'), '.e2e.js');
  }

  const sum = (k) => rows.reduce((n, r) => n + r[k], 0);
  banner('summary');
  for (const r of rows) {
    const extra = r.skipped ? `, ${r.skipped} skipped` : '';
    console.log(`  ${r.name.padEnd(46)} ${String(r.passed).padStart(4)} passed, ${r.failed} failed${extra}  (${r.seconds.toFixed(1)}s)`);
  }
  const failures = rows.flatMap((r) => r.failures);
  if (failures.length) {
    console.log('\nFailed:');
    for (const f of failures) console.log(`  - ${f.split('\n')[0].slice(0, 300)}`);
  }
  console.log(`\ntotal time ${((Date.now() - started) / 1000).toFixed(1)}s`);
  const passed = sum('passed');
  const failed = sum('failed');
  const skipped = sum('skipped');
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed > 0 ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (err) => {
  console.error(err);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
