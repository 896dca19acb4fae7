/**
 * One contestant in a process of its own, driven by run.ts over IPC. Why: the contestants share
 * modules (eventsource-parser, Node's http, undici), and in one process each one's argument
 * shapes made the others' hot functions polymorphic. Measured: the client's CPU per request rose
 * 20–30 % when the SDK, the transport alone and raw ran between its rounds. In the extension host
 * the client runs alone, so that is how it is measured; the baselines get the same treatment.
 * Usage (by run.ts only): node --expose-gc contestantWorker.js <raw|client|client-fetch|client-hooked|fetch|sdk> <url>
 */
import type { Contestant } from './contestants';
import { clientContestant, fetchContestant, rawContestant, sdkContestant } from './contestants';
import { cpuOf, throughput } from './measure';
import type { WorkerJob, WorkerReply } from './workerProtocol';

async function load(kind: string, url: string): Promise<Contestant | string> {
  switch (kind) {
    case 'raw':
      return rawContestant(url);
    case 'fetch':
      return fetchContestant(url);
    case 'sdk':
      return sdkContestant(url);
    case 'client':
      return clientContestant(url, 'node');
    case 'client-fetch':
      return clientContestant(url, 'fetch');
    case 'client-hooked':
      return clientContestant(url, 'node', true);
    default:
      return `unknown contestant "${kind}"`;
  }
}

async function run(c: Contestant, job: WorkerJob): Promise<{ value: number; cpuMs?: number }> {
  switch (job.op) {
    case 'stream': {
      const m = await cpuOf(() => c.stream(job.prompt));
      return { value: m.value, cpuMs: m.cpuMs };
    }
    case 'ttft':
      return { value: await c.ttft(job.prompt) };
    case 'rate': {
      const m = await cpuOf(() => throughput(job.total, job.concurrency, () => c.create()));
      return { value: m.value, cpuMs: m.cpuMs };
    }
    case 'warm':
      await throughput(job.total, job.concurrency, () => c.create());
      return { value: 0 };
  }
}

async function main(): Promise<void> {
  const send = (m: WorkerReply): void => void process.send?.(m);
  const loaded = await load(process.argv[2] ?? '', process.argv[3] ?? '');
  if (typeof loaded === 'string') {
    send({ kind: 'ready', ok: false, reason: loaded });
    return;
  }
  process.on('message', (job: WorkerJob) => {
    run(loaded, job).then(
      (r) => send({ kind: 'result', id: job.id, ok: true, ...r }),
      (e: unknown) => send({ kind: 'result', id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) }),
    );
  });
  send({ kind: 'ready', ok: true, name: loaded.name });
}

void main();
