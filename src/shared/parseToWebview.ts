import { ANSWER_MODES, CHIP_KINDS, ERROR_KINDS, LOG_LEVELS, ROLES, TURN_STATUSES } from './chatTypes';
import type { ChipView, ConversationSummary, ConversationView, PanelState, TurnView, UsageView } from './chatTypes';
import type { ParseResult, ToWebview } from './protocol';
import { STOP_REASON_PATTERN } from './stopReason';
import { LIMITS, TEXT, ValidationError, arr, asObject, bool, id, noExtraKeys, num, oneOf, optId, optNum, optStr, str } from './validate';
import type { Obj } from './validate';

const TOKENS = { min: 0, integer: true } as const;

/**
 * Validates a message from the host. The panel trusts the host more than the host trusts the
 * panel, but still checks shapes so a version skew shows as an error instead of a broken DOM.
 * Never throws.
 */
export function parseToWebview(raw: unknown): ParseResult<ToWebview> {
  try {
    return { ok: true, message: toWebview(asObject(raw, 'message')) };
  } catch (e) {
    return { ok: false, error: e instanceof ValidationError ? e.message : 'message could not be read' };
  }
}

function fields(o: Obj, ...keys: string[]): void {
  noExtraKeys(o, ['type', ...keys]);
}

function usage(v: unknown, path: string): UsageView {
  const o = asObject(v, path);
  noExtraKeys(o, ['inputTokens', 'outputTokens', 'cacheCreationInputTokens', 'cacheReadInputTokens'], path);
  return {
    inputTokens: num(o, 'inputTokens', TOKENS, path),
    outputTokens: num(o, 'outputTokens', TOKENS, path),
    cacheCreationInputTokens: num(o, 'cacheCreationInputTokens', TOKENS, path),
    cacheReadInputTokens: num(o, 'cacheReadInputTokens', TOKENS, path),
  };
}

function chip(v: unknown, path: string): ChipView {
  const o = asObject(v, path);
  noExtraKeys(o, ['id', 'kind', 'label'], path);
  return { id: id(o, 'id', path), kind: oneOf(o, 'kind', CHIP_KINDS, path), label: str(o, 'label', { max: LIMITS.label }, path) };
}

function turn(v: unknown, path: string): TurnView {
  const o = asObject(v, path);
  noExtraKeys(o, ['id', 'role', 'text', 'status', 'model', 'usage', 'cost', 'chips', 'errorMessage', 'stopReason'], path);
  const t: { -readonly [K in keyof TurnView]: TurnView[K] } = {
    id: id(o, 'id', path),
    role: oneOf(o, 'role', ROLES, path),
    text: str(o, 'text', { max: LIMITS.text }, path),
    status: oneOf(o, 'status', TURN_STATUSES, path),
  };
  const model = optStr(o, 'model', { max: LIMITS.model }, path);
  if (model !== undefined) t.model = model;
  if (o.usage !== undefined) t.usage = usage(o.usage, `${path}.usage`);
  const cost = optNum(o, 'cost', { min: 0 }, path);
  if (cost !== undefined) t.cost = cost;
  if (o.chips !== undefined) t.chips = arr(o, 'chips', 50, chip, path);
  const errorMessage = optStr(o, 'errorMessage', { max: LIMITS.message }, path);
  if (errorMessage !== undefined) t.errorMessage = errorMessage;
  const stopReason = optStr(o, 'stopReason', { max: 64, pattern: STOP_REASON_PATTERN }, path);
  if (stopReason !== undefined) t.stopReason = stopReason;
  return t;
}

function summary(v: unknown, path: string): ConversationSummary {
  const o = asObject(v, path);
  noExtraKeys(o, ['id', 'title', 'updatedAt'], path);
  return { id: id(o, 'id', path), title: str(o, 'title', TEXT.title, path), updatedAt: num(o, 'updatedAt', { min: 0 }, path) };
}

function conversation(v: unknown, path: string): ConversationView {
  const o = asObject(v, path);
  noExtraKeys(o, ['id', 'title', 'turns'], path);
  return { id: id(o, 'id', path), title: str(o, 'title', TEXT.title, path), turns: arr(o, 'turns', LIMITS.turns, turn, path) };
}

function models(o: Obj, path: string): string[] {
  return arr(o, 'models', LIMITS.list, (v, p) => {
    if (typeof v !== 'string' || v.length === 0 || v.length > LIMITS.model) throw new ValidationError(`${p} must be a model id`);
    return v;
  }, path);
}

