import * as vscode from 'vscode';
import type { ChatLike } from './commandDeps';
import type { EditorContext } from '../editor/editorContext';
import { MAX_CONTEXT_CHARS, fileContext, selectionContext } from '../editor/editorContext';
import type { Prompter } from '../ui/prompter';
import { runAsk } from './runAsk';

/** The selection commands and the instruction each sends with the selected code. */
export const SELECTION_PROMPTS = {
  'claudeChat.explainSelection': (file: string, lang: string) =>
    `Explain what this ${lang} code from \`${file}\` does, step by step, and point out anything surprising.`,
  'claudeChat.improveSelection': (file: string, lang: string) =>
    `Suggest improvements to this ${lang} code from \`${file}\` (correctness, clarity, performance). Show the improved code and explain each change.`,
  'claudeChat.writeTests': (file: string, lang: string) =>
    `Write unit tests for this ${lang} code from \`${file}\`, using the test framework the project most likely uses. Cover edge cases.`,
} as const;

/** Command ids of {@link SELECTION_PROMPTS}. */
export type SelectionCommandId = keyof typeof SELECTION_PROMPTS;

function warnIfTruncated(prompter: Prompter, ctx: EditorContext): void {
  if (ctx.truncated) {
    void prompter.warn(`Only the first ${MAX_CONTEXT_CHARS.toLocaleString('en')} characters of ${ctx.item.label} were sent.`);
  }
}

/** `claudeChat.ask [prompt]`: input box (or the argument), answer streams into the panel. */
export function askCommand(chat: ChatLike, prompter: Prompter) {
  return async (arg?: unknown): Promise<unknown> => {
    const prompt =
      typeof arg === 'string'
        ? arg
        : await prompter.inputBox({ title: 'Ask Claude', prompt: 'Your question (the answer appears in the Claude chat panel)', placeHolder: 'e.g. How do I debounce a function in TypeScript?', ignoreFocusOut: true });
    if (!prompt?.trim()) {
      return undefined;
    }
    return runAsk(chat, prompter, prompt.trim());
  };
}

/** Explain / Improve / Write Tests: the active editor's selection, its language and file name as context. */
export function selectionCommand(id: SelectionCommandId, chat: ChatLike, prompter: Prompter) {
  return async (): Promise<unknown> => {
    const editor = vscode.window.activeTextEditor;
    const ctx = editor && selectionContext(editor);
    if (!ctx) {
      void prompter.info('Select some code in an editor first.');
      return undefined;
    }
    warnIfTruncated(prompter, ctx);
    const prompt = SELECTION_PROMPTS[id](ctx.fileName, ctx.item.language ?? 'source');
    return runAsk(chat, prompter, prompt, [ctx.item]);
  };
}

/** `claudeChat.askAboutFile [question]`: the whole active document as context. */
export function askAboutFileCommand(chat: ChatLike, prompter: Prompter) {
  return async (arg?: unknown): Promise<unknown> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void prompter.info('Open a file in an editor first.');
      return undefined;
    }
    const ctx = fileContext(editor);
    const question =
      typeof arg === 'string'
        ? arg
        : await prompter.inputBox({ title: `Ask Claude about ${ctx.fileName}`, prompt: 'Your question about this file', placeHolder: 'e.g. What could go wrong here?', ignoreFocusOut: true });
    if (!question?.trim()) {
      return undefined;
    }
    warnIfTruncated(prompter, ctx);
    return runAsk(chat, prompter, question.trim(), [ctx.item]);
  };
}
