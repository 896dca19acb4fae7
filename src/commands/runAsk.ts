import type { ChatLike } from './commandDeps';
import type { EditorContextItem } from '../editor/editorContext';
import type { Prompter } from '../ui/prompter';

/** A prompt title for the progress notification: one line, short. */
export function progressTitle(prompt: string): string {
  const line = prompt.replace(/\s+/g, ' ').trim();
  return `Claude: ${line.length > 60 ? `${line.slice(0, 59)}…` : line}`;
}

/** Label of the action that stops the running answer so a new question can go out. */
export const STOP_AND_ASK = 'Stop and Ask';

/**
 * One answer streams at a time. When one is running, offer to stop it; resolves true when the
 * chat is idle and the new question may be sent.
 */
export async function ensureIdle(chat: ChatLike, prompter: Prompter): Promise<boolean> {
  if (!chat.busy) {
    return true;
  }
  if ((await prompter.warn('Claude is still answering the previous question.', STOP_AND_ASK)) !== STOP_AND_ASK) {
    return false;
  }
  let sub: { dispose(): void } | undefined;
  const idle = new Promise<void>((resolve) => {
    sub = chat.onDidChangeBusy((busy) => {
      if (!busy) resolve();
    });
  });
  try {
    chat.stop();
    if (chat.busy) {
      await idle;
    }
  } finally {
    sub?.dispose();
  }
  return true;
}

/**
 * Sends a prompt to the chat panel: reveal the view, then ask under a cancellable progress
 * notification. Cancel aborts the request (the controller receives the token); the answer
 * itself streams into the panel. Resolves with what the controller returns (the final turn).
 */
export async function runAsk(chat: ChatLike, prompter: Prompter, prompt: string, context?: readonly EditorContextItem[]): Promise<unknown> {
  if (!(await ensureIdle(chat, prompter))) {
    return undefined;
  }
  await chat.reveal();
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
