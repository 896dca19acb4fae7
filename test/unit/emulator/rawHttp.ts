/** Raw node:http helpers for the emulator's own tests (no client library in between). */
import * as http from 'node:http';

/** A finished raw exchange. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Body as received, every chunk kept apart. */
  chunks: Buffer[];
  text: string;
  /** Set when the response broke off (socket destroyed mid-body). */
  aborted: boolean;
}

/** Request options for {@link rawRequest}. */
export interface RawOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  agent?: http.Agent;
  /** Called with each body chunk as it arrives. */
  onChunk?: (chunk: Buffer, soFar: string) => void;
}

/** Default headers of a well-formed request. */
export const okHeaders = { 'x-api-key': 'test-key-1', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' };

/** Sends a request and collects the whole response (resolves even if the body breaks off). */
export function rawRequest(url: string, opts: RawOptions = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const payload = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    const req = http.request(url, { method: opts.method ?? (payload ? 'POST' : 'GET'), headers: opts.headers ?? okHeaders, agent: opts.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      let aborted = false;
      const done = (): void => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, chunks, text, aborted });
      };
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        opts.onChunk?.(c, Buffer.concat(chunks).toString('utf8'));
      });
      res.on('aborted', () => (aborted = true));
      res.on('error', () => {
        aborted = true;
      });
      res.on('close', done);
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** A messages body. */
export function messagesBody(prompt: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: 'claude-sonnet-5-5', max_tokens: 4096, messages: [{ role: 'user', content: prompt }], ...extra };
}

/** Parsed SSE events: name and JSON data, in order. */
export function parseSse(text: string): { event: string; data: Record<string, unknown> }[] {
  return text
    .replace(/\r\n/g, '\n')
    .split('\n\n')
    .filter((block) => /^(event|data):/m.test(block))
    .map((block) => {
      const lines = block.split('\n').filter((l) => !l.startsWith(':'));
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
      const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

/** Joins the text deltas of a parsed stream. */
export function streamedText(events: { event: string; data: Record<string, unknown> }[]): string {
  return events
    .filter((e) => e.event === 'content_block_delta')
    .map((e) => (e.data.delta as { type: string; text?: string }).text ?? '')
    .join('');
}
