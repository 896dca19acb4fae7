/** Renders a planned message as the exact SSE event sequence of the Messages API. */
import { splitDeltas, splitJson } from './answers';
import type { MessagePlan, PlannedBlock } from './messagePlan';
import { usageJson } from './messagePlan';

/** One SSE event as written on the wire: `event: <name>\ndata: <json>\n\n`. */
export function sseEvent(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

function blockStart(block: PlannedBlock): Record<string, unknown> {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: '' };
    case 'thinking':
      return { type: 'thinking', thinking: '', signature: '' };
    case 'tool_use':
      return { type: 'tool_use', id: block.id, name: block.name, input: {} };
  }
}

function blockDeltas(block: PlannedBlock): Record<string, unknown>[] {
  switch (block.type) {
    case 'text':
      return splitDeltas(block.text).map((text) => ({ type: 'text_delta', text }));
    case 'thinking':
      return [
        ...splitDeltas(block.thinking).map((thinking) => ({ type: 'thinking_delta', thinking })),
        { type: 'signature_delta', signature: block.signature },
      ];
    case 'tool_use':
      // The API opens with an empty partial_json, then sends the JSON in pieces.
      return ['', ...splitJson(JSON.stringify(block.input))].map((partial_json) => ({ type: 'input_json_delta', partial_json }));
  }
}

/**
 * The whole stream: message_start, per block content_block_start / deltas / stop (a ping
 * after the first block starts, as the API does), message_delta with cumulative usage,
 * message_stop.
 */
export function planToEvents(plan: MessagePlan): string[] {
  const events: string[] = [];
  events.push(
    sseEvent('message_start', {
      type: 'message_start',
      message: {
        id: plan.id,
        type: 'message',
        role: 'assistant',
        model: plan.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: usageJson(plan.inputTokens, 1, plan.cacheWriteTokens, plan.cacheReadTokens),
      },
    }),
  );
  plan.blocks.forEach((block, index) => {
    events.push(sseEvent('content_block_start', { type: 'content_block_start', index, content_block: blockStart(block) }));
    if (index === 0) events.push(sseEvent('ping', { type: 'ping' }));
    for (const delta of blockDeltas(block)) {
      events.push(sseEvent('content_block_delta', { type: 'content_block_delta', index, delta }));
    }
    events.push(sseEvent('content_block_stop', { type: 'content_block_stop', index }));
  });
  if (plan.blocks.length === 0) events.push(sseEvent('ping', { type: 'ping' }));
  events.push(
    sseEvent('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: plan.stopReason, stop_sequence: plan.stopSequence },
      usage: {
        input_tokens: plan.inputTokens,
        cache_creation_input_tokens: plan.cacheWriteTokens,
        cache_read_input_tokens: plan.cacheReadTokens,
        output_tokens: plan.outputTokens,
      },
    }),
  );
  events.push(sseEvent('message_stop', { type: 'message_stop' }));
  return events;
}

/** Splits raw SSE text (a fixture) into its events, keeping each event's bytes. */
export function splitRawEvents(raw: string): string[] {
  const parts = raw.split(/(?<=\r\n\r\n|\n\n|\r\r)/);
  return parts.filter((p) => p !== '');
}
