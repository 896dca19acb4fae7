/**
 * Pre-rendered responses of the benchmark server, so the server costs nothing per request
 * and the client side is what gets measured.
 */

/** The prompt that asks the bench server for the big stream. */
export const bigPrompt = 'bench:big';
/** The prompt that asks for a short stream (time to first token). */
export const smallPrompt = 'bench:small';

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The text of delta i (short words of varying length, like real tokens). */
export function deltaText(i: number): string {
  return ` w${i % 1000}`;
}

/** Expected accumulated text length of a stream of n deltas (to check every run is complete). */
export function expectedTextLength(n: number): number {
  let len = 0;
  for (let i = 0; i < n; i++) len += deltaText(i).length;
  return len;
}

/** A full Messages SSE stream with `n` text deltas (and a ping, as the API sends). */
export function renderStream(n: number): string {
  const parts: string[] = [
    event('message_start', {
      type: 'message_start',
      message: { id: 'msg_bench', type: 'message', role: 'assistant', model: 'claude-bench', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 1 } },
    }),
    event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    event('ping', { type: 'ping' }),
  ];
  for (let i = 0; i < n; i++) parts.push(event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: deltaText(i) } }));
  parts.push(
    event('content_block_stop', { type: 'content_block_stop', index: 0 }),
    event('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: n } }),
    event('message_stop', { type: 'message_stop' }),
  );
  return parts.join('');
}

/** A small non-streaming Message (the throughput benchmark's answer). */
export function renderMessage(): string {
  return JSON.stringify({
    id: 'msg_bench',
    type: 'message',
    role: 'assistant',
    model: 'claude-bench',
    content: [{ type: 'text', text: 'Hello from the bench server. '.repeat(8) }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 60 },
  });
}

/** A request body as every contestant sends it. */
export function benchBody(prompt: string, stream: boolean): { model: string; max_tokens: number; messages: { role: 'user'; content: string }[]; stream?: true } {
  const body = { model: 'claude-bench', max_tokens: 1024, messages: [{ role: 'user' as const, content: prompt }] };
  return stream ? { ...body, stream: true } : body;
}
