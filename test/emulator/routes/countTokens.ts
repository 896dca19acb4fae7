/** POST /v1/messages/count_tokens. */
import type { RouteContext } from '../context';
import { countInputTokens } from '../messagePlan';
import { validateCountTokensBody } from '../validation';
import { isUnknownModel } from './messages';

/** Answers `{ input_tokens }` with the same estimate the messages route reports. */
export function handleCountTokens(ctx: RouteContext): void {
  if (!ctx.state.countTokens) return ctx.reply.error(404, 'not_found_error', 'Not found');
  const checked = validateCountTokensBody(ctx.body, ctx.version);
  if (!checked.ok) return ctx.reply.error(400, 'invalid_request_error', checked.message);
  if (isUnknownModel(checked.value.model)) return ctx.reply.error(404, 'not_found_error', `model: ${checked.value.model}`);
  ctx.reply.json(200, { input_tokens: countInputTokens(checked.value) });
}
