import * as vscode from 'vscode';
import { ChatController } from '../chat/chatController';
import type { ChatControllerDeps } from '../chat/chatController';
import { historyStoreAdapter } from '../chat/historyAdapter';
import type { HistoryStoreLike } from '../chat/historyAdapter';
import { VscodeEditorBridge } from '../chat/vscodeBridge';
import { CHAT_VIEW_ID, ChatViewProvider } from './chatViewProvider';
import { panelMemento } from './panelMemento';

/** What the composition root passes in; everything else is built here. */
export interface ChatViewDeps extends Omit<ChatControllerDeps, 'store' | 'editor'> {
  /** The HistoryStore (src/state/historyStore.ts). */
  readonly history: HistoryStoreLike;
}

/** What {@link registerChatView} hands back. */
export interface ChatViewRegistration {
  readonly controller: ChatController;
  readonly provider: ChatViewProvider;
}

/**
 * Builds the chat controller and the panel, registers the webview view provider and the
 * `claudeChat.busy` context key, and ties every disposable to `context.subscriptions`.
 * The panel is not kept alive when hidden: it restores from getState and the host's `init`.
 */
export function registerChatView(context: vscode.ExtensionContext, deps: ChatViewDeps): ChatViewRegistration {
  const { history, banner, ...rest } = deps;
  const editor = new VscodeEditorBridge();
  const controller = new ChatController({ ...rest, ...panelMemento(context, banner), store: historyStoreAdapter(history), editor });
  const provider = new ChatViewProvider(context.extensionUri, controller);
  context.subscriptions.push(
    editor,
    controller,
    provider,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, provider),
    controller.onDidChangeBusy((busy) => {
      void vscode.commands.executeCommand('setContext', 'claudeChat.busy', busy);
      // A palette command's answer streams into the panel: show it (without taking focus).
      if (busy) void provider.reveal(true).catch(() => undefined);
    }),
  );
  return { controller, provider };
}
