/**
 * Seeded random faults for soak runs: each `POST /v1/messages` attempt that no scripted step
 * claims draws its fault from a hash of (seed, request body, attempt number). The draw depends on
 * the conversation and its retry count only, never on arrival order, so a run at any concurrency
 * meets the same faults as the run before it.
 */
import { createHash } from 'node:crypto';
import type { FaultStep, RandomFaults } from './types';

/** One fault kind and the step it becomes (`n` and `u` are further draws in [0, 1)). */
type Maker = (n: number, u: number, config: RandomFaults) => FaultStep;

const eventsBefore = (n: number): number => 1 + Math.floor(n * 8);

/** In the order they are drawn; each kind takes its probability's slice of [0, 1). */
const KINDS: [keyof RandomFaults, string, Maker][] = [
  ['overloaded', '529', () => ({ status: 529 })],
  ['rateLimited', '429', (_n, _u, c) => ({ status: 429, retryAfter: 1, retryAfterMs: c.retryAfterMs ?? 100 })],
  ['destroyBeforeHeaders', 'destroyed before headers', () => ({ destroyBeforeHeaders: true })],
  ['midStreamReset', 'reset mid-stream', (n, u) => ({ destroyAfterEvents: eventsBefore(n), reset: u < 0.5 })],
  // 0 events: a stall before the first event, which a client may retry.
  ['stall', 'stall', (n) => ({ stallAfterEvents: Math.floor(n * 8) })],
  ['errorEvent', 'SSE error event', (n, u) => ({ errorEventAfter: eventsBefore(n), errorType: 'overloaded_error', holdOpen: u < 0.5 })],
  ['malformed', 'malformed SSE', (n, u) => ({ malformedAfter: eventsBefore(n), holdOpen: u < 0.5 })],
];

const FRAMINGS: FaultStep[] = [{ chunkSize: 1 }, { crlf: true }, { splitUtf8: true }, { comments: true, crlf: true }];

/** Four uniform draws in [0, 1) from the hash of (seed, key, attempt). */
function draws(seed: number, key: string, attempt: number): number[] {
  const digest = createHash('sha256').update(`${seed}:${key}:${attempt}`).digest();
  return [0, 4, 8, 12].map((offset) => digest.readUInt32BE(offset) / 2 ** 32);
}

/** The step for one attempt (`undefined`: a clean, unpaced answer), plus the name of its fault for logs. */
export function randomStep(config: RandomFaults, key: string, attempt: number): { step: FaultStep | undefined; fault: string } {
  const [pick, n, u, pace] = draws(config.seed, key, attempt);
  let edge = 0;
  for (const [field, name, make] of KINDS) {
    edge += Number(config[field] ?? 0);
    if (pick < edge) return { step: make(n, u, config), fault: name };
  }
  const paced = pace < (config.paced ?? 0) ? { paceMs: config.paceMs ?? 3 } : undefined;
  // The rest of the draw's range past the faults, rescaled, decides the framing.
  const rest = (pick - edge) / Math.max(1e-9, 1 - edge);
  if (rest < (config.oddFraming ?? 0)) {
    const framing = FRAMINGS[Math.floor(n * FRAMINGS.length)];
    return { step: { ...framing, ...paced }, fault: `odd framing ${JSON.stringify(framing)}` };
  }
  return { step: paced, fault: paced ? 'paced' : 'clean' };
}
