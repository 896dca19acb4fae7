import * as vscode from 'vscode';
import type { ClientLike } from './commandDeps';
import { metricsToMarkdown } from './metricsMarkdown';

/** URI scheme of the read-only metrics page. */
export const METRICS_SCHEME = 'claude-chat-metrics';

/** The one metrics page: the same tab is reused, and `.md` makes it Markdown (previewable). */
export const METRICS_URI = vscode.Uri.from({ scheme: METRICS_SCHEME, path: '/Claude Chat Metrics.md' });

/**
 * Serves the metrics page as a read-only virtual document: closing it never asks to save, and a
 * new snapshot replaces the content of the open tab instead of adding an Untitled editor.
 */
export class MetricsDocument implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private content = '';
  private readonly _onDidChange = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this._onDidChange.event;

  provideTextDocumentContent(): string {
    return this.content;
  }

  /** Sets the page's text; an open tab shows it at once. */
  update(content: string): void {
    this.content = content;
    this._onDidChange.fire(METRICS_URI);
  }

  dispose(): void {
    this._onDidChange.dispose();
  }
}

/**
 * `claudeChat.showMetrics`: the client's metrics snapshot on the read-only metrics page (readable
 * as is, previewable with Markdown: Open Preview). Run again, it refreshes the same tab.
 * Resolves with the document.
 */
export function showMetricsCommand(client: ClientLike, now: () => number, page: MetricsDocument) {
  return async (): Promise<vscode.TextDocument> => {
    const content = metricsToMarkdown(client.metrics.snapshot(), now());
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === METRICS_URI.toString());
    // An open page takes the new text asynchronously (VS Code asks the provider again): wait for it.
    const refreshed = open && open.getText() !== content ? changed(METRICS_URI) : undefined;
    page.update(content);
    await refreshed;
    const doc = await vscode.workspace.openTextDocument(METRICS_URI);
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  };
}

/** Resolves once `uri`'s document changed, or after a second (the new text then shows a moment later). */
function changed(uri: vscode.Uri): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    };
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.toString() === uri.toString()) done();
    });
    const timer = setTimeout(done, 1000);
  });
}
