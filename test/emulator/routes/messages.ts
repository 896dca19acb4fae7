/** POST /v1/messages: JSON or SSE, with the step's stream faults applied. */
import { readFileSync } from 'node:fs';
import type { RouteContext } from '../context';
import { defaultMessage } from '../errors';
import { planMessage, planToJson } from '../messagePlan';
import { writeSse } from '../sse';
import { planToEvents, sseEvent, splitRawEvents } from '../sseEvents';
import { validateMessagesBody } from '../validation';

/** Models that do not exist, so 404 handling can be tested. */
export function isUnknownModel(model: string): boolean {
  return model.startsWith('unknown-');
}

/** Answers a messages request. */
export async function handleMessages(ctx: RouteContext): Promise<void> {
  const { reply, state, step } = ctx;
  const checked = validateMessagesBody(ctx.body, ctx.version);
  if (!checked.ok) return reply.error(400, 'invalid_request_error', checked.message);
  const body = checked.value;
  if (isUnknownModel(body.model)) return reply.error(404, 'not_found_error', `model: ${body.model}`);

  const echoed = reply.echoedKey;
  const text = echoed !== undefined ? `${step?.text ?? 'Your key is'} ${echoed}` : step?.text;
  const plan = planMessage(body, state.nextSeq(), { text, stopReason: step?.stopReason, stopSequence: step?.stopSequence });
  const allowed = ctx.rate.check(plan.inputTokens);
  if (!allowed.ok) {
    return reply.error(429, 'rate_limit_error', `This request would exceed your ${allowed.bucket} rate limit`, {
      'retry-after': String(Math.max(1, Math.ceil(allowed.retryAfterMs / 1000))),
    });
  }
  ctx.rate.consume({ inputTokens: plan.inputTokens, outputTokens: plan.outputTokens });

  const raw = step?.sse ?? (step?.sseFile ? readFileSync(step.sseFile, 'utf8') : undefined);
  const streaming = (ctx.body as { stream?: unknown }).stream === true;
  if (!streaming && raw === undefined) return reply.json(200, planToJson(plan));

  const errorType = step?.errorType ?? 'overloaded_error';
  const errorMessage = `${step?.message ?? defaultMessage(errorType)}${echoed !== undefined ? ` (key: ${echoed})` : ''}`;
  const errorEvent = sseEvent('error', { type: 'error', error: { type: errorType, message: errorMessage } });
  reply.sseHead();
  await writeSse(reply.res, raw !== undefined ? splitRawEvents(raw) : planToEvents(plan), {
    paceMs: state.paceMs,
    step,
    errorEvent,
    onStall: (res) => state.onStall(res),
  });
}
