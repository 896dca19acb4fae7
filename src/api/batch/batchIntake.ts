/**
 * The local checks an item passes before it may join a batch: a valid, unused `custom_id`, params
 * the API would accept (the same checks as `messages.create`), no streaming, no per-item betas, and
 * a size that fits in one batch. A refused item fails alone; nothing is sent for it.
 */
import type { ApiVersion, MessageCreateBody } from '../types';
import { BadRequestError, RequestTooLargeError } from '../errors';
import { validateBody } from '../validate';
import { BODY_OVERHEAD_BYTES, itemBytes } from './batchQueue';
import { CUSTOM_ID_PATTERN } from './types';

/** An accepted item's wire form. */
export interface AcceptedItem {
  json: string;
  bytes: number;
}

function refuse(message: string): BadRequestError {
  return new BadRequestError(`400 invalid_request_error: ${message} (refused locally, nothing was sent)`, {
    status: 400,
    type: 'invalid_request_error',
    error: { type: 'error', error: { type: 'invalid_request_error', message } },
  });
}

/** Throws the refusal of a custom id that does not match the API's pattern. */
export function checkCustomId(customId: string): void {
  if (typeof customId !== 'string' || !CUSTOM_ID_PATTERN.test(customId)) {
    throw refuse(`custom_id ${JSON.stringify(String(customId)).slice(0, 80)} must match ^[a-zA-Z0-9_-]{1,64}$`);
  }
}

/** Checks an item and serializes its params once; throws the typed refusal. */
export function acceptItem(
  params: MessageCreateBody,
  customId: string,
  queued: (customId: string) => boolean,
  version: ApiVersion,
  maxBatchBytes: number,
): AcceptedItem {
  checkCustomId(customId);
  if (queued(customId)) throw refuse(`custom_id "${customId}" is already queued for this batch (custom ids are unique within a batch)`);
  validateBody(params, version, { requireMaxTokens: true });
  if (params.stream === true) throw refuse('stream: batch requests cannot stream (each result arrives whole)');
  if (params.betas !== undefined) throw refuse('betas: a batch shares one anthropic-beta header; set betas on the client');
  const json = JSON.stringify(params);
  const bytes = itemBytes(customId, json);
  if (bytes + BODY_OVERHEAD_BYTES > maxBatchBytes) {
    const message = `request of ${bytes} bytes does not fit in a batch of at most ${maxBatchBytes} bytes`;
    throw new RequestTooLargeError(`413 request_too_large: ${message} (refused locally, nothing was sent)`, {
      status: 413,
      type: 'request_too_large',
      error: { type: 'error', error: { type: 'request_too_large', message } },
    });
  }
  return { json, bytes };
}
