import * as vscode from 'vscode';

/**
 * Every question a command asks the user goes through this, so integration tests can answer
 * without driving the UI (the commands still run in the real host against real services).
 * Engineer A's key commands can use the same interface.
 */
export interface Prompter {
  input(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  saveDialog(options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined>;
  info(message: string, ...actions: string[]): Thenable<string | undefined>;
  warn(message: string, options: vscode.MessageOptions, ...actions: string[]): Thenable<string | undefined>;
  error(message: string, ...actions: string[]): Thenable<string | undefined>;
}

/** The real UI. */
export const vscodePrompter: Prompter = {
  input: (options) => vscode.window.showInputBox(options),
  pick: (items, options) => vscode.window.showQuickPick([...items], options),
  saveDialog: (options) => vscode.window.showSaveDialog(options),
  info: (message, ...actions) => vscode.window.showInformationMessage(message, ...actions),
  warn: (message, options, ...actions) => vscode.window.showWarningMessage(message, options, ...actions),
  error: (message, ...actions) => vscode.window.showErrorMessage(message, ...actions),
};
