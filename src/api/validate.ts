/**
 * Local checks of a request body, so a request the API is certain to refuse is never sent.
 * Only rules the API itself enforces are checked here; the rest is left to the server.
 */
import type { ApiVersion } from './types';
import { BadRequestError } from './errors';

const SAMPLING = ['temperature', 'top_p', 'top_k'] as const;

function refuse(message: string): never {
  throw new BadRequestError(`400 invalid_request_error: ${message} (refused locally, nothing was sent)`, {
    status: 400,
    type: 'invalid_request_error',
    error: { type: 'error', error: { type: 'invalid_request_error', message } },
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function blocksOf(content: unknown): Record<string, unknown>[] {
  return Array.isArray(content) ? content.filter(isObject) : [];
}

/** Text blocks of a user turn, including those nested in tool results. */
function userTextBlocks(content: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const block of blocksOf(content)) {
    if (block.type === 'text') out.push(block);
    if (block.type === 'tool_result') out.push(...blocksOf(block.content).filter((b) => b.type === 'text'));
  }
  return out;
}

/** Options of {@link validateBody}. */
export interface ValidateOptions {
  /** `messages.create`/`stream` need `max_tokens`; count_tokens does not. */
  requireMaxTokens: boolean;
}

/**
 * Throws `BadRequestError` for a body the API would answer with 400 under `version`.
 * Under `2023-06-01` the sampling fields pass through untouched.
 */
export function validateBody(body: unknown, version: ApiVersion, options: ValidateOptions): void {
  if (!isObject(body)) refuse('body must be a JSON object');
  if (typeof body.model !== 'string' || body.model.trim() === '') refuse('model: field required');
  if (options.requireMaxTokens) {
    const mt = body.max_tokens;
    if (typeof mt !== 'number' || !Number.isInteger(mt) || mt < 1) refuse('max_tokens: must be a positive integer');
  }
  if (!Array.isArray(body.messages)) refuse('messages: field required (an array)');
  body.messages.forEach((m, i) => {
    if (!isObject(m)) refuse(`messages.${i}: must be an object`);
    if (typeof m.content !== 'string' && !Array.isArray(m.content)) refuse(`messages.${i}.content: must be a string or an array of blocks`);
  });
  if (body.tool_choice !== undefined && !isObject(body.tool_choice)) refuse('tool_choice: must be an object such as {"type":"auto"}');
  if (body.metadata !== undefined) {
    if (!isObject(body.metadata)) refuse('metadata: must be an object');
    const extra = Object.keys(body.metadata).filter((k) => k !== 'user_id');
    if (extra.length) refuse(`metadata.${extra[0]}: extra inputs are not permitted (only user_id)`);
  }
  if (version !== '2026-10-21') return;

  for (const field of SAMPLING) {
    if (field in body && body[field] !== undefined) {
      refuse(`${field}: not supported by API version 2026-10-21 (pin apiVersion 2023-06-01 to use it)`);
    }
  }
  body.messages.forEach((m: Record<string, unknown>, i: number) => {
    if (m.role === 'assistant') {
      const j = blocksOf(m.content).findIndex((b) => b.type === 'document');
      if (j >= 0) refuse(`messages.${i}.content.${j}: document blocks are not allowed in assistant messages under API version 2026-10-21`);
    }
    if (m.role === 'user') {
      const cited = userTextBlocks(m.content).find((b) => Array.isArray(b.citations) || (b.citations !== undefined && b.citations !== null));
      if (cited) refuse(`messages.${i}: citations are not allowed in user messages under API version 2026-10-21`);
    }
  });
}
