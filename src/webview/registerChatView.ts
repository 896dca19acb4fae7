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
 * Registers the chat view's provider, first thing in activation: VS Code builds the webview
 * while the rest of the extension starts (see ChatViewProvider). {@link registerChatView}
 * connects it to the controller.
 */
export function registerChatViewProvider(context: vscode.ExtensionContext): ChatViewProvider {
  const provider = new ChatViewProvider(context.extensionUri);
  context.subscriptions.push(provider, vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, provider));
  return provider;
}

/**
 * Builds the chat controller, connects the panel to it, and keeps the `claudeChat.busy` context
 * key in step; every disposable goes to `context.subscriptions`. The panel is not kept alive
 * when hidden: it restores from getState and the host's `init`.
 */
export function registerChatView(context: vscode.ExtensionContext, deps: ChatViewDeps, provider = registerChatViewProvider(context)): ChatViewRegistration {
  const { history, banner, ...rest } = deps;
  const editor = new VscodeEditorBridge();
  const controller = new ChatController({ ...rest, ...panelMemento(context, banner), store: historyStoreAdapter(history), editor });
  provider.connect(controller);
  context.subscriptions.push(
    editor,
    controller,
    controller.onDidChangeBusy((busy) => {
      void vscode.commands.executeCommand('setContext', 'claudeChat.busy', busy);
      // A palette command's answer streams into the panel: show it (without taking focus).
      if (busy) void provider.reveal(true).catch(() => undefined);
    }),
  );
  return { controller, provider };
}
