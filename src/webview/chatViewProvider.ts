import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { DisposableStore, MutableDisposable } from '../base/lifecycle';
import type { ChatController } from '../chat/chatController';
import type { ViewPort } from '../chat/viewChannel';
import { makeNonce, panelHtml } from './html';

/** The view id contributed in package.json. */
export const CHAT_VIEW_ID = 'claudeChat.chatView';

/**
 * Hosts the chat panel. It only builds the HTML and connects the webview to the controller;
 * all decisions live in the controller. The webview may load files from dist/ and media/ only.
 *
 * It is registered before activation has finished (reading the stored keys took ~0.7 s of it in
 * code-server): VS Code can then build the webview while the extension is still starting, and
 * what the page says before the controller is {@link connect}ed is kept and handed over then.
 */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private controller: ChatController | undefined;
  private pending: { readonly webview: vscode.Webview; readonly early: unknown[]; readonly sub: vscode.Disposable; readonly at: number } | undefined;
  /** What the current view holds (its link to the controller, its listeners); replaced on every resolve. */
  private readonly viewScope = new MutableDisposable<DisposableStore>();

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** Hands the view to the controller (now, or as soon as VS Code resolves it). */
  connect(controller: ChatController): void {
    this.controller = controller;
    const pending = this.pending;
    this.pending = undefined;
    if (pending) {
      pending.sub.dispose();
      this.link(pending.webview, pending.early, pending.at);
    }
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const scope = new DisposableStore();
    this.viewScope.value = scope;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [dist, media] };
    const asUri = (...p: string[]): string => view.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...p)).toString();
    const at = Date.now();
    if (this.controller) {
      this.link(view.webview, [], at);
    } else {
      const early: unknown[] = [];
      this.pending = { webview: view.webview, early, at, sub: view.webview.onDidReceiveMessage((m: unknown) => early.push(m)) };
    }
    view.webview.html = panelHtml({
      cspSource: view.webview.cspSource,
      nonce: makeNonce((n) => randomBytes(n)),
      scriptUri: asUri('dist', 'webview.js'),
      styleUris: [asUri('dist', 'codicons', 'codicon.css'), asUri('media', 'markdown.css'), asUri('media', 'panel.css')],
    });
    scope.add(
      view.onDidDispose(() => {
        if (this.pending?.webview === view.webview) {
          this.pending.sub.dispose();
          this.pending = undefined;
        }
        if (this.view === view) this.view = undefined;
        if (this.viewScope.value === scope) this.viewScope.clear();
      }),
    );
  }

  /** Attaches the webview to the controller, replaying what the page sent before it could listen. */
  private link(webview: vscode.Webview, early: readonly unknown[], resolvedAt: number): void {
    const controller = this.controller;
    if (!controller) return;
    const port: ViewPort = {
      postMessage: (m) => webview.postMessage(m),
      onDidReceiveMessage: (listener) => {
        const sub = webview.onDidReceiveMessage(listener);
        for (const m of early) listener(m);
        return sub;
      },
    };
    // Lives as long as the view: the view's dispose (or the next resolve) detaches it.
    this.viewScope.value?.add(controller.attachView(port, resolvedAt));
  }

  /** Shows the panel, e.g. before a command asks something; focuses it unless `preserveFocus`. */
  async reveal(preserveFocus = true): Promise<void> {
    if (this.view) {
      if (!this.view.visible || !preserveFocus) this.view.show(preserveFocus);
      return;
    }
    // Not resolved yet: opening the view resolves it; the command focuses it, so hand focus back.
    const editor = vscode.window.activeTextEditor;
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    if (preserveFocus && editor) await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  }

  dispose(): void {
    this.pending?.sub.dispose();
    this.pending = undefined;
    this.viewScope.dispose();
  }
}
