/** `client.batches`: the Message Batches API, with results streamed as JSONL rows. */
import type { BatchCreateBody, BatchResultRow, DeletedMessageBatch, ListPage, MessageBatch, RequestOptions } from '../types';
import type { ClientCore } from '../core/clientCore';
import { withData } from './models';
import { APIConnectionError, AnthropicError } from '../errors';

const BASE = '/v1/messages/batches';

/** Options of `batches.list`. */
export interface BatchListOptions extends RequestOptions {
  limit?: number;
}

/** Message Batches API. */
export class BatchesResource {
  constructor(private readonly core: ClientCore) {}

  /**
   * Creates a batch. Never de-duplicated, and never sent twice: a connection that failed after the
   * request may have reached the server is not retried (the batch may exist; `list()` shows it).
   */
  create(body: BatchCreateBody, options: RequestOptions = {}): Promise<MessageBatch> {
    const { betas, ...wire } = body;
    return this.core.fetchJson<MessageBatch>({
      method: 'POST', path: BASE, body: wire as Record<string, unknown>, options, betas, signal: options.signal, repeatable: false,
    });
  }

  /** Status of one batch; identical calls in flight share one request. */
  retrieve(batchId: string, options: RequestOptions = {}): Promise<MessageBatch> {
    return this.core.readJson<MessageBatch>({ method: 'GET', path: `${BASE}/${encodeURIComponent(batchId)}`, options }, options.signal);
  }

  /** Every batch, following pagination; identical calls in flight share the work. */
  list(options: BatchListOptions = {}): Promise<MessageBatch[]> {
    const limit = options.limit ?? 100;
    return this.core.shared(`batches.list:${limit}:${this.core.config().baseURL}`, async () => {
      const all: MessageBatch[] = [];
      let after: string | undefined;
      const seen = new Set<string>();
      for (;;) {
        const page = await this.core.fetchJson<ListPage<MessageBatch>>({
          method: 'GET', path: BASE, query: { limit, after_id: after }, options: { ...options, signal: undefined },
        });
        all.push(...(page.data ?? []));
        const next = page.last_id ?? page.data?.[page.data.length - 1]?.id;
        if (!page.has_more || !next || seen.has(next)) return withData(all);
        seen.add(next);
        after = next;
      }
    }, options.signal);
  }

  /** Asks the API to cancel a batch. */
  cancel(batchId: string, options: RequestOptions = {}): Promise<MessageBatch> {
    return this.core.fetchJson<MessageBatch>({ method: 'POST', path: `${BASE}/${encodeURIComponent(batchId)}/cancel`, options, signal: options.signal });
  }

  /** Deletes an ended batch (the API refuses one that is still processing). */
  delete(batchId: string, options: RequestOptions = {}): Promise<DeletedMessageBatch> {
    return this.core.fetchJson<DeletedMessageBatch>({ method: 'DELETE', path: `${BASE}/${encodeURIComponent(batchId)}`, options, signal: options.signal });
  }

  /** Result rows of an ended batch, streamed line by line from its `results_url`. */
  async *results(batchId: string, options: RequestOptions = {}): AsyncGenerator<BatchResultRow> {
    yield* this.resultsOf(await this.retrieve(batchId, options), options);
  }

  /** Result rows of a batch already retrieved (no second retrieve for its `results_url`). */
  async *resultsOf(batch: MessageBatch, options: RequestOptions = {}): AsyncGenerator<BatchResultRow> {
    const path = this.resultsPath(batch, batch.id);
    const exchange = await this.core.executor.send({ method: 'GET', path, options, signal: options.signal });
    const decoder = new TextDecoder('utf-8');
    let buffer = '';
    let failed: unknown;
    try {
      for await (const chunk of exchange.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          if (line) yield parseRow(line);
        }
      }
      buffer += decoder.decode();
      if (buffer.trim()) yield parseRow(buffer.trim());
    } catch (error) {
      failed = error;
      throw error;
    } finally {
      exchange.finish(failed === undefined ? {} : { error: failed });
    }
  }

  /** The results path: `results_url` when it points at our own base URL (the key never goes elsewhere). */
  private resultsPath(batch: MessageBatch, batchId: string): string {
    const url = (batch as { results_url?: string | null }).results_url;
    const base = this.core.config().baseURL;
    if (url) {
      if (url.startsWith('/')) return url;
      if (url.startsWith(base + '/')) return url.slice(base.length);
    }
    return `${BASE}/${encodeURIComponent(batchId)}/results`;
  }
}

function parseRow(line: string): BatchResultRow {
  try {
    return JSON.parse(line) as BatchResultRow;
  } catch (error) {
    throw error instanceof AnthropicError ? error : new APIConnectionError(`Malformed JSONL row in batch results.`, { cause: error });
  }
}
