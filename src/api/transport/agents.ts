/**
 * Keep-alive connection pools (http and https) of the `node:http` transport. Connections are
 * counted per request (nodeTransport.ts), not by hooking the agents: VS Code's proxy support may
 * swap an extension's agent for its own, and the counters must still say what happened.
 */
import * as http from 'http';
import * as https from 'https';

/** Options of {@link ConnectionPool}. */
export interface PoolOptions {
  maxSockets?: number;
  keepAliveMsecs?: number;
}

/** The two agents. */
export class ConnectionPool {
  readonly http: http.Agent;
  readonly https: https.Agent;

  constructor(options: PoolOptions = {}) {
    const base = {
      keepAlive: true,
      keepAliveMsecs: options.keepAliveMsecs ?? 15_000,
      maxSockets: options.maxSockets ?? 16,
      maxFreeSockets: 8,
      scheduling: 'lifo' as const,
    };
    this.http = new http.Agent(base);
    this.https = new https.Agent(base);
  }

  /** Sockets carrying a request right now, across both agents. */
  inUse(): number {
    return countSockets(this.http.sockets) + countSockets(this.https.sockets);
  }

  /** Closes every socket, pooled or busy. */
  destroy(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

function countSockets(byOrigin: NodeJS.ReadOnlyDict<unknown[]>): number {
  let n = 0;
  for (const name in byOrigin) n += byOrigin[name]?.length ?? 0;
  return n;
}
