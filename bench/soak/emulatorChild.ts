/**
 * The emulator in a process of its own for the soak (its CPU and its event loop are not the
 * client's), with seeded random faults on every messages attempt.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { RandomFaults } from '../../test/emulator/types';

/** A running emulator process. */
export interface EmulatorChild {
  readonly url: string;
  /** Forgets requests and attempt numbers (so a second run meets the same faults), keeps the faults. */
  reset(): Promise<void>;
  /** How many attempts drew each fault since the last reset. */
  faultCounts(): Promise<Record<string, number>>;
  stop(): void;
}

const MAIN = path.resolve(__dirname, '../../test/emulator/main.js');

/** Starts the emulator with `faults`; resolves once it printed its URL. */
export function startEmulatorChild(faults: RandomFaults): Promise<EmulatorChild> {
  const args = [MAIN, '--port', '0', '--quiet', '--pace', '0', '--rpm', '100000000', '--random-faults', JSON.stringify(faults)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const call = async (method: string, route: string, url: string): Promise<unknown> => {
    const res = await fetch(`${url}/__emulator/${route}`, { method });
    if (!res.ok) throw new Error(`emulator ${route}: ${res.status}`);
    return res.json();
  };
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /EMULATOR_URL=(\S+)/.exec(out);
      if (!m) return;
      child.stdout.resume();
      const url = m[1];
      resolve({
        url,
        reset: async () => void (await call('POST', 'reset', url)),
        faultCounts: async () => (await call('GET', 'faults', url)) as Record<string, number>,
        stop: () => void child.kill('SIGTERM'),
      });
    });
    child.once('exit', (code) => reject(new Error(`emulator exited (${code}):\n${out}`)));
  });
}
