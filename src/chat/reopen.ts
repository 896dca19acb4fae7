import type { ChatLogger, ConversationStore, ChatConversation } from './types';

/** Where the id of the conversation to reopen after a reload came from. */
export type ReopenSource = 'view' | 'workspace';

/**
 * The conversation to show when the panel first says `ready` in this extension host (a window
 * reload, or the first open): the one the host recorded as shown in this workspace (a file in its
 * storage folder, see panelMemento.ts), else the one the panel's view state names. The host's record comes first because code-server was seen to
 * restore a webview state older than the last one (a conversation switched to a second before
 * the reload came back as the one before). A named conversation that is not stored was a new,
 * empty chat: that is what is shown again (undefined), never some other conversation.
 */
export async function reopenConversation(
  store: ConversationStore,
  viewId: string | undefined,
  workspaceId: string | undefined,
  logger: ChatLogger,
): Promise<{ conversation: ChatConversation; from: ReopenSource } | undefined> {
  const id = workspaceId ?? viewId;
  if (id === undefined) return undefined;
  try {
    const loaded = await store.load(id);
    return loaded ? { conversation: settleStreaming(loaded), from: workspaceId !== undefined ? 'workspace' : 'view' } : undefined;
  } catch (e) {
    logger.warn(`Could not reopen the last conversation: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

/** A turn saved mid-stream (crash, reload) is no longer streaming: show it as partial. */
export function settleStreaming(c: ChatConversation): ChatConversation {
  return { ...c, turns: c.turns.map((t) => (t.status === 'streaming' ? { ...t, status: t.text ? 'partial' : 'error' } : t)) };
}
