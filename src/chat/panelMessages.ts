import { assertNever } from '../base/assertNever';
import { parseToHost } from '../shared/parseToHost';
import type { LogLevel } from '../shared/chatTypes';
import type { ToHost, ToWebview } from '../shared/protocol';
import type { PanelDraft } from './chatBudget';
import type { EditorAction } from './editorActions';
import type { ChatLogger } from './types';

/**
 * The typed methods the panel's messages reach (ChatController's; the palette commands call the
 * same ones). A method given a request's id replies to that request.
 */
export interface PanelMessageTarget {
  ready(requestId: string, conversationId?: string, loadedMs?: number): Promise<void>;
  dismissBanner(requestId: string): Promise<void>;
  log(level: LogLevel, message: string): void;
  ask(prompt: string, options: { readonly requestId: string; readonly chipIds: readonly string[]; readonly omitTurnIds?: readonly string[] }): Promise<unknown>;
  regenerate(requestId: string): Promise<unknown>;
  editLast(text: string, requestId: string, omitTurnIds?: readonly string[]): Promise<unknown>;
  draftChanged(draft: PanelDraft): void;
  checkBudget(requestId: string, draft: PanelDraft): Promise<void>;
  continueAnswer(requestId: string): Promise<unknown>;
  stop(requestId: string): void;
  retryNow(requestId: string): void;
  editorAction(requestId: string, action: EditorAction): Promise<void>;
  newChat(requestId: string): Promise<void>;
  open(id: string, requestId: string): Promise<unknown>;
  rename(id: string, title: string, requestId: string): Promise<void>;
  delete(id: string, requestId: string): Promise<void>;
  pickModel(model: string, requestId: string): Promise<void>;
  attachContext(requestId: string, what: 'context/attachSelection' | 'context/attachFile' | { readonly remove: string }): void;
}

/** A request id from a message that did not parse, when it has a sane one (so the panel can match the reply). */
function requestIdOf(raw: unknown): string | undefined {
  const requestId = typeof raw === 'object' && raw !== null ? (raw as { requestId?: unknown }).requestId : undefined;
  return typeof requestId === 'string' && /^[A-Za-z0-9_.:-]{1,128}$/.test(requestId) ? requestId : undefined;
}

/**
 * The panel's messages to the controller's typed methods. A message that does not parse, or a
 * request whose method fails, gets `request/error` as its one reply (the failure is logged);
 * this function never throws.
 */
export async function handlePanelMessage(raw: unknown, chat: PanelMessageTarget, logger: ChatLogger, post: (m: ToWebview) => void): Promise<void> {
  const parsed = parseToHost(raw);
  if (!parsed.ok) {
    logger.warn(`Ignored an invalid message from the chat panel: ${parsed.error}`);
    const requestId = requestIdOf(raw);
    post({ type: 'request/error', kind: 'protocol', message: `Invalid message: ${parsed.error}`, ...(requestId ? { requestId } : {}) });
    return;
  }
  const m = parsed.message;
  try {
    await dispatch(m, chat);
  } catch (e) {
    logger.error(`Chat panel message "${m.type}" failed: ${e instanceof Error ? e.message : String(e)}`);
    const requestId = 'requestId' in m ? m.requestId : undefined;
    post({ type: 'request/error', kind: 'unknown', message: 'That did not work; the details are in the log (Claude: Open Log).', ...(requestId ? { requestId } : {}) });
  }
}

async function dispatch(m: ToHost, chat: PanelMessageTarget): Promise<void> {
  switch (m.type) {
    case 'panel/ready':
      return chat.ready(m.requestId, m.conversationId, m.loadedMs);
    case 'panel/dismissBanner':
      return chat.dismissBanner(m.requestId);
    case 'panel/log':
      return chat.log(m.level, m.message);
    case 'answer/ask':
      await chat.ask(m.text, { requestId: m.requestId, chipIds: m.chipIds, ...(m.omitTurnIds ? { omitTurnIds: m.omitTurnIds } : {}) });
      return;
    case 'answer/regenerate':
      await chat.regenerate(m.requestId);
      return;
    case 'answer/editLast':
      await chat.editLast(m.text, m.requestId, m.omitTurnIds);
      return;
    case 'composer/draft':
      return chat.draftChanged(m);
    case 'budget/check':
      return chat.checkBudget(m.requestId, m);
    case 'answer/continue':
      await chat.continueAnswer(m.requestId);
      return;
    case 'answer/stop':
      return chat.stop(m.answerId);
    case 'answer/retryNow':
      return chat.retryNow(m.answerId);
    case 'editor/copy':
    case 'editor/insertCode':
    case 'editor/newFile':
    case 'editor/openLink':
      return chat.editorAction(m.requestId, m);
    case 'conversation/new':
      return chat.newChat(m.requestId);
    case 'conversation/open':
      await chat.open(m.conversationId, m.requestId);
      return;
    case 'conversation/rename':
      return chat.rename(m.conversationId, m.title, m.requestId);
    case 'conversation/delete':
      return chat.delete(m.conversationId, m.requestId);
    case 'model/pick':
      return chat.pickModel(m.model, m.requestId);
    case 'context/attachSelection':
    case 'context/attachFile':
      return chat.attachContext(m.requestId, m.type);
    case 'context/removeChip':
      return chat.attachContext(m.requestId, { remove: m.chipId });
    default:
      assertNever(m, 'panel message');
  }
}
