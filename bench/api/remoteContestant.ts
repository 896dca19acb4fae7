/** The parent's handle on a contestant process (see contestantWorker.ts for why processes). */
import { fork } from 'node:child_process';
import * as path from 'node:path';
import type { WorkerJob, WorkerReply } from './workerProtocol';

type Job = WorkerJob extends infer J ? (J extends { id: number } ? Omit<J, 'id'> : never) : never;

/** A contestant running in its own process. */
export interface RemoteContestant {
  readonly name: string;
  /** Streams `prompt` once; CPU ms of the contestant's process and the accumulated text length. */
  stream(prompt: string): Promise<{ cpuMs: number; value: number }>;
  /** One warm time-to-first-token sample in ms. */
  ttft(prompt: string): Promise<number>;
  /** `total` requests at `concurrency`: requests/s and CPU ms of the contestant's process. */
  rate(total: number, concurrency: number): Promise<{ cpuMs: number; value: number }>;
  /** Requests that are not measured (JIT warm-up). */
  warm(total: number, concurrency: number): Promise<void>;
  close(): void;
}

/** Contestant kinds (see contestantWorker.ts). */
export type ContestantKind = 'raw' | 'client' | 'client-fetch' | 'client-hooked' | 'fetch' | 'sdk';

/** Starts a contestant process; resolves with its handle, or with the reason it cannot run. */
export function startContestant(kind: ContestantKind, url: string): Promise<RemoteContestant | string> {
  const child = fork(path.join(__dirname, 'contestantWorker.js'), [kind, url], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve: (r: { value: number; cpuMs?: number }) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const call = (job: Job): Promise<{ value: number; cpuMs?: number }> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ ...job, id } as WorkerJob);
    });
  return new Promise((resolve, reject) => {
    child.on('message', (m: WorkerReply) => {
      if (m.kind === 'ready') {
        if (!m.ok) {
          child.kill();
          resolve(m.reason);
          return;
        }
        resolve({
          name: m.name,
          stream: async (prompt) => {
            const r = await call({ op: 'stream', prompt });
            return { cpuMs: r.cpuMs ?? NaN, value: r.value };
          },
          ttft: async (prompt) => (await call({ op: 'ttft', prompt })).value,
          rate: async (total, concurrency) => {
            const r = await call({ op: 'rate', total, concurrency });
            return { cpuMs: r.cpuMs ?? NaN, value: r.value };
          },
          warm: async (total, concurrency) => {
            await call({ op: 'warm', total, concurrency });
          },
          // Killed rather than asked: an open IPC channel (or the SDK's pooled sockets) would keep
          // the bench process alive after its table is printed.
          close: () => {
            child.kill();
          },
        });
        return;
      }
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.ok) p?.resolve(m);
      else p?.reject(new Error(m.error));
    });
    child.once('exit', (code) => {
      const error = new Error(`contestant ${kind} exited (${code})`);
      for (const p of pending.values()) p.reject(error);
      pending.clear();
      reject(error);
    });
  });
}
