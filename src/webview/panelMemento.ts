import type * as vscode from 'vscode';
import type { ChatControllerDeps } from '../chat/controllerDeps';

/** Storage keys the chat panel writes (global: the banner; per workspace: the open conversation). */
export type PanelStateKey = 'claudeChat.emulatorBannerDismissed' | 'claudeChat.openConversation';

const BANNER_DISMISSED: PanelStateKey = 'claudeChat.emulatorBannerDismissed';
const OPEN_CONVERSATION: PanelStateKey = 'claudeChat.openConversation';

/**
 * What the panel remembers on the host: that the user closed the banner (for every window), and
 * which conversation was shown in this workspace (reopened after a reload when the panel's own
 * view state is gone).
 */
export function panelMemento(
  context: Pick<vscode.ExtensionContext, 'globalState' | 'workspaceState'>,
  banner: (() => string | undefined) | undefined,
): Pick<ChatControllerDeps, 'banner' | 'dismissBanner' | 'rememberConversation' | 'lastConversation'> {
  return {
    banner: () => (context.globalState.get<boolean>(BANNER_DISMISSED) ? undefined : banner?.()),
    dismissBanner: () => context.globalState.update(BANNER_DISMISSED, true),
    rememberConversation: (id) => (context.workspaceState.get<string>(OPEN_CONVERSATION) === id ? undefined : context.workspaceState.update(OPEN_CONVERSATION, id)),
    lastConversation: () => context.workspaceState.get<string>(OPEN_CONVERSATION),
  };
}
