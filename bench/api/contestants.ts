/**
 * The ways to talk to the bench server: raw node:http + eventsource-parser (the baseline), our
 * client (src/api) on either transport, global fetch alone and the official SDK. Each streams,
 * measures time to first token, and sends non-streaming requests, on warm keep-alive connections.
 */
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import { createParser } from 'eventsource-parser';
import Anthropic from '@anthropic-ai/sdk';
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
 * Global fetch (undici) with nothing of the client around it, eventsource-parser for streams: the
 * ceiling of the client's `fetch` transport (an information row; the targets are set on node:http).
 */
export function fetchContestant(baseURL: string): Contestant {
  const url = `${baseURL}/v1/messages`;
  const post = (body: unknown): Promise<Response> =>
    fetch(url, { method: 'POST', headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return {
    name: 'global fetch alone',
    stream: async () => {
      throw new Error('fetch alone is measured for time to first token and requests only');
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
      const decoder = new TextDecoder();
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
      return t1 - t0;
    },
    create: async () => {
      const res = await post(benchBody('x', false));
      await res.json();
    },
    close: () => undefined,
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
  use?(interceptor: { name: string; onRequest?(ctx: { headers: { set(n: string, v: string): void } }): void }): unknown;
}

/**
 * Our client on `transport`, or the reason when src/api is not usable yet. `hooked`: with one
 * interceptor that sets a header and request signing (what a gateway user runs).
 */
export async function clientContestant(baseURL: string, transport: 'node' | 'fetch' = 'node', hooked = false): Promise<Contestant | string> {
  let Ctor: (new (o: Record<string, unknown>) => ClientLike) | undefined;
  try {
    const mod = (await import('../../src/api/client')) as unknown as { AnthropicClient?: new (o: Record<string, unknown>) => ClientLike };
    Ctor = mod.AnthropicClient;
  } catch (e) {
    return `src/api/client failed to load: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (!Ctor) return 'src/api/client does not export AnthropicClient yet';
  const client = new Ctor({ apiKey: key, baseURL, maxRetries: 0, transport, ...(hooked ? { signingSecret: 'bench-signing-secret' } : {}) });
  if (hooked) client.use?.({ name: 'org-header', onRequest: (ctx) => ctx.headers.set('x-org-id', 'bench') });
  const textLength = (m: { content: { type: string; text?: string }[] }): number => (m.content[0]?.type === 'text' ? (m.content[0].text ?? '').length : 0);
  return {
    name: hooked ? 'src/api AnthropicClient (interceptor + signing)' : transport === 'node' ? 'src/api AnthropicClient' : 'src/api AnthropicClient (fetch)',
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
