/** The route table of the public API surface. */
import type { RouteContext } from '../context';
import { handleBatchItem, handleCreateBatch, handleListBatches } from './batches';
import { handleCountTokens } from './countTokens';
import { handleMessages } from './messages';
import { handleGetModel, handleListModels } from './models';

/** Dispatches a request to its handler; unknown routes get the API's 404 body. */
export async function route(ctx: RouteContext): Promise<void> {
  const { method, path } = ctx;
  if (method === 'POST' && path === '/v1/messages') return handleMessages(ctx);
  if (method === 'POST' && path === '/v1/messages/count_tokens') return handleCountTokens(ctx);
  if (method === 'GET' && path === '/v1/models') return handleListModels(ctx);
  const model = /^\/v1\/models\/([^/]+)$/.exec(path);
  if (method === 'GET' && model) return handleGetModel(ctx, decodeURIComponent(model[1]));
  if (path === '/v1/messages/batches') {
    if (method === 'POST') return handleCreateBatch(ctx);
    if (method === 'GET') return handleListBatches(ctx);
  }
  const batch = /^\/v1\/messages\/batches\/([^/]+)(?:\/(cancel|results))?$/.exec(path);
  if (batch) return handleBatchItem(ctx, decodeURIComponent(batch[1]), batch[2]);
  ctx.reply.error(404, 'not_found_error', 'Not found');
}
