#!/usr/bin/env node
// `npm run soak [-- --quick | --transport node|fetch|both | --conversations N | --seed N]`: compiles
// src/test/bench with tsc, then runs the soak (bench/soak/run.ts) with --expose-gc (the heap check
// collects garbage before it measures). Exit code 1 when a check failed.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'out', 'bench', 'soak', 'run.js');

if (!process.argv.includes('--no-compile')) {
  process.stderr.write('Compiling (tsc -p tsconfig.test.json)...\n');
  // Work in progress elsewhere may not type-check; tsc still emits, so only a missing output is fatal.
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.test.json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  if (tsc.status !== 0) process.stderr.write('tsc reported type errors (output still emitted); see `npm run compile-tests`.\n');
}
if (!fs.existsSync(entry)) {
  process.stderr.write(`Cannot find ${entry} after compiling.\n`);
  process.exit(1);
}
const args = process.argv.slice(2).filter((a) => a !== '--no-compile');
const r = spawnSync(process.execPath, ['--expose-gc', entry, ...args], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