function panelState(v: unknown, path: string): PanelState {
  const o = asObject(v, path);
  noExtraKeys(o, ['conversation', 'history', 'models', 'model', 'chips', 'busyRequestId', 'banner'], path);
  const s: { -readonly [K in keyof PanelState]: PanelState[K] } = {
    conversation: conversation(o.conversation, `${path}.conversation`),
    history: arr(o, 'history', LIMITS.list, summary, path),
    models: models(o, path),
    model: str(o, 'model', { max: LIMITS.model }, path),
    chips: arr(o, 'chips', 50, chip, path),
  };
  const busy = optId(o, 'busyRequestId', path);
  if (busy !== undefined) s.busyRequestId = busy;
  const banner = optStr(o, 'banner', { max: LIMITS.message }, path);
  if (banner !== undefined) s.banner = banner;
  return s;
}

function toWebview(o: Obj): ToWebview {
  const type = o.type;
  if (typeof type !== 'string') throw new ValidationError('message.type must be a string');
  switch (type) {
    case 'init':
    case 'state':
      fields(o, 'state');
      return { type, state: panelState(o.state, 'message.state') };
    case 'userMessage':
      fields(o, 'requestId', 'turn');
      return { type, requestId: id(o, 'requestId'), turn: turn(o.turn, 'message.turn') };
    case 'answerStart':
      fields(o, 'requestId', 'turnId', 'mode', 'model');
      return { type, requestId: id(o, 'requestId'), turnId: id(o, 'turnId'), mode: oneOf(o, 'mode', ANSWER_MODES), model: str(o, 'model', { max: LIMITS.model }) };
    case 'delta':
      fields(o, 'requestId', 'text');
      return { type, requestId: id(o, 'requestId'), text: str(o, 'text', { max: LIMITS.text }) };
    case 'retryWait':
      fields(o, 'requestId', 'attempt', 'maxRetries', 'delayMs', 'until', 'reason');
      return {
        type,
        requestId: id(o, 'requestId'),
        attempt: num(o, 'attempt', { min: 0, integer: true, max: 100 }),
        maxRetries: num(o, 'maxRetries', { min: 0, integer: true, max: 100 }),
        delayMs: num(o, 'delayMs', { min: 0 }),
        until: num(o, 'until', { min: 0 }),
        reason: str(o, 'reason', { max: LIMITS.message }),
      };
    case 'usage':
      fields(o, 'requestId', 'usage');
      return { type, requestId: id(o, 'requestId'), usage: usage(o.usage, 'message.usage') };
    case 'done': {
      fields(o, 'requestId', 'turn', 'usage', 'cost');
      const cost = optNum(o, 'cost', { min: 0 });
      const base = { type, requestId: id(o, 'requestId'), turn: turn(o.turn, 'message.turn') } as const;
      return {
        ...base,
        ...(o.usage !== undefined ? { usage: usage(o.usage, 'message.usage') } : {}),
        ...(cost !== undefined ? { cost } : {}),
      };
    }
    case 'error': {
      fields(o, 'requestId', 'message', 'kind', 'partial', 'turnId');
      const requestId = optId(o, 'requestId');
      const turnId = optId(o, 'turnId');
      if (o.partial !== undefined && bool(o, 'partial') !== true) throw new ValidationError('message.partial must be true when present');
      return {
        type,
        message: str(o, 'message', { max: LIMITS.message }),
        kind: oneOf(o, 'kind', ERROR_KINDS),
        ...(requestId !== undefined ? { requestId } : {}),
        ...(turnId !== undefined ? { turnId } : {}),
        ...(o.partial === true ? { partial: true as const } : {}),
      };
    }
    case 'history':
      fields(o, 'items');
      return { type, items: arr(o, 'items', LIMITS.list, summary) };
    case 'chips':
      fields(o, 'chips');
      return { type, chips: arr(o, 'chips', 50, chip) };
    case 'busy': {
      fields(o, 'requestId');
      const requestId = optId(o, 'requestId');
      return requestId === undefined ? { type } : { type, requestId };
    }
    case 'models':
      fields(o, 'models', 'model');
      return { type, models: models(o, 'message'), model: str(o, 'model', { max: LIMITS.model }) };
    case 'toggleHistory':
      fields(o);
      return { type };
    case 'notice':
      fields(o, 'message', 'level');
      return { type, message: str(o, 'message', { max: LIMITS.message }), level: oneOf(o, 'level', LOG_LEVELS) };
    default:
      throw new ValidationError(`unknown message type "${type.slice(0, 40)}"`);
  }
}
