// @ts-check
'use strict';
// The compiled emulator (out/test/emulator/main.js), built only when its sources are newer.
// Shared by `npm run emulator` and `npm start`: compiling the whole test project takes ~10 s,
// which a second start should not pay again.
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const ENTRY = path.join(ROOT, 'out', 'test', 'emulator', 'main.js');
const SOURCES = path.join(ROOT, 'test', 'emulator');

/** @param {string} dir @returns {number} */
function newestMtime(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** True when out/test/emulator/main.js is missing or older than a file under test/emulator. */
function emulatorStale() {
  return !fs.existsSync(ENTRY) || fs.statSync(ENTRY).mtimeMs < newestMtime(SOURCES);
}

/**
 * Compiles the tests with tsc when the emulator is stale; resolves with whether it compiled.
 * tsc still emits when other files have type errors (work in progress), so only a missing
 * emulator afterwards is an error.
 * @param {{ stdio?: 'inherit' | 'ignore' }} [options]
 * @returns {Promise<boolean>}
 */
function ensureEmulatorBuilt(options = {}) {
  if (!emulatorStale()) return Promise.resolve(false);
  return new Promise((resolve, reject) => {
    const tsc = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.test.json'], { cwd: ROOT, stdio: options.stdio ?? 'ignore' });
    tsc.once('error', reject);
    tsc.once('exit', () => (fs.existsSync(ENTRY) ? resolve(true) : reject(new Error(`${ENTRY} was not built (tsc -p tsconfig.test.json)`))));
  });
}

module.exports = { EMULATOR_ENTRY: ENTRY, emulatorStale, ensureEmulatorBuilt };
