import { ANSWER_MODES, CHIP_KINDS, ERROR_KINDS, LOG_LEVELS, ROLES, TURN_STATUSES } from './chatTypes';
import type { ChipView, ConversationSummary, ConversationView, PanelState, TokenUsage, TurnEnd, TurnView } from './chatTypes';
import { budgetOverrun, budgetReading } from './parseBudget';
import type { Notice, ParseResult, ToWebview } from './protocol';
import { STOP_REASON_PATTERN } from './stopReason';
import { LIMITS, TEXT, ValidationError, arr, asObject, id, idItem, messageFields, noExtraKeys, num, oneOf, optId, optNum, optStr, readMessage, str } from './validate';
import type { Obj } from './validate';

/** Longest draft taken back from the host (the panel keeps no more in its own state either). */
const MAX_DRAFT_CHARS = 200_000;

const TOKENS = { min: 0, integer: true } as const;

/**
 * Validates a message from the host. The panel trusts the host more than the host trusts the
 * panel, but still checks shapes so a version skew shows as an error instead of a broken DOM.
 * Never throws.
 */
export function parseToWebview(raw: unknown): ParseResult<ToWebview> {
  return readMessage(raw, toWebview);
}

function usage(v: unknown, path: string): TokenUsage {
  const o = asObject(v, path);
  noExtraKeys(o, ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'], path);
  return {
    input_tokens: num(o, 'input_tokens', TOKENS, path),
    output_tokens: num(o, 'output_tokens', TOKENS, path),
    cache_creation_input_tokens: num(o, 'cache_creation_input_tokens', TOKENS, path),
    cache_read_input_tokens: num(o, 'cache_read_input_tokens', TOKENS, path),
  };
}

function chip(v: unknown, path: string): ChipView {
  const o = asObject(v, path);
  noExtraKeys(o, ['id', 'kind', 'label'], path);
  return { id: id(o, 'id', path), kind: oneOf(o, 'kind', CHIP_KINDS, path), label: str(o, 'label', { max: LIMITS.label }, path) };
}

const END_KEYS = ['id', 'status', 'model', 'usage', 'cost', 'cacheSavings', 'errorMessage', 'stopReason'] as const;

/** The fields a turn and a turn's end share; `o`'s keys were checked by the caller. */
function endFields(o: Obj, path: string): TurnEnd {
  const t: { -readonly [K in keyof TurnEnd]: TurnEnd[K] } = { id: id(o, 'id', path), status: oneOf(o, 'status', TURN_STATUSES, path) };
  const model = optStr(o, 'model', { max: LIMITS.model }, path);
  if (model !== undefined) t.model = model;
  if (o.usage !== undefined) t.usage = usage(o.usage, `${path}.usage`);
  const cost = optNum(o, 'cost', { min: 0 }, path);
  if (cost !== undefined) t.cost = cost;
  const cacheSavings = optNum(o, 'cacheSavings', { min: 0 }, path);
  if (cacheSavings !== undefined) t.cacheSavings = cacheSavings;
  const errorMessage = optStr(o, 'errorMessage', { max: LIMITS.message }, path);
  if (errorMessage !== undefined) t.errorMessage = errorMessage;
  const stopReason = optStr(o, 'stopReason', { max: 64, pattern: STOP_REASON_PATTERN }, path);
  if (stopReason !== undefined) t.stopReason = stopReason;
  return t;
}

function turnEnd(v: unknown, path: string): TurnEnd {
  const o = asObject(v, path);
  noExtraKeys(o, END_KEYS, path);
  return endFields(o, path);
}

function turn(v: unknown, path: string): TurnView {
  const o = asObject(v, path);
  noExtraKeys(o, [...END_KEYS, 'role', 'text', 'chips', 'leftOut'], path);
  const end = endFields(o, path);
  const chips = o.chips !== undefined ? arr(o, 'chips', 50, chip, path) : undefined;
  const leftOut = optNum(o, 'leftOut', { min: 1, integer: true, max: LIMITS.turns }, path);
  return {
    ...end,
    role: oneOf(o, 'role', ROLES, path),
    text: str(o, 'text', { max: LIMITS.text }, path),
    ...(chips !== undefined ? { chips } : {}),
    ...(leftOut !== undefined ? { leftOut } : {}),
  };
}

function summary(v: unknown, path: string): ConversationSummary {
  const o = asObject(v, path);
  noExtraKeys(o, ['id', 'title', 'updatedAt', 'tokens', 'cost'], path);
  const tokens = optNum(o, 'tokens', TOKENS, path);
  const cost = optNum(o, 'cost', { min: 0 }, path);
  return {
    id: id(o, 'id', path),
    title: str(o, 'title', TEXT.title, path),
    updatedAt: num(o, 'updatedAt', { min: 0 }, path),
    ...(tokens !== undefined ? { tokens } : {}),
    ...(cost !== undefined ? { cost } : {}),
  };
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

function notice(o: Obj, path: string): Notice {
  const n = asObject(o.notice, `${path}.notice`);
  noExtraKeys(n, ['message', 'level'], `${path}.notice`);
  return { message: str(n, 'message', { max: LIMITS.message }, `${path}.notice`), level: oneOf(n, 'level', LOG_LEVELS, `${path}.notice`) };
}

function withNotice<T extends object>(o: Obj, value: T): T & { notice?: Notice } {
  return o.notice === undefined ? value : { ...value, notice: notice(o, 'message') };
}

function toWebview(o: Obj): ToWebview {
  const type = o.type;
  if (typeof type !== 'string') throw new ValidationError('message.type must be a string');
  switch (type) {
    case 'panel/ready': {
      messageFields(o, 'requestId', 'state', 'notice', 'draft');
      if (o.draft !== undefined && typeof o.draft !== 'string') throw new ValidationError('message.draft must be a string');
      const draft = typeof o.draft === 'string' ? { draft: o.draft.slice(0, MAX_DRAFT_CHARS) } : {};
      return withNotice(o, { type, requestId: id(o, 'requestId'), state: panelState(o.state, 'message.state'), ...draft });
    }
    case 'conversation/new':
    case 'conversation/open':
    case 'conversation/rename':
    case 'conversation/delete':
      messageFields(o, 'requestId', 'state', 'notice');
      return withNotice(o, { type, requestId: id(o, 'requestId'), state: panelState(o.state, 'message.state') });
    case 'panel/dismissBanner':
      messageFields(o, 'requestId');
      return { type, requestId: id(o, 'requestId') };
    case 'answer/ask':
    case 'answer/regenerate':
    case 'answer/editLast':
    case 'answer/continue':
      messageFields(o, 'requestId', 'turn');
      return { type, requestId: id(o, 'requestId'), turn: turnEnd(o.turn, 'message.turn') };
    case 'editor/copy':
    case 'editor/insertCode':
    case 'editor/newFile':
    case 'editor/openLink':
      messageFields(o, 'requestId', 'notice');
      return withNotice(o, { type, requestId: id(o, 'requestId') });
    case 'model/pick':
      messageFields(o, 'requestId', 'models', 'model');
      return { type, requestId: id(o, 'requestId'), models: models(o, 'message'), model: str(o, 'model', { max: LIMITS.model }) };
    case 'model/list':
      messageFields(o, 'models', 'model');
      return { type, models: models(o, 'message'), model: str(o, 'model', { max: LIMITS.model }) };
    case 'context/attachSelection':
    case 'context/attachFile':
    case 'context/removeChip':
      messageFields(o, 'requestId', 'chips', 'notice');
      return withNotice(o, { type, requestId: id(o, 'requestId'), chips: arr(o, 'chips', 50, chip) });
    case 'conversation/state':
      messageFields(o, 'state');
      return { type, state: panelState(o.state, 'message.state') };
    case 'answer/userTurn':
      messageFields(o, 'requestId', 'turn');
      return { type, requestId: id(o, 'requestId'), turn: turn(o.turn, 'message.turn') };
    case 'answer/start':
      messageFields(o, 'requestId', 'turnId', 'mode', 'model');
      return { type, requestId: id(o, 'requestId'), turnId: id(o, 'turnId'), mode: oneOf(o, 'mode', ANSWER_MODES), model: str(o, 'model', { max: LIMITS.model }) };
    case 'answer/delta':
      messageFields(o, 'requestId', 'text');
      return { type, requestId: id(o, 'requestId'), text: str(o, 'text', { max: LIMITS.text }) };
    case 'answer/retryWait':
      messageFields(o, 'requestId', 'attempt', 'maxRetries', 'delayMs', 'until', 'reason');
      return {
        type,
        requestId: id(o, 'requestId'),
        attempt: num(o, 'attempt', { min: 0, integer: true, max: 100 }),
        maxRetries: num(o, 'maxRetries', { min: 0, integer: true, max: 100 }),
        delayMs: num(o, 'delayMs', { min: 0 }),
        until: num(o, 'until', { min: 0 }),
        reason: str(o, 'reason', { max: LIMITS.message }),
      };
    case 'answer/usage':
      messageFields(o, 'requestId', 'usage');
      return { type, requestId: id(o, 'requestId'), usage: usage(o.usage, 'message.usage') };
    case 'budget/check': {
      messageFields(o, 'requestId', 'overrun');
      const requestId = id(o, 'requestId');
      return o.overrun === undefined ? { type, requestId } : { type, requestId, overrun: budgetOverrun(o.overrun, 'message.overrun') };
    }
    case 'budget/held':
      messageFields(o, 'text', 'chipIds', 'overrun');
      return { type, text: str(o, 'text', { max: LIMITS.prompt }), chipIds: arr(o, 'chipIds', 50, idItem), overrun: budgetOverrun(o.overrun, 'message.overrun') };
    case 'budget/reading':
      messageFields(o, 'reading');
      return { type, reading: budgetReading(o.reading, 'message.reading') };
    case 'history/list':
      messageFields(o, 'items');
      return { type, items: arr(o, 'items', LIMITS.list, summary) };
    case 'context/chips':
      messageFields(o, 'chips');
      return { type, chips: arr(o, 'chips', 50, chip) };
    case 'panel/notice':
      messageFields(o, 'message', 'level');
      return { type, message: str(o, 'message', { max: LIMITS.message }), level: oneOf(o, 'level', LOG_LEVELS) };
    case 'panel/toggleHistory':
      messageFields(o);
      return { type };
    case 'request/error': {
      messageFields(o, 'requestId', 'message', 'kind');
      const requestId = optId(o, 'requestId');
      return { type, message: str(o, 'message', { max: LIMITS.message }), kind: oneOf(o, 'kind', ERROR_KINDS), ...(requestId !== undefined ? { requestId } : {}) };
    }
    default:
      throw new ValidationError(`unknown message type "${type.slice(0, 40)}"`);
  }
}
