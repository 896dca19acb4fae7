/** Messages between run.ts and a contestant process (contestantWorker.ts). */

/** A job for a contestant process; `id` pairs it with its result. */
export type WorkerJob =
  | { op: 'stream'; id: number; prompt: string }
  | { op: 'ttft'; id: number; prompt: string }
  | { op: 'rate'; id: number; total: number; concurrency: number }
  | { op: 'warm'; id: number; total: number; concurrency: number };

/** What a contestant process reports. */
export type WorkerReply =
  | { kind: 'ready'; ok: true; name: string }
  | { kind: 'ready'; ok: false; reason: string }
  | { kind: 'result'; id: number; ok: true; value: number; cpuMs?: number }
  | { kind: 'result'; id: number; ok: false; error: string };
