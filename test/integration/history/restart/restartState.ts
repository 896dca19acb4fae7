// What phase 1 of the restart check leaves for phase 2, in a JSON file named by the environment.
import * as fs from 'fs';

/** Environment variable with the state file's path (set by launch.ts for the code-server process). */
export const RESTART_STATE_ENV = 'CLAUDE_CHAT_RESTART_STATE';

/** Recorded by phase 1 just before its extension host goes away. */
export interface RestartState {
  /** A conversation whose answer completed. */
  readonly completeId: string;
  readonly completeAnswer: string;
  /** A conversation whose answer was still streaming when the extension was closed. */
  readonly streamingId: string;
  /** The part of that answer the panel showed at that moment. */
  readonly shownAtClose: string;
  /** A file phase 1 corrupted on purpose. */
  readonly corruptFile: string;
  readonly historyDir: string;
  /** Process id of phase 1's extension host; phase 2 must run in another one. */
  readonly hostPid: number;
}

function stateFile(): string {
  const file = process.env[RESTART_STATE_ENV];
  if (!file) throw new Error(`${RESTART_STATE_ENV} is not set: run this through launch.js`);
  return file;
}

/** Writes the state (phase 1). */
export function writeState(state: RestartState): void {
  fs.writeFileSync(stateFile(), JSON.stringify(state));
}

/** Reads the state (phase 2). */
export function readState(): RestartState {
  return JSON.parse(fs.readFileSync(stateFile(), 'utf8')) as RestartState;
}
