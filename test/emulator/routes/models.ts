/** GET /v1/models (paginated) and GET /v1/models/{id}. */
import type { RouteContext } from '../context';
import { paginate } from '../pagination';

/** Lists models a page at a time. */
export function handleListModels(ctx: RouteContext): void {
  const result = paginate(ctx.state.models, ctx.query);
  if (!result.ok) return ctx.reply.error(400, 'invalid_request_error', result.message);
  ctx.reply.json(200, result.page);
}

/** One model, or 404. */
export function handleGetModel(ctx: RouteContext, id: string): void {
  const model = ctx.state.models.find((m) => m.id === id);
  if (!model) return ctx.reply.error(404, 'not_found_error', `model: ${id}`);
  ctx.reply.json(200, model);
}
