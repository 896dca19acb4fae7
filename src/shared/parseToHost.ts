import { LOG_LEVELS } from './chatTypes';
import type { ParseResult, ToHost } from './protocol';
import { LIMITS, TEXT, ValidationError, arr, asObject, id, idItem, noExtraKeys, oneOf, optId, optNum, optStr, str } from './validate';
import type { Obj } from './validate';

const LANGUAGE = { max: 64, pattern: /^[A-Za-z0-9_+#.-]*$/ } as const;

/**
 * Validates a message from the webview. Unknown types, missing or extra fields, wrong types
 * and oversize strings give `{ ok: false, error }`; this function never throws.
 */
export function parseToHost(raw: unknown): ParseResult<ToHost> {
  try {
    return { ok: true, message: toHost(asObject(raw, 'message')) };
  } catch (e) {
    return { ok: false, error: e instanceof ValidationError ? e.message : 'message could not be read' };
  }
}

function fields(o: Obj, ...keys: string[]): void {
  noExtraKeys(o, ['type', ...keys]);
}

function toHost(o: Obj): ToHost {
  const type = o.type;
  if (typeof type !== 'string') throw new ValidationError('message.type must be a string');
  switch (type) {
    case 'ready': {
      fields(o, 'conversationId', 'loadedMs');
      const conversationId = optId(o, 'conversationId');
      const loadedMs = optNum(o, 'loadedMs', { min: 0, max: 3_600_000 });
      return { type, ...(conversationId !== undefined ? { conversationId } : {}), ...(loadedMs !== undefined ? { loadedMs } : {}) };
    }
    case 'newChat':
    case 'attachSelection':
    case 'attachFile':
    case 'dismissBanner':
      fields(o);
      return { type };
    case 'send':
      fields(o, 'requestId', 'text', 'chipIds');
      return {
        type,
        requestId: id(o, 'requestId'),
        text: str(o, 'text', TEXT.prompt),
        chipIds: arr(o, 'chipIds', 50, idItem),
      };
    case 'stop':
    case 'retryNow':
    case 'regenerate':
    case 'continue':
      fields(o, 'requestId');
      return { type, requestId: id(o, 'requestId') };
    case 'editLast':
      fields(o, 'requestId', 'text');
      return { type, requestId: id(o, 'requestId'), text: str(o, 'text', TEXT.prompt) };
    case 'copy':
      fields(o, 'text');
      return { type, text: str(o, 'text', { max: LIMITS.text }) };
    case 'insertCode':
    case 'newFile': {
      fields(o, 'code', 'language');
      const language = optStr(o, 'language', LANGUAGE);
      const code = str(o, 'code', { max: LIMITS.code });
      return language === undefined ? { type, code } : { type, code, language };
    }
    case 'openLink':
      fields(o, 'href');
      return { type, href: str(o, 'href', TEXT.href) };
    case 'switchConversation':
    case 'deleteConversation':
      fields(o, 'conversationId');
      return { type, conversationId: id(o, 'conversationId') };
    case 'renameConversation':
      fields(o, 'conversationId', 'title');
      return { type, conversationId: id(o, 'conversationId'), title: str(o, 'title', { ...TEXT.title, min: 1 }).trim() || 'Untitled' };
    case 'pickModel':
      fields(o, 'model');
      return { type, model: str(o, 'model', { max: LIMITS.model, min: 1, pattern: /^[A-Za-z0-9_.:@/-]+$/ }) };
    case 'removeChip':
      fields(o, 'chipId');
      return { type, chipId: id(o, 'chipId') };
    case 'log':
      fields(o, 'level', 'message');
      return { type, level: oneOf(o, 'level', LOG_LEVELS), message: str(o, 'message', { max: LIMITS.message }) };
    default:
      throw new ValidationError(`unknown message type "${type.slice(0, 40)}"`);
  }
}
