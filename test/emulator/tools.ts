/** Deterministic tool calls: which tool the emulator "decides" to call and with what input. */
import type { WireMessage } from './answers';

/** A tool definition as the request carries it (only what the emulator reads). */
export interface WireTool {
  name?: string;
  type?: string;
  input_schema?: JsonSchema;
}

/** The subset of JSON Schema used to make up an input. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  items?: JsonSchema;
  default?: unknown;
}

/** A tool call the emulator will answer with. */
export interface PlannedToolCall {
  name: string;
  input: Record<string, unknown>;
}

interface ToolChoice {
  type?: string;
  name?: string;
}

/** Whether the last user turn carries tool results (then the model answers in text). */
function hasToolResult(last: WireMessage | undefined): boolean {
  return !!last && typeof last.content !== 'string' && last.content.some((b) => b.type === 'tool_result');
}

/**
 * The tool to call, or undefined: none without tools, with `tool_choice: {type:'none'}`,
 * or right after a tool result. Otherwise the named tool (`tool_choice: {type:'tool'}`),
 * a tool whose name the prompt mentions, or the first custom tool.
 */
export function planToolCall(
  tools: unknown,
  toolChoice: unknown,
  messages: readonly WireMessage[],
  prompt: string,
): PlannedToolCall | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  const choice = (toolChoice ?? {}) as ToolChoice;
  if (choice.type === 'none') return undefined;
  if (hasToolResult(messages[messages.length - 1])) return undefined;
  const custom = (tools as WireTool[]).filter((t) => typeof t.name === 'string' && (!t.type || t.type === 'custom'));
  if (custom.length === 0) return undefined;
  const tool =
    (choice.type === 'tool' && custom.find((t) => t.name === choice.name)) ||
    custom.find((t) => prompt.toLowerCase().includes(String(t.name).toLowerCase())) ||
    custom[0];
  return { name: String(tool.name), input: inputFor(tool.input_schema, prompt) };
}

/** Makes up an object that satisfies the schema's required properties. */
export function inputFor(schema: JsonSchema | undefined, prompt: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const props = schema?.properties ?? {};
  const keys = schema?.required && schema.required.length > 0 ? schema.required : Object.keys(props);
  for (const key of keys) out[key] = valueFor(props[key], key, prompt);
  return out;
}

function valueFor(schema: JsonSchema | undefined, key: string, prompt: string): unknown {
  if (schema?.default !== undefined) return schema.default;
  if (schema?.enum && schema.enum.length > 0) return schema.enum[0];
  const type = Array.isArray(schema?.type) ? schema?.type[0] : schema?.type;
  switch (type) {
    case 'number':
    case 'integer':
      return 42;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return inputFor(schema, prompt);
    default:
      return `${key} for ${prompt.replace(/\s+/g, ' ').trim().slice(0, 40)}`;
  }
}

/** Text of the tool results in the last user turn (for the follow-up answer). */
export function toolResultText(messages: readonly WireMessage[]): string | undefined {
  const last = messages[messages.length - 1];
  if (!last || typeof last.content === 'string') return undefined;
  const results = last.content.filter((b) => b.type === 'tool_result');
  if (results.length === 0) return undefined;
  return results
    .map((r) => {
      const c = r.content;
      if (typeof c === 'string') return c;
      if (Array.isArray(c)) return c.map((x: { text?: string }) => x.text ?? '').join('');
      return '';
    })
    .join('\n');
}
