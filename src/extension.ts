import type * as vscode from 'vscode';

/** Composition root: builds every service and registers its disposables. It wires, it does not decide. */
export function activate(_context: vscode.ExtensionContext): void {
  // Services are wired here as they land (see the README's layout).
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
