#!/usr/bin/env node
// `npm run bench [-- --quick | --only <name> | --help | <api bench options>]`: compiles src/test/bench
// with tsc, then runs the API benchmarks (bench/api), the request batcher benchmark (bench/batcher),
// the markdown renderer benchmark (bench/markdown, when it exists) and the metrics dashboard
// benchmark (bench/dashboard; needs `npx webpack --mode production` first). Every figure is a ratio against a baseline measured in the same run; results go
// to bench/results/*.json (git-ignored).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const argv = process.argv.slice(2);
const BENCHES = ['api', 'batcher', 'markdown', 'dashboard'];

if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(`npm run bench [-- options]
  --only <name>   run one benchmark: ${BENCHES.join(', ')} (repeatable); default: all of them
  --quick         fewer rounds or frames (same data sizes)
  --strict        exit 1 when a target is missed (batcher, dashboard)
  other options go to the API benchmarks (bench/api/run.ts)
The dashboard benchmark loads dist/dashboard.js: build it first (npx webpack --mode production).
Benchmarks share the machine's cores: run one alone and repeat it to see the spread.
`);
  process.exit(0);
}
const only = new Set();
const args = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--only') only.add(argv[++i]);
  else args.push(argv[i]);
}
for (const name of only) {
  if (!BENCHES.includes(name)) {
    process.stderr.write(`Unknown benchmark '${name}': one of ${BENCHES.join(', ')}\n`);
    process.exit(2);
  }
}
const wanted = (name) => only.size === 0 || only.has(name);

process.stderr.write('Compiling (tsc -p tsconfig.test.json)...\n');
// Work in progress elsewhere may not type-check; tsc still emits, so only missing outputs are fatal.
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.test.json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
if (tsc.status !== 0) process.stderr.write('tsc reported type errors (output still emitted); see `npm run compile-tests`.\n');

let failed = false;
function run(label, file, extraArgs) {
  const full = path.join(root, file);
  if (!fs.existsSync(full)) {
    process.stdout.write(`\n${label}: skipped (${file} not found)\n`);
    return;
  }
  process.stdout.write(`\n=== ${label} ===\n`);
  const r = spawnSync(process.execPath, ['--expose-gc', full, ...extraArgs], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    failed = true;
    process.stdout.write(`${label}: exited with ${r.status ?? r.signal}\n`);
  }
}

if (wanted('api')) run('API benchmarks', 'out/bench/api/run.js', args);
if (wanted('batcher')) run('Request batcher benchmark', 'out/bench/batcher/run.js', args.filter((a) => a === '--quick' || a === '--strict'));
// --quick shortens all of them (fewer rounds; same sizes for the API figures).
if (wanted('markdown')) run('Markdown renderer benchmark', 'out/bench/markdown/run.js', args.includes('--quick') ? ['--quick'] : []);
if (wanted('dashboard')) run('Metrics dashboard benchmark', 'out/bench/dashboard/run.js', args.filter((a) => a === '--quick' || a === '--strict'));
process.exit(failed ? 1 : 0);
