#!/usr/bin/env node
// `npm run emulator [-- --port 8787 --pace 15]`: compiles the tests if the emulator is
// missing or older than its sources, then runs it in the foreground.
'use strict';
const { spawn } = require('child_process');
const path = require('path');
const { EMULATOR_ENTRY, emulatorStale, ensureEmulatorBuilt } = require('./lib/emulatorBuild');

const root = path.resolve(__dirname, '..');

async function main() {
  if (emulatorStale()) process.stderr.write('Compiling (tsc -p tsconfig.test.json)...\n');
  await ensureEmulatorBuilt({ stdio: 'inherit' });
  const child = spawn(process.execPath, [EMULATOR_ENTRY, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
