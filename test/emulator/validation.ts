/**
 * Request checks the real API makes before generating anything, with messages close to
 * its own ("max_tokens: Field required"). Version rules: under 2026-10-21 sampling
 * parameters, documents in assistant turns and citations in user turns are rejected.
 */
import type { WireMessage } from './answers';
import { messageText } from './answers';
import type { MessagesBody } from './messagePlan';

/** API versions the emulator knows. */
export const knownVersions = ['2023-06-01', '2026-10-21'] as const;

/** The version that rejects temperature/top_p/top_k. */
export const currentVersion = '2026-10-21';

type Result<T> = { ok: true; value: T } | { ok: false; message: string };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkMessages(messages: unknown, version: string): Result<WireMessage[]> {
  if (messages === undefined) return { ok: false, message: 'messages: Field required' };
  if (!Array.isArray(messages)) return { ok: false, message: 'messages: Input should be a valid list' };
  if (messages.length === 0) return { ok: false, message: 'messages: at least one message is required' };
  for (let i = 0; i < messages.length; i++) {
    const m: unknown = messages[i];
    if (!isObject(m)) return { ok: false, message: `messages.${i}: Input should be a valid dictionary` };
    if (m.role !== 'user' && m.role !== 'assistant') return { ok: false, message: `messages.${i}.role: Input should be 'user' or 'assistant'` };
    if (typeof m.content !== 'string' && !Array.isArray(m.content)) return { ok: false, message: `messages.${i}.content: Field required` };
    if (version === currentVersion && Array.isArray(m.content)) {
      for (const b of m.content as unknown[]) {
        if (!isObject(b)) continue;
        if (m.role === 'assistant' && b.type === 'document') {
          return { ok: false, message: `messages.${i}.content: document blocks are not allowed in assistant messages` };
        }
        if (m.role === 'user' && b.citations !== undefined && b.type === 'text') {
          return { ok: false, message: `messages.${i}.content: citations are not allowed in user messages` };
        }
      }
    }
  }
  if (messages[0].role !== 'user') return { ok: false, message: 'messages: first message must use the "user" role' };
  const last = messages[messages.length - 1] as WireMessage;
  if (last.role === 'assistant') {
    if (/\s$/.test(messageText(last))) return { ok: false, message: 'messages: final assistant content cannot end with trailing whitespace' };
  }
  return { ok: true, value: messages as WireMessage[] };
}

/** Validates the body of POST /v1/messages. */
export function validateMessagesBody(body: unknown, version: string): Result<MessagesBody> {
  if (!isObject(body)) return { ok: false, message: 'body: Input should be a valid dictionary' };
  if (typeof body.model !== 'string' || body.model === '') return { ok: false, message: 'model: Field required' };
  if (body.max_tokens === undefined) return { ok: false, message: 'max_tokens: Field required' };
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1) {
    return { ok: false, message: 'max_tokens: Input should be a valid integer greater than or equal to 1' };
  }
  const sampling = samplingCheck(body, version);
  if (!sampling.ok) return sampling;
  const messages = checkMessages(body.messages, version);
  if (!messages.ok) return messages;
  if (body.tool_choice !== undefined && !isObject(body.tool_choice)) return { ok: false, message: 'tool_choice: Input should be a valid dictionary' };
  if (body.metadata !== undefined) {
    if (!isObject(body.metadata)) return { ok: false, message: 'metadata: Input should be a valid dictionary' };
    const extra = Object.keys(body.metadata).filter((k) => k !== 'user_id');
    if (extra.length > 0) return { ok: false, message: `metadata.${extra[0]}: Extra inputs are not permitted` };
  }
  if (isObject(body.thinking) && body.thinking.type === 'enabled') {
    const budget = body.thinking.budget_tokens;
    if (typeof budget !== 'number' || budget < 1024) return { ok: false, message: 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024' };
    if (budget >= (body.max_tokens as number)) return { ok: false, message: '`max_tokens` must be greater than `thinking.budget_tokens`' };
  }
  return { ok: true, value: body as unknown as MessagesBody };
}

function samplingCheck(body: Record<string, unknown>, version: string): Result<null> {
  for (const key of ['temperature', 'top_p', 'top_k']) {
    if (body[key] === undefined) continue;
    if (version === currentVersion) {
      return { ok: false, message: `${key}: is not supported with anthropic-version ${currentVersion}; remove it or use 2023-06-01` };
    }
    if (typeof body[key] !== 'number') return { ok: false, message: `${key}: Input should be a valid number` };
  }
  return { ok: true, value: null };
}

/** Validates the body of POST /v1/messages/count_tokens. */
export function validateCountTokensBody(body: unknown, version: string): Result<Pick<MessagesBody, 'model' | 'messages' | 'system' | 'tools'>> {
  if (!isObject(body)) return { ok: false, message: 'body: Input should be a valid dictionary' };
  if (typeof body.model !== 'string' || body.model === '') return { ok: false, message: 'model: Field required' };
  const messages = checkMessages(body.messages, version);
  if (!messages.ok) return messages;
  return { ok: true, value: { model: body.model, messages: messages.value, system: body.system, tools: body.tools } };
}
