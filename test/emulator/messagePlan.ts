/**
 * Turns a validated request body into the message the emulator will send: content blocks,
 * stop reason and usage. Both the JSON and the SSE responses are rendered from this plan,
 * so `create()` and an accumulated `stream()` agree by construction.
 */
import { createHash } from 'node:crypto';
import type { WireMessage } from './answers';
import { answerFor, estimateTokens, lastUserMessage, messageText } from './answers';
import { planToolCall, toolResultText } from './tools';

/** A block of the planned answer. */
export type PlannedBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

/** The answer the emulator will send. */
export interface MessagePlan {
  id: string;
  model: string;
  blocks: PlannedBlock[];
  /** What the emulator decides itself; a scripted step may report any other value. */
  stopReason: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | (string & {});
  stopSequence: string | null;
  inputTokens: number;
  outputTokens: number;
}

/** The fields of a messages body the planner reads. */
export interface MessagesBody {
  model: string;
  max_tokens: number;
  messages: WireMessage[];
  system?: unknown;
  tools?: unknown;
  tool_choice?: unknown;
  thinking?: { type?: string; budget_tokens?: number };
  stop_sequences?: unknown;
}

/** Input tokens of a body: everything the model would read. */
export function countInputTokens(body: Pick<MessagesBody, 'messages' | 'system' | 'tools'>): number {
  const system = typeof body.system === 'string' ? body.system : JSON.stringify(body.system ?? '');
  const text = body.messages.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))).join('\n');
  return estimateTokens(system + text + (body.tools ? JSON.stringify(body.tools) : ''));
}

/** A deterministic base-62 looking id from a counter. */
export function makeId(prefix: string, n: number): string {
  return `${prefix}_01Emu${n.toString(36).padStart(8, '0')}`;
}

/** A stable opaque signature for a thinking text (the same thinking, the same signature). */
function signatureFor(thinking: string): string {
  return Buffer.from(`emulator-signature:${createHash('sha256').update(thinking).digest('hex').slice(0, 32)}`).toString('base64');
}

/** What a scripted step may override in a plan. */
export interface PlanOverrides {
  /** Replaces the chosen answer text. */
  readonly text?: string;
  /** Reported as the answer's `stop_reason`. */
  readonly stopReason?: string;
  readonly stopSequence?: string;
}

/** Plans the answer, with a scripted step's overrides. */
export function planMessage(body: MessagesBody, seq: number, overrides: PlanOverrides = {}): MessagePlan {
  const plan = planAnswer(body, seq, overrides.text);
  if (overrides.stopReason === undefined) return plan;
  const stopSequence = overrides.stopReason === 'stop_sequence' ? (overrides.stopSequence ?? '###') : null;
  return { ...plan, stopReason: overrides.stopReason, stopSequence };
}

function planAnswer(body: MessagesBody, seq: number, text?: string): MessagePlan {
  const messages = body.messages;
  const prompt = messageText(lastUserMessage(messages));
  const last = messages[messages.length - 1];
  const prefill = last?.role === 'assistant' ? messageText(last) : '';
  const blocks: PlannedBlock[] = [];

  if (body.thinking?.type === 'enabled' || body.thinking?.type === 'adaptive') {
    const thinking = `The user asks: "${prompt.slice(0, 80)}". I will answer with a short markdown explanation and two code samples.`;
    blocks.push({ type: 'thinking', thinking, signature: signatureFor(thinking) });
  }

  const toolCall = prefill ? undefined : planToolCall(body.tools, body.tool_choice, messages, prompt);
  let answer: string;
  if (text !== undefined) answer = text;
  else if (toolCall) answer = `I'll call the \`${toolCall.name}\` tool.`;
  else {
    const toolResult = toolResultText(messages);
    answer = toolResult !== undefined ? `The tool returned: ${toolResult}` : answerFor(prompt);
  }
  // A prefill that is a prefix of the answer continues it, like the model would.
  if (prefill && answer.startsWith(prefill)) answer = answer.slice(prefill.length);

  let stopReason: MessagePlan['stopReason'] = toolCall ? 'tool_use' : 'end_turn';
  let stopSequence: string | null = null;
  const stops = Array.isArray(body.stop_sequences) ? body.stop_sequences.filter((s): s is string => typeof s === 'string' && s !== '') : [];
  let cut = -1;
  for (const s of stops) {
    const at = answer.indexOf(s);
    if (at >= 0 && (cut < 0 || at < cut)) {
      cut = at;
      stopSequence = s;
    }
  }
  if (cut >= 0) {
    answer = answer.slice(0, cut);
    stopReason = 'stop_sequence';
  }

  const thinkingTokens = blocks.reduce((n, b) => n + (b.type === 'thinking' ? estimateTokens(b.thinking) : 0), 0);
  const room = Math.max(0, body.max_tokens - thinkingTokens) * 4;
  if (estimateTokens(answer) + thinkingTokens > body.max_tokens) {
    answer = answer.slice(0, room);
    stopReason = 'max_tokens';
    stopSequence = null;
  }
  if (answer !== '') blocks.push({ type: 'text', text: answer });
  if (toolCall && stopReason === 'tool_use') {
    blocks.push({ type: 'tool_use', id: makeId('toolu', seq), name: toolCall.name, input: toolCall.input });
  }

  const outputTokens = blocks.reduce(
    (n, b) => n + estimateTokens(b.type === 'text' ? b.text : b.type === 'thinking' ? b.thinking : JSON.stringify(b.input)),
    0,
  );
  return {
    id: makeId('msg', seq),
    model: body.model,
    blocks,
    stopReason,
    stopSequence,
    inputTokens: countInputTokens(body),
    outputTokens: Math.min(outputTokens, body.max_tokens),
  };
}

/** Usage object as the API sends it. */
export function usageJson(inputTokens: number, outputTokens: number): Record<string, unknown> {
  return {
    input_tokens: inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

/** The non-streaming JSON Message. */
export function planToJson(plan: MessagePlan): Record<string, unknown> {
  return {
    id: plan.id,
    type: 'message',
    role: 'assistant',
    model: plan.model,
    content: plan.blocks.map((b) => ({ ...b })),
    stop_reason: plan.stopReason,
    stop_sequence: plan.stopSequence,
    usage: usageJson(plan.inputTokens, plan.outputTokens),
  };
}
