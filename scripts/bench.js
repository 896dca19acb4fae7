#!/usr/bin/env node
// `npm run bench [-- --quick | <api bench options>]`: compiles src/test/bench with tsc, then runs the
// API benchmarks (bench/api), the request batcher benchmark (bench/batcher) and the markdown
// renderer benchmark (bench/markdown, when it exists). Every figure is a ratio against a baseline measured in the same run; results go
// to bench/results/*.json (git-ignored).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);

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

run('API benchmarks', 'out/bench/api/run.js', args);
run('Request batcher benchmark', 'out/bench/batcher/run.js', args.filter((a) => a === '--quick' || a === '--strict'));
// --quick shortens both (fewer rounds; same sizes for the API figures).
run('Markdown renderer benchmark', 'out/bench/markdown/run.js', args.includes('--quick') ? ['--quick'] : []);
process.exit(failed ? 1 : 0);
