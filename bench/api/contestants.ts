/**
 * The three ways to talk to the bench server: raw node:http + eventsource-parser (the
 * baseline), our client (src/api) and the official SDK. Each streams, measures time to
 * first token, and sends non-streaming requests, always on warm keep-alive connections.
 */
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import { createParser } from 'eventsource-parser';
import Anthropic from '@anthropic-ai/sdk';
import fetch from 'node-fetch';
import type { Response as FetchResponse } from 'node-fetch';
import { benchBody } from './payloads';

/** One contestant. */
export interface Contestant {
  readonly name: string;
  /** Streams and accumulates; resolves with the accumulated text length. */
  stream(prompt: string): Promise<number>;
  /** Streams; resolves with ms from the call to the first text delta (after draining). */
  ttft(prompt: string): Promise<number>;
  /** One non-streaming request. */
  create(): Promise<void>;
  close(): void;
}

const key = 'test-key-1';

/** Baseline: http.request on a keep-alive agent, eventsource-parser, JSON.parse per event. */
export function rawContestant(baseURL: string): Contestant {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const url = new URL('/v1/messages', baseURL);
  const post = (body: unknown): Promise<http.IncomingMessage> =>
    new Promise((resolve, reject) => {
      const payload = JSON.stringify(body);
      const req = http.request(url, {
        method: 'POST',
        agent,
        headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      }, resolve);
      req.on('error', reject);
      req.end(payload);
    });
  const streamWith = async (prompt: string, onFirst: () => void): Promise<number> => {
    const res = await post(benchBody(prompt, true));
    const parts: string[] = [];
    let first = true;
    const parser = createParser({
      onEvent: (e) => {
        const data = JSON.parse(e.data) as { type: string; delta?: { type: string; text?: string } };
        if (data.type === 'content_block_delta' && data.delta?.type === 'text_delta') {
          if (first) {
            first = false;
            onFirst();
          }
          parts.push(data.delta.text ?? '');
        }
      },
    });
    res.setEncoding('utf8');
    res.on('data', (s: string) => parser.feed(s));
    await new Promise<void>((resolve, reject) => {
      res.on('end', resolve);
      res.on('error', reject);
    });
    return parts.join('').length;
  };
  return {
    name: 'raw http + eventsource-parser',
    stream: (prompt) => streamWith(prompt, () => undefined),
    ttft: async (prompt) => {
      const t0 = performance.now();
      let t1 = 0;
      await streamWith(prompt, () => (t1 = performance.now()));
      return t1 - t0;
    },
    create: async () => {
      const res = await post(benchBody('x', false));
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
    },
    close: () => agent.destroy(),
  };
}

/**
 * The transport's ceiling: node-fetch v2 (the client's transport) with nothing of the client around
 * it, on a keep-alive agent, eventsource-parser for streams. Its gap to raw is what no client built
 * on node-fetch can win back; ours minus this is what the client itself costs.
 */
export function nodeFetchContestant(baseURL: string): Contestant {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const url = `${baseURL}/v1/messages`;
  const post = (body: unknown): Promise<FetchResponse> =>
    fetch(url, { method: 'POST', agent, headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return {
    name: 'node-fetch v2 alone',
    stream: async () => {
      throw new Error('node-fetch alone is measured for time to first token and requests only');
    },
    ttft: async (prompt) => {
      const t0 = performance.now();
      let t1 = 0;
      const res = await post(benchBody(prompt, true));
      const parser = createParser({
        onEvent: (e) => {
          const data = JSON.parse(e.data) as { type: string; delta?: { type: string } };
          if (t1 === 0 && data.type === 'content_block_delta' && data.delta?.type === 'text_delta') t1 = performance.now();
        },
      });
      // 'data' events, like the raw baseline and the client (async iteration adds a hop per chunk).
      const body = res.body as unknown as NodeJS.ReadableStream;
      body.setEncoding('utf8');
      await new Promise<void>((resolve, reject) => {
        body.on('data', (s: string) => parser.feed(s));
        body.on('end', resolve);
        body.on('error', reject);
      });
      return t1 - t0;
    },
    create: async () => {
      const res = await post(benchBody('x', false));
      await res.json();
    },
    close: () => agent.destroy(),
  };
}

/** The official SDK (its own fetch and accumulator). */
export function sdkContestant(baseURL: string): Contestant {
  const sdk = new Anthropic({ apiKey: key, baseURL, maxRetries: 0 });
  return {
    name: '@anthropic-ai/sdk',
    stream: async (prompt) => {
      const m = await sdk.messages.stream(benchBody(prompt, false)).finalMessage();
      return m.content[0]?.type === 'text' ? m.content[0].text.length : 0;
    },
    ttft: async (prompt) => {
      const t0 = performance.now();
      let t1 = 0;
      const s = sdk.messages.stream(benchBody(prompt, false));
      s.once('text', () => (t1 = performance.now()));
      await s.finalMessage();
      return t1 - t0;
    },
    create: async () => {
      await sdk.messages.create(benchBody('x', false));
    },
    close: () => undefined,
  };
}

/** The shape of src/api's client that the bench drives (loaded at run time: it may not exist yet). */
interface ClientLike {
  messages: {
    stream(body: unknown): { on(name: 'text', cb: (d: string) => void): unknown; finalMessage(): Promise<{ content: { type: string; text?: string }[] }> };
    create(body: unknown): Promise<unknown>;
  };
  dispose(): void;
}

/** Our client, or undefined with the reason when src/api is not usable yet. */
export async function clientContestant(baseURL: string): Promise<Contestant | string> {
  let Ctor: (new (o: Record<string, unknown>) => ClientLike) | undefined;
  try {
    const mod = (await import('../../src/api/client')) as unknown as { AnthropicClient?: new (o: Record<string, unknown>) => ClientLike };
    Ctor = mod.AnthropicClient;
  } catch (e) {
    return `src/api/client failed to load: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (!Ctor) return 'src/api/client does not export AnthropicClient yet';
  const client = new Ctor({ apiKey: key, baseURL, maxRetries: 0 });
  const textLength = (m: { content: { type: string; text?: string }[] }): number => (m.content[0]?.type === 'text' ? (m.content[0].text ?? '').length : 0);
  return {
    name: 'src/api AnthropicClient',
    stream: async (prompt) => textLength(await client.messages.stream(benchBody(prompt, false)).finalMessage()),
    ttft: async (prompt) => {
      const t0 = performance.now();
      let t1 = 0;
      const s = client.messages.stream(benchBody(prompt, false));
      s.on('text', () => {
        if (t1 === 0) t1 = performance.now();
      });
      await s.finalMessage();
      return t1 - t0;
    },
    create: async () => {
      await client.messages.create(benchBody('x', false));
    },
    close: () => client.dispose(),
  };
}
