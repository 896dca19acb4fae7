/** What a route handler gets: the parsed request, a reply writer and the shared state. */
import type { ServerResponse } from 'node:http';
import type { BatchStore } from './batchStore';
import type { PromptCache } from './promptCache';
import type { RateLimiter } from './rateLimits';
import type { Reply } from './reply';
import type { EmulatorModel, FaultStep } from './types';

/** State shared by all requests of one emulator. */
export interface EmulatorState {
  readonly now: () => number;
  readonly paceMs: number;
  /** The shared limiter (keys without limits of their own). */
  readonly rate: RateLimiter;
  readonly batches: BatchStore;
  readonly models: readonly EmulatorModel[];
  /** Prompt caching (undefined when turned off). */
  readonly promptCache: PromptCache | undefined;
  /** False while `count_tokens` answers 404, like a gateway that does not offer it. */
  countTokens: boolean;
  /** Base URL (for results_url). */
  readonly url: string;
  /** Next number for ids (msg_, toolu_, msgbatch_). */
  nextSeq(): number;
  /** Parks a stalled stream so close() can destroy it. */
  onStall(res: ServerResponse): void;
}

/** One request as routes see it. */
export interface RouteContext {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body: unknown;
  readonly version: string;
  readonly reply: Reply;
  /** The limiter of this request's key (its own when set with setRateLimits(cfg, key), else the shared one). */
  readonly rate: RateLimiter;
  readonly step: FaultStep | undefined;
  readonly state: EmulatorState;
}
