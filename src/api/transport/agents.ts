/**
 * Keep-alive connection pools (http and https) that count how many sockets were opened and how
 * many requests rode on an existing one. VS Code's proxy support patches Node's http stack, so
 * going through these agents honours `http.proxy`.
 */
import * as http from 'http';
import * as https from 'https';
import type { Duplex } from 'stream';

/** Pool counters. */
export interface PoolStats {
  created: number;
  reused: number;
}

/** Options of {@link ConnectionPool}. */
export interface PoolOptions {
  maxSockets?: number;
  keepAliveMsecs?: number;
}

/** The two agents plus their counters. */
export class ConnectionPool {
  readonly http: http.Agent;
  readonly https: https.Agent;
  private readonly stats: PoolStats = { created: 0, reused: 0 };

  constructor(options: PoolOptions = {}) {
    const stats = this.stats;
    const base = { keepAlive: true, keepAliveMsecs: options.keepAliveMsecs ?? 15_000, maxSockets: options.maxSockets ?? 16, maxFreeSockets: 8, scheduling: 'lifo' as const };
    class CountingHttpAgent extends http.Agent {
      override createConnection(opts: http.ClientRequestArgs, cb?: (err: Error | null, s: Duplex) => void): Duplex | null | undefined {
        stats.created++;
        return super.createConnection(opts, cb);
      }
      override reuseSocket(socket: Duplex, req: http.ClientRequest): void {
        stats.reused++;
        super.reuseSocket(socket, req);
      }
    }
    class CountingHttpsAgent extends https.Agent {
      override createConnection(opts: http.ClientRequestArgs, cb?: (err: Error | null, s: Duplex) => void): Duplex | null | undefined {
        stats.created++;
        return super.createConnection(opts, cb);
      }
      override reuseSocket(socket: Duplex, req: http.ClientRequest): void {
        stats.reused++;
        super.reuseSocket(socket, req);
      }
    }
    this.http = new CountingHttpAgent(base);
    this.https = new CountingHttpsAgent(base);
  }

  /** Agent for a URL (node-fetch calls this per request). */
  agentFor(url: URL): http.Agent {
    return url.protocol === 'http:' ? this.http : this.https;
  }

  /** `agentFor` bound once, for node-fetch's per-request `agent` option (no closure per request). */
  readonly pickAgent = (url: URL): http.Agent => this.agentFor(url);

  /** Current counters (a copy). */
  snapshot(): PoolStats {
    return { ...this.stats };
  }

  /** Closes every pooled socket. */
  destroy(): void {
    this.http.destroy();
    this.https.destroy();
  }
}
