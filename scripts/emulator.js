#!/usr/bin/env node
// `npm run emulator [-- --port 8787 --pace 15]`: compiles the tests if the emulator is
// missing or older than its sources, then runs it in the foreground.
'use strict';
const { spawnSync, spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'out', 'test', 'emulator', 'main.js');
const srcDir = path.join(root, 'test', 'emulator');

function newestMtime(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const stale = !fs.existsSync(entry) || fs.statSync(entry).mtimeMs < newestMtime(srcDir);
if (stale) {
  process.stderr.write('Compiling (tsc -p tsconfig.test.json)...\n');
  // Other layers may have type errors while in progress; tsc still emits, so only a missing output is fatal.
  spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.test.json'], { cwd: root, stdio: 'inherit' });
  if (!fs.existsSync(entry)) {
    process.stderr.write(`Cannot find ${entry} after compiling.\n`);
    process.exit(1);
  }
}
const args = process.argv.slice(2);
const child = spawn(process.execPath, [entry, ...args], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
