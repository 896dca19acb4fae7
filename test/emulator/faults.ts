/** The script of fault steps: each request consumes the first step that matches it. */
import type { FaultStep } from './types';

/** The one route a step without `path` leaves alone: the chat composer's meter calls it while the user types. */
const COUNT_TOKENS = '/v1/messages/count_tokens';

/**
 * Whether a step applies to this request. count_tokens takes only a step that names its path
 * exactly: the chat composer's meter counts while the user types, and a count between a script
 * and the message it was meant for must not consume it. Without `path` a step applies to
 * `/v1/messages*`.
 */
export function stepMatches(step: FaultStep, method: string, path: string): boolean {
  if (step.method && step.method.toUpperCase() !== method.toUpperCase()) return false;
  if (path === COUNT_TOKENS) return step.path === COUNT_TOKENS;
  const pattern = step.path ?? '/v1/messages*';
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}

/** Whether a step decides the response itself (no route runs). */
export function isErrorStep(step: FaultStep): boolean {
  return step.status !== undefined || step.html502 === true || step.body !== undefined;
}

/** Ordered queue of scripted steps. */
export class FaultScript {
  private steps: FaultStep[] = [];

  /** Steps not consumed yet. */
  get pending(): readonly FaultStep[] {
    return this.steps;
  }

  add(steps: readonly FaultStep[]): void {
    // All or nothing: a bad step in a batch must not leave half a script behind.
    if (steps.some((s) => typeof s !== 'object' || s === null || Array.isArray(s))) throw new TypeError('a fault step must be an object');
    for (const s of steps) this.steps.push({ ...s });
  }

  /** Replaces all pending steps (validated first, so a bad batch changes nothing). */
  replace(steps: readonly FaultStep[]): void {
    const previous = this.steps;
    this.steps = [];
    try {
      this.add(steps);
    } catch (e) {
      this.steps = previous;
      throw e;
    }
  }

  /** Removes and returns the first step that matches, if any. */
  take(method: string, path: string): FaultStep | undefined {
    const i = this.steps.findIndex((s) => stepMatches(s, method, path));
    return i < 0 ? undefined : this.steps.splice(i, 1)[0];
  }

  clear(): void {
    this.steps = [];
  }
}
