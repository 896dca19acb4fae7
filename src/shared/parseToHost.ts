import { LOG_LEVELS } from './chatTypes';
import { draftFields, omitTurnIds } from './parseBudget';
import type { ParseResult, ToHost } from './protocol';
import { LIMITS, TEXT, ValidationError, arr, id, idItem, messageFields, oneOf, optId, optNum, optStr, readMessage, str } from './validate';
import type { Obj } from './validate';

const LANGUAGE = { max: 64, pattern: /^[A-Za-z0-9_+#.-]*$/ } as const;

/**
 * Validates a message from the webview. Unknown types, missing or extra fields, wrong types
 * and oversize strings give `{ ok: false, error }`; this function never throws.
 */
export function parseToHost(raw: unknown): ParseResult<ToHost> {
  return readMessage(raw, toHost);
}

function request(o: Obj, ...keys: string[]): string {
  messageFields(o, 'requestId', ...keys);
  return id(o, 'requestId');
}

function toHost(o: Obj): ToHost {
  const type = o.type;
  if (typeof type !== 'string') throw new ValidationError('message.type must be a string');
  switch (type) {
    case 'panel/ready': {
      const requestId = request(o, 'conversationId', 'loadedMs');
      const conversationId = optId(o, 'conversationId');
      const loadedMs = optNum(o, 'loadedMs', { min: 0, max: 3_600_000 });
      return { type, requestId, ...(conversationId !== undefined ? { conversationId } : {}), ...(loadedMs !== undefined ? { loadedMs } : {}) };
    }
    case 'panel/dismissBanner':
    case 'answer/regenerate':
    case 'answer/continue':
    case 'conversation/new':
    case 'context/attachSelection':
    case 'context/attachFile':
      return { type, requestId: request(o) };
    case 'panel/log':
      messageFields(o, 'level', 'message');
      return { type, level: oneOf(o, 'level', LOG_LEVELS), message: str(o, 'message', { max: LIMITS.message }) };
    case 'answer/ask':
      return { type, requestId: request(o, 'text', 'chipIds', 'omitTurnIds'), text: str(o, 'text', TEXT.prompt), chipIds: arr(o, 'chipIds', 50, idItem), ...omitTurnIds(o) };
    case 'answer/editLast':
      return { type, requestId: request(o, 'text', 'omitTurnIds'), text: str(o, 'text', TEXT.prompt), ...omitTurnIds(o) };
    case 'composer/draft':
      messageFields(o, 'text', 'chipIds', 'editing');
      return { type, ...draftFields(o) };
    case 'budget/check':
      return { type, requestId: request(o, 'text', 'chipIds', 'editing', 'omitTurnIds'), ...draftFields(o), ...omitTurnIds(o) };
    case 'answer/stop':
    case 'answer/retryNow':
      messageFields(o, 'answerId');
      return { type, answerId: id(o, 'answerId') };
    case 'editor/copy':
      return { type, requestId: request(o, 'text'), text: str(o, 'text', { max: LIMITS.text }) };
    case 'editor/insertCode':
    case 'editor/newFile': {
      const requestId = request(o, 'code', 'language');
      const language = optStr(o, 'language', LANGUAGE);
      const code = str(o, 'code', { max: LIMITS.code });
      return language === undefined ? { type, requestId, code } : { type, requestId, code, language };
    }
    case 'editor/openLink':
      return { type, requestId: request(o, 'href'), href: str(o, 'href', TEXT.href) };
    case 'conversation/open':
    case 'conversation/delete':
      return { type, requestId: request(o, 'conversationId'), conversationId: id(o, 'conversationId') };
    case 'conversation/rename':
      return {
        type,
        requestId: request(o, 'conversationId', 'title'),
        conversationId: id(o, 'conversationId'),
        title: str(o, 'title', { ...TEXT.title, min: 1 }).trim() || 'Untitled',
      };
    case 'model/pick':
      return { type, requestId: request(o, 'model'), model: str(o, 'model', { max: LIMITS.model, min: 1, pattern: /^[A-Za-z0-9_.:@/-]+$/ }) };
    case 'context/removeChip':
      return { type, requestId: request(o, 'chipId'), chipId: id(o, 'chipId') };
    default:
      throw new ValidationError(`unknown message type "${type.slice(0, 40)}"`);
  }
}
