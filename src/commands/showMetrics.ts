import * as vscode from 'vscode';
import type { ClientLike } from './commandDeps';
import { metricsToMarkdown } from './metricsMarkdown';

/**
 * `claudeChat.showMetrics`: the client's metrics snapshot as an untitled Markdown document
 * (readable as is, and previewable, copyable, saveable). Resolves with the document.
 */
export function showMetricsCommand(client: ClientLike, now: () => number) {
  return async (): Promise<vscode.TextDocument> => {
    const content = metricsToMarkdown(client.metrics.snapshot(), now());
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    await vscode.window.showTextDocument(doc, { preview: true });
    return doc;
  };
}
