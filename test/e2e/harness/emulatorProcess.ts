// Runs the local Anthropic emulator as its own process (as a user's `npm run emulator` would),
// so the extension under test talks to it over real HTTP from code-server's extension host.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, codeServerLib } from './paths';

/** A running emulator process. */
export interface EmulatorProcess {
  readonly url: string;
  /** Replaces the emulator's script (POST /__emulator/script); steps are consumed one per request. */
  script(steps: readonly unknown[]): Promise<void>;
  /** Requests the emulator received (GET /__emulator/requests). */
  requests(): Promise<unknown[]>;
  /** Clears script and recorded requests (POST /__emulator/reset). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Compiled entry point of the emulator (test/emulator/main.ts). */
export const EMULATOR_MAIN = path.join(REPO_ROOT, 'out', 'test', 'emulator', 'main.js');

/** Starts `node out/test/emulator/main.js --port 0` and waits for its `EMULATOR_URL=` line. */
export async function startEmulatorProcess(timeoutMs = 20000): Promise<EmulatorProcess> {
  if (!fs.existsSync(EMULATOR_MAIN)) {
    throw new Error(`${EMULATOR_MAIN} is missing: compile the tests first (npx tsc -p tsconfig.test.json)`);
  }
  const child = spawn(process.execPath, [EMULATOR_MAIN, '--port', '0'], {
    cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  if (child.pid) codeServerLib().trackGroup(child.pid);
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator printed no EMULATOR_URL within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const m = /EMULATOR_URL=(\S+)/.exec(output);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`emulator exited with ${code}:\n${output}`)); });
  });
  // Keep draining so a chatty emulator never blocks on a full pipe.
  child.stdout.resume();
  child.stderr.resume();

  const call = async (method: string, route: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${url}${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route} -> ${res.status}: ${text}`);
    return text ? JSON.parse(text) as unknown : undefined;
  };

  return {
    url,
    script: async (steps) => { await call('POST', '/__emulator/script', steps); },
    requests: async () => {
      const body = await call('GET', '/__emulator/requests');
      return Array.isArray(body) ? body : ((body as { requests?: unknown[] } | undefined)?.requests ?? []);
    },
    reset: async () => { await call('POST', '/__emulator/reset'); },
    stop: async () => {
      if (child.pid) await codeServerLib().killGroup(child.pid);
    },
  };
}
