// What phase 1 of the network restart check leaves for the launcher and phase 2 (a JSON file named by the environment).
import * as fs from 'fs';
import type { KeyUsage } from '../../../../src/api';

/** Environment variable with the state file's path (set by launch.ts for the code-server process). */
export const NETWORK_STATE_ENV = 'CLAUDE_CHAT_NETWORK_STATE';

/** Recorded by phase 1. */
export interface NetworkRestartState {
  /** `host:port` of the https emulator (reached through HTTPS_PROXY). */
  readonly httpsTarget: string;
  /** `host:port` of the plain-http emulator that HTTP_PROXY reaches. */
  readonly proxiedHttpTarget: string;
  /** `host:port` of the plain-http emulator NO_PROXY names. */
  readonly bypassedTarget: string;
  /** The figures of the key phase 1 used, as saved. */
  readonly usage: KeyUsage;
  readonly hostPid: number;
}

function file(): string {
  const f = process.env[NETWORK_STATE_ENV];
  if (!f) throw new Error(`${NETWORK_STATE_ENV} is not set: run this through launch.js`);
  return f;
}

/** Writes the state (phase 1). */
export function writeNetworkState(state: NetworkRestartState): void {
  fs.writeFileSync(file(), JSON.stringify(state));
}

/** Reads the state (launcher, phase 2). */
export function readNetworkState(path = file()): NetworkRestartState {
  return JSON.parse(fs.readFileSync(path, 'utf8')) as NetworkRestartState;
}
