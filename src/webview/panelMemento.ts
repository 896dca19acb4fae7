import { promises as fs } from 'fs';
import * as path from 'path';
import type * as vscode from 'vscode';
import type { ChatControllerDeps } from '../chat/controllerDeps';
import { atomicWriteFile } from '../history/atomicWrite';

/** Storage keys the chat panel writes (global: the banner; per workspace: the open conversation). */
export type PanelStateKey = 'claudeChat.emulatorBannerDismissed' | 'claudeChat.openConversation' | 'claudeChat.composerDraft';

const BANNER_DISMISSED: PanelStateKey = 'claudeChat.emulatorBannerDismissed';
const OPEN_CONVERSATION: PanelStateKey = 'claudeChat.openConversation';
/** File in the workspace's storage folder naming the conversation shown. */
const OPEN_CONVERSATION_FILE = 'open-conversation';
const DRAFT: PanelStateKey = 'claudeChat.composerDraft';
/** File in the workspace's storage folder holding the composer's text. */
const DRAFT_FILE = 'composer-draft.json';
const ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * What the panel remembers on the host: that the user closed the banner (for every window), and
 * which conversation was shown in this workspace (reopened after a reload). The latter is a file
 * in the workspace's storage folder, written at once: a workspaceState value set a second before
 * a reload of code-server's page was sometimes lost with the page. Without a storage folder (no
 * workspace open) workspaceState it is.
 */
export function panelMemento(
  context: Pick<vscode.ExtensionContext, 'globalState' | 'workspaceState' | 'storageUri'>,
  banner: (() => string | undefined) | undefined,
): Pick<ChatControllerDeps, 'banner' | 'dismissBanner' | 'rememberConversation' | 'lastConversation' | 'rememberDraft' | 'lastDraft'> {
  const file = context.storageUri ? path.join(context.storageUri.fsPath, OPEN_CONVERSATION_FILE) : undefined;
  let remembered: string | undefined;
  // Writes in order: two quick switches must not land the older id last.
  let writes: Promise<void> = Promise.resolve();
  return {
    banner: () => (context.globalState.get<boolean>(BANNER_DISMISSED) ? undefined : banner?.()),
    dismissBanner: () => context.globalState.update(BANNER_DISMISSED, true),
    rememberConversation: (id) => {
      if (id === remembered) return undefined;
      remembered = id;
      if (!file) return context.workspaceState.update(OPEN_CONVERSATION, id);
      writes = writes
        .then(async () => {
          await fs.mkdir(path.dirname(file), { recursive: true });
          await atomicWriteFile(file, id);
        })
        .catch(() => undefined);
      return writes;
    },
    ...draftMemento(context, context.storageUri ? path.join(context.storageUri.fsPath, DRAFT_FILE) : undefined),
    lastConversation: async () => {
      if (!file) return context.workspaceState.get<string>(OPEN_CONVERSATION);
      const id = await fs.readFile(file, 'utf8').then((t) => t.trim(), () => undefined);
      return id !== undefined && ID.test(id) ? id : undefined;
    },
  };
}

/**
 * The composer's text, kept on the host as the panel reports each change: a reload of code-server's
 * page can restore a webview state up to a minute old, and an unsent draft must not go back with
 * it. Writes are coalesced (one in flight, then only the newest text), each one atomic.
 */
function draftMemento(
  context: Pick<vscode.ExtensionContext, 'workspaceState'>,
  file: string | undefined,
): Pick<ChatControllerDeps, 'rememberDraft' | 'lastDraft'> {
  let kept: string | undefined;
  let next: string | undefined;
  let writing: Promise<void> | undefined;
  const drain = async (target: string): Promise<void> => {
    await fs.mkdir(path.dirname(target), { recursive: true });
    while (next !== undefined) {
      const text = next;
      next = undefined;
      await atomicWriteFile(target, JSON.stringify({ draft: text }));
    }
  };
  return {
    rememberDraft: (text) => {
      if (text === kept) return undefined;
      kept = text;
      if (!file) return context.workspaceState.update(DRAFT, text);
      next = text;
      writing ??= drain(file).catch(() => undefined).finally(() => (writing = undefined));
      return writing;
    },
    lastDraft: async () => {
      if (!file) return context.workspaceState.get<string>(DRAFT);
      const raw = await fs.readFile(file, 'utf8').catch(() => undefined);
      if (raw === undefined) return undefined;
      try {
        const draft = (JSON.parse(raw) as { draft?: unknown }).draft;
        return typeof draft === 'string' ? draft : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
