import * as vscode from 'vscode';
import type { ChatLike, PromptContext } from './commandDeps';
import type { Prompter } from './prompter';

/** Id of the chat view's focus command (VS Code generates `<viewId>.focus`). */
export const FOCUS_CHAT_VIEW_COMMAND = 'claudeChat.chatView.focus';

/** Shows the chat panel so the streamed answer is visible. */
export async function revealChat(): Promise<void> {
  await vscode.commands.executeCommand(FOCUS_CHAT_VIEW_COMMAND);
}

/** A prompt title for the progress notification: one line, short. */
export function progressTitle(prompt: string): string {
  const line = prompt.replace(/\s+/g, ' ').trim();
  return `Claude: ${line.length > 60 ? `${line.slice(0, 59)}…` : line}`;
}

/**
 * Sends a prompt to the chat panel: reveal the view, then ask under a cancellable progress
 * notification. Cancel aborts the request (the controller receives the token); the answer
 * itself streams into the panel. Resolves with what the controller returns (the final turn).
 */
export async function runAsk(chat: ChatLike, prompter: Prompter, prompt: string, context?: readonly PromptContext[]): Promise<unknown> {
  await revealChat();
  return prompter.withProgress(progressTitle(prompt), async (token) => {
    const answer = chat.ask(prompt, { context, token });
    // Cancel also stops a controller that ignored the token: never leave an orphan stream.
    const sub = token.onCancellationRequested(() => chat.stop());
    try {
      return await answer;
    } finally {
      sub.dispose();
    }
  });
}
