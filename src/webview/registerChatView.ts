import * as vscode from 'vscode';
import type { DisposableStore } from '../base/lifecycle';
import { ChatController } from '../chat/chatController';
import type { ChatControllerDeps } from '../chat/chatController';
import { historyStoreAdapter } from '../chat/historyAdapter';
import type { HistoryStoreLike } from '../chat/historyAdapter';
import { VscodeEditorBridge } from '../editor/vscodeEditorBridge';
import { CHAT_VIEW_ID, ChatViewProvider } from './chatViewProvider';
import { panelMemento } from './panelMemento';

/** What the composition root passes in; everything else is built here. */
export interface ChatViewDeps extends Omit<ChatControllerDeps, 'store' | 'editor'> {
  /** The HistoryStore (src/history/historyStore.ts). */
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
export function registerChatViewProvider(extensionUri: vscode.Uri, disposables: DisposableStore): ChatViewProvider {
  const provider = disposables.add(new ChatViewProvider(extensionUri));
  disposables.add(vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, provider));
  return provider;
}

/**
 * Builds the chat controller and connects the panel to it; every disposable goes to
 * `disposables`. The panel is not kept alive when hidden: it restores from getState and the
 * host's reply to `panel/ready`. (The `claudeChat.busy` context key is registerCommands' job.)
 */
export function registerChatView(
  context: Pick<vscode.ExtensionContext, 'extensionUri' | 'globalState' | 'workspaceState' | 'storageUri'>,
  disposables: DisposableStore,
  deps: ChatViewDeps,
  provider = registerChatViewProvider(context.extensionUri, disposables),
): ChatViewRegistration {
  const { history, banner, ...rest } = deps;
  const editor = new VscodeEditorBridge();
  const reveal = (preserveFocus: boolean): Promise<void> => provider.reveal(preserveFocus);
  const controller = new ChatController({ ...rest, ...panelMemento(context, banner), store: historyStoreAdapter(history), editor, reveal });
  provider.connect(controller);
  disposables.add(editor);
  disposables.add(controller);
  // A palette command's answer streams into the panel: show it (without taking focus).
  disposables.add(
    controller.onDidChangeBusy((busy) => {
      if (busy) void provider.reveal(true).catch(() => undefined);
    }),
  );
  return { controller, provider };
}
