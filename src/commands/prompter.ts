import * as vscode from 'vscode';
import type { Prompter as UiPrompter } from '../auth/prompter';
import { windowPrompter } from '../auth/prompter';

/**
 * The extension's one Prompter (src/auth/prompter.ts, engineer A), plus an optional save dialog
 * for exports. Every question a command asks goes through it, so integration tests answer through
 * `api.prompter.use(fake)` while the commands run in the real host against real services.
 */
export interface Prompter extends UiPrompter {
  saveDialog?(options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined>;
}

/** The real UI. */
export const vscodePrompter: Prompter = {
  ...windowPrompter,
  saveDialog: (options) => vscode.window.showSaveDialog(options),
};

/** The save dialog of `prompter`, or the real one when it has none (A's PrompterRef). */
export function saveDialog(prompter: Prompter, options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined> {
  return prompter.saveDialog ? prompter.saveDialog(options) : vscode.window.showSaveDialog(options);
}
