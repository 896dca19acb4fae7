/** Message Batches: create, list, retrieve, cancel, delete, results (JSONL). */
import type { BatchRequest } from '../batchStore';
import type { RouteContext } from '../context';
import { paginate } from '../pagination';

function parseRequests(body: unknown, maxRequests: number): BatchRequest[] | string {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests)) return 'requests: Field required';
  if (requests.length === 0) return 'requests: List should have at least 1 item';
  if (requests.length > maxRequests) return `requests: List should have at most ${maxRequests} items after validation, not ${requests.length}`;
  const seen = new Set<string>();
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i] as { custom_id?: unknown; params?: unknown } | null;
    if (typeof r?.custom_id !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(r.custom_id)) return `requests.${i}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`;
    if (seen.has(r.custom_id)) return `requests.${i}.custom_id: duplicate custom_id "${r.custom_id}"`;
    if (typeof r.params !== 'object' || r.params === null) return `requests.${i}.params: Field required`;
    seen.add(r.custom_id);
  }
  return requests as BatchRequest[];
}

/** POST /v1/messages/batches */
export function handleCreateBatch(ctx: RouteContext): void {
  const requests = parseRequests(ctx.body, ctx.state.batches.options.maxRequests);
  if (typeof requests === 'string') return ctx.reply.error(400, 'invalid_request_error', requests);
  const entry = ctx.state.batches.create(requests, ctx.version, ctx.step?.batch);
  ctx.reply.json(200, ctx.state.batches.toJson(entry, ctx.state.url));
}

/** GET /v1/messages/batches */
export function handleListBatches(ctx: RouteContext): void {
  const store = ctx.state.batches;
  const result = paginate(store.list(), ctx.query);
  if (!result.ok) return ctx.reply.error(400, 'invalid_request_error', result.message);
  ctx.reply.json(200, { ...result.page, data: result.page.data.map((e) => store.toJson(e, ctx.state.url)) });
}

/** Routes under /v1/messages/batches/{id}. */
export function handleBatchItem(ctx: RouteContext, id: string, action: string | undefined): void {
  const store = ctx.state.batches;
  const entry = store.get(id);
  if (!entry) return ctx.reply.error(404, 'not_found_error', `batch: ${id}`);
  if (ctx.method === 'GET' && action === undefined) {
    store.poll(entry);
    const retryAfter = store.retryAfterFor(entry);
    return ctx.reply.json(200, store.toJson(entry, ctx.state.url), retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) });
  }
  if (ctx.method === 'POST' && action === 'cancel') {
    store.cancel(entry);
    return ctx.reply.json(200, store.toJson(entry, ctx.state.url));
  }
  if (ctx.method === 'DELETE' && action === undefined) {
    if (!store.delete(entry)) return ctx.reply.error(400, 'invalid_request_error', `Batch ${id} cannot be deleted while it is processing`);
    return ctx.reply.json(200, { id, type: 'message_batch_deleted' });
  }
  if (ctx.method === 'GET' && action === 'results') {
    const jsonl = store.resultsJsonl(entry);
    if (jsonl === undefined) return ctx.reply.error(400, 'invalid_request_error', `Batch ${id} has not ended yet`);
    if (jsonl === null) return ctx.reply.error(404, 'not_found_error', `Results of batch ${id} are no longer available (kept for 29 days)`);
    // Large results arrive in many small writes, as over a real network.
    const cutAfterRows = ctx.step?.destroyAfterEvents;
    const destroyAt = cutAfterRows === undefined ? undefined : Buffer.byteLength(jsonl.split('\n').slice(0, cutAfterRows).map((l) => `${l}\n`).join(''));
    return ctx.reply.chunked(200, 'application/binary', jsonl, ctx.step?.chunkSize ?? store.options.resultsChunkBytes, destroyAt);
  }
  ctx.reply.error(404, 'not_found_error', 'Not found');
}
