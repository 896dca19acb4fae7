import * as vscode from 'vscode';

/**
 * Every question and notification the host shows (key, status-bar and palette commands), behind
 * one interface so integration tests answer the prompts and read the notifications while the
 * commands run against real services (production: {@link windowPrompter}).
 */
export interface Prompter {
  inputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  /** A modal yes/no; resolves true only when the user chose `action`. */
  confirm(message: string, detail: string, action: string): Thenable<boolean>;
  info(message: string, ...actions: string[]): Thenable<string | undefined>;
  warn(message: string, ...actions: string[]): Thenable<string | undefined>;
  error(message: string, ...actions: string[]): Thenable<string | undefined>;
  /** Runs `task` under a notification progress. */
  withProgress<T>(title: string, task: (token: vscode.CancellationToken) => Thenable<T>): Thenable<T>;
  /** Asks where to save a file (exports); undefined when cancelled. */
  saveDialog(options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined>;
}

/** The real UI: vscode.window. */
export const windowPrompter: Prompter = {
  inputBox: (options) => vscode.window.showInputBox(options),
  quickPick: (items, options) => vscode.window.showQuickPick(items, options),
  confirm: async (message, detail, action) => (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action,
  info: (message, ...actions) => vscode.window.showInformationMessage(message, ...actions),
  warn: (message, ...actions) => vscode.window.showWarningMessage(message, ...actions),
  error: (message, ...actions) => vscode.window.showErrorMessage(message, ...actions),
  withProgress: (title, task) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => task(token)),
  saveDialog: (options) => vscode.window.showSaveDialog(options),
};

/**
 * Holds the prompter in use; tests swap it through the extension's API object and restore it after.
 */
export class PrompterRef implements Prompter {
  private prompter: Prompter = windowPrompter;

  /** Replaces the UI (tests); returns a function that restores the previous one. */
  use(prompter: Prompter): () => void {
    const previous = this.prompter;
    this.prompter = prompter;
    return () => {
      this.prompter = previous;
    };
  }

  inputBox(options: vscode.InputBoxOptions): Thenable<string | undefined> {
    return this.prompter.inputBox(options);
  }
  quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined> {
    return this.prompter.quickPick(items, options);
  }
  confirm(message: string, detail: string, action: string): Thenable<boolean> {
    return this.prompter.confirm(message, detail, action);
  }
  info(message: string, ...actions: string[]): Thenable<string | undefined> {
    return this.prompter.info(message, ...actions);
  }
  warn(message: string, ...actions: string[]): Thenable<string | undefined> {
    return this.prompter.warn(message, ...actions);
  }
  error(message: string, ...actions: string[]): Thenable<string | undefined> {
    return this.prompter.error(message, ...actions);
  }
  withProgress<T>(title: string, task: (token: vscode.CancellationToken) => Thenable<T>): Thenable<T> {
    return this.prompter.withProgress(title, task);
  }
  saveDialog(options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined> {
    return this.prompter.saveDialog(options);
  }
}
