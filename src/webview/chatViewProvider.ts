import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { ChatController } from '../chat/chatController';
import { makeNonce, panelHtml } from './html';

/** The view id contributed in package.json. */
export const CHAT_VIEW_ID = 'claudeChat.chatView';

/**
 * Hosts the chat panel. It only builds the HTML and connects the webview to the controller;
 * all decisions live in the controller. The webview may load files from dist/ and media/ only.
 */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly controller: ChatController,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [dist, media] };
    const asUri = (...p: string[]): string => view.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...p)).toString();
    const link = this.controller.attachView(view.webview);
    view.webview.html = panelHtml({
      cspSource: view.webview.cspSource,
      nonce: makeNonce((n) => randomBytes(n)),
      scriptUri: asUri('dist', 'webview.js'),
      styleUris: [asUri('dist', 'codicons', 'codicon.css'), asUri('media', 'markdown.css'), asUri('media', 'panel.css')],
    });
    const onDispose = view.onDidDispose(() => {
      link.dispose();
      onDispose.dispose();
      if (this.view === view) this.view = undefined;
    });
    this.disposables.push(link, onDispose);
  }

  /** Shows (and focuses) the panel, e.g. before a command asks something. */
  async reveal(preserveFocus = true): Promise<void> {
    if (this.view) {
      if (!this.view.visible) this.view.show(preserveFocus);
      return;
    }
    // Not resolved yet: opening the view resolves it; the command focuses it, so hand focus back.
    const editor = vscode.window.activeTextEditor;
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    if (preserveFocus && editor) await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
