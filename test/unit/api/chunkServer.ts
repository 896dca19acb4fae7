/**
 * A raw keep-alive HTTP server for fuzzing: every request is answered with the next queued body,
 * written as the given chunks (one event-loop turn apart), as a 200 event stream.
 */
import * as http from 'node:http';

/** A running chunk server. */
export interface ChunkServer {
  readonly url: string;
  /** Queues the chunks of the next answer. */
  next(chunks: Buffer[]): void;
  close(): Promise<void>;
}

/** Starts a chunk server on 127.0.0.1. */
export async function startChunkServer(): Promise<ChunkServer> {
  const queue: Buffer[][] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const chunks = queue.shift() ?? [];
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let i = 0;
      const write = (): void => {
        if (res.destroyed) return;
        if (i === chunks.length) return void res.end();
        res.write(chunks[i++], () => setImmediate(write));
      };
      write();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    next: (chunks) => void queue.push(chunks),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** `bytes` cut at `count` random points (`random` in [0, 1)), every cut inside the buffer. */
export function rechunk(bytes: Buffer, count: number, random: () => number): Buffer[] {
  const cuts = new Set<number>();
  for (let i = 0; i < count; i++) cuts.add(1 + Math.floor(random() * Math.max(1, bytes.length - 1)));
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const cut of [...sorted, bytes.length]) {
    if (cut > from) out.push(bytes.subarray(from, cut));
    from = cut;
  }
  return out;
}
