/**
 * How a batch item that did not succeed fails: `errored` with the typed error its body names (the
 * same classes `messages.create` throws), `canceled` and `expired` with errors of their own.
 */
import type { MessageBatchIndividualResponse } from '../types';
import type { ErrorInit } from '../errors';
import { AnthropicError, errorFromTypedBody } from '../errors';

/** Where an item was: its batch and custom id. */
export interface BatchItemRef {
  readonly batchId: string;
  readonly customId: string;
}

/** An item of a batch that ended without being processed: names its batch and custom id. */
export class BatchItemError extends AnthropicError {
  readonly batchId: string;
  readonly customId: string;

  constructor(message: string, init: ErrorInit & BatchItemRef) {
    super(message, init);
    this.batchId = init.batchId;
    this.customId = init.customId;
  }
}

/** The batch was canceled before this item was processed. Nothing was billed for it. */
export class BatchCanceledError extends BatchItemError {
  static override readonly defaultType: string = 'batch_canceled';
}

/** The batch reached its 24-hour limit before this item was processed. Nothing was billed for it. */
export class BatchExpiredError extends BatchItemError {
  static override readonly defaultType: string = 'batch_expired';
}

// The minifier renames classes in the extension bundle; `error.name` must read the same there.
for (const [name, cls] of Object.entries({ BatchItemError, BatchCanceledError, BatchExpiredError })) Object.defineProperty(cls, 'name', { value: name });

/** The error an item that did not succeed rejects with. */
export function errorOfResult(result: Exclude<MessageBatchIndividualResponse['result'], { type: 'succeeded' }>, ref: BatchItemRef): AnthropicError {
  const where = `in batch ${ref.batchId} (custom_id ${ref.customId})`;
  switch (result.type) {
    case 'errored': {
      const requestId = (result.error as { request_id?: unknown } | undefined)?.request_id;
      return errorFromTypedBody(result.error, where, 'the request errored', { requestId: typeof requestId === 'string' ? requestId : undefined });
    }
    case 'canceled':
      return new BatchCanceledError(`Canceled ${where}: the batch was canceled before this request was processed.`, ref);
    case 'expired':
      return new BatchExpiredError(`Expired ${where}: the batch ended (24 hours) before this request was processed.`, ref);
  }
}
