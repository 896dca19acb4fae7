/**
 * Keep-alive connection pools (http and https, direct and per proxy) of the `node:http`
 * transport. Connections are counted per request (nodeTransport.ts), not by hooking the agents:
 * VS Code's proxy support may swap an extension's agent for its own, and the counters must still
 * say what happened.
 */
import * as http from 'http';
import * as https from 'https';
import type { AgentOptions, ProxyAgents } from './proxyAgents';
import type { ProxyServer } from './proxy';
import { createProxyAgents } from './proxyAgents';

/** Options of {@link ConnectionPool}. */
export interface PoolOptions {
  maxSockets?: number;
  keepAliveMsecs?: number;
  /** Extra CA certificates (PEM) trusted for https targets and https proxies. */
  ca?: AgentOptions['ca'];
}

/** The direct agents, and a pair per proxy in use. */
export class ConnectionPool {
  readonly http: http.Agent;
  readonly https: https.Agent;
  private readonly options: AgentOptions;
  private readonly proxied = new Map<string, ProxyAgents>();

  constructor(options: PoolOptions = {}) {
    this.options = {
      keepAlive: true,
      keepAliveMsecs: options.keepAliveMsecs ?? 15_000,
      maxSockets: options.maxSockets ?? 16,
      maxFreeSockets: 8,
      scheduling: 'lifo' as const,
      ...(options.ca ? { ca: options.ca } : {}),
    };
    this.http = new http.Agent(this.options);
    this.https = new https.Agent(this.options);
  }

  /** The agents that reach targets through `proxy` (one pair per proxy URL and credentials). */
  forProxy(proxy: ProxyServer): ProxyAgents {
    const id = `${proxy.display} ${proxy.authorization ?? ''}`;
    let agents = this.proxied.get(id);
    if (!agents) this.proxied.set(id, (agents = createProxyAgents(proxy, this.options)));
    return agents;
  }

  private all(): http.Agent[] {
    const list: http.Agent[] = [this.http, this.https];
    for (const pair of this.proxied.values()) list.push(pair.http, pair.https);
    return list;
  }

  /** Sockets carrying a request right now, across every agent. */
  inUse(): number {
    let n = 0;
    for (const agent of this.all()) n += countSockets(agent.sockets);
    return n;
  }

  /** Closes every socket, pooled or busy. */
  destroy(): void {
    for (const agent of this.all()) agent.destroy();
  }
}

function countSockets(byOrigin: NodeJS.ReadOnlyDict<unknown[]>): number {
  let n = 0;
  for (const name in byOrigin) n += byOrigin[name]?.length ?? 0;
  return n;
}
