import * as vscode from 'vscode';
import type { HistoryStore } from '../history/historyStore';
import { HistoryFileError, normalizeTitle } from '../history/historyStore';
import type { ConversationHeader } from '../history/historyTypes';
import type { ChatLike } from './commandDeps';
import type { Prompter } from '../ui/prompter';
import { exportFileName, relativeTime } from './historyFormat';

export { exportFileName, relativeTime } from './historyFormat';

/** What can be done with a conversation from the history picker. */
export type HistoryAction = 'open' | 'rename' | 'delete' | 'export';

/** Arguments for running showHistory without UI (tests, other commands). */
export interface ShowHistoryArgs {
  readonly id?: string;
  readonly action?: HistoryAction;
  /** New title for `rename`. */
  readonly title?: string;
  /** Target for `export`. */
  readonly uri?: vscode.Uri;
}

/** Arguments for exportConversation without UI. */
export interface ExportArgs {
  readonly id?: string;
  readonly uri?: vscode.Uri;
}

interface ConvItem extends vscode.QuickPickItem {
  readonly id: string;
}

interface ActionItem extends vscode.QuickPickItem {
  readonly action: HistoryAction;
}

function convItems(list: readonly ConversationHeader[], now: number): ConvItem[] {
  return list.map((c) => ({
    id: c.id,
    label: c.title,
    description: relativeTime(c.updatedAt, now),
    detail: `${c.messageCount} message${c.messageCount === 1 ? '' : 's'}${c.model ? ` · ${c.model}` : ''}`,
  }));
}

/** Shared by the history picker and the export command. */
async function exportTo(history: HistoryStore, prompter: Prompter, id: string, uri?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const markdown = await history.exportMarkdown(id);
  let target = uri;
  if (!target) {
    const title = (await history.load(id))?.title ?? 'conversation';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    target = await prompter.saveDialog({
      title: 'Export conversation to Markdown',
      defaultUri: folder ? vscode.Uri.joinPath(folder, exportFileName(title)) : undefined,
      filters: { Markdown: ['md'] },
      saveLabel: 'Export',
    });
  }
  if (!target) {
    return undefined;
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(markdown));
  void prompter.info(`Conversation exported to ${vscode.workspace.asRelativePath(target, false)}.`);
  return target;
}

async function pickConversation(history: HistoryStore, prompter: Prompter, now: number, title: string): Promise<string | undefined> {
  const list = await history.list();
  if (list.length === 0) {
    void prompter.info('No saved conversations yet.');
    return undefined;
  }
  return (await prompter.quickPick(convItems(list, now), { title, placeHolder: 'Search conversations', matchOnDescription: true, matchOnDetail: true }))?.id;
}

/** Saves the panel's pending state first, so the picker and exports see the newest text. */
async function settle(chat: ChatLike, history: HistoryStore): Promise<void> {
  await chat.flushSaves?.();
  await history.flush();
}

/**
 * A bad history file has already been reported to the user by the store (once, naming the file,
 * with Reveal): a command that meets it ends quietly instead of showing a second message.
 */
function quietIfReported(err: unknown): undefined {
  if (err instanceof HistoryFileError) {
    return undefined;
  }
  throw err;
}

async function rename(history: HistoryStore, chat: ChatLike, id: string, title: string): Promise<string | undefined> {
  // Normalized as the store would: the panel shows titles as one line, without tabs or control characters.
  await chat.rename(id, normalizeTitle(title));
  await settle(chat, history);
  return (await history.load(id))?.title;
}

async function remove(history: HistoryStore, chat: ChatLike, id: string): Promise<boolean> {
  const existed = (await history.load(id).catch(quietIfReported)) !== undefined;
  await chat.delete(id);
  await settle(chat, history);
  return existed;
}

/**
 * `claudeChat.showHistory [args]`: pick a conversation (newest first), then open it in the chat,
 * rename it, export it, or delete it (after a modal confirmation). Resolves with the outcome:
 * the new title, whether it was deleted, or the export's URI.
 */
export function showHistoryCommand(history: HistoryStore, chat: ChatLike, prompter: Prompter, now: () => number) {
  const run = async (args?: ShowHistoryArgs): Promise<unknown> => {
    await settle(chat, history);
    const id = args?.id ?? (await pickConversation(history, prompter, now(), 'Claude conversations'));
    if (!id) {
      return undefined;
    }
    const actions: ActionItem[] = [
      { action: 'open', label: '$(comment-discussion) Open in chat' },
      { action: 'rename', label: '$(edit) Rename…' },
      { action: 'export', label: '$(export) Export to Markdown…' },
      { action: 'delete', label: '$(trash) Delete' },
    ];
    const action = args?.action ?? (await prompter.quickPick(actions, { title: 'Conversation' }))?.action;
    switch (action) {
      case undefined:
        return undefined;
      case 'open':
        await chat.reveal();
        return chat.open(id);
      case 'rename': {
        const current = (await history.load(id))?.title;
        const title =
          args?.title ?? (await prompter.inputBox({ title: 'Rename conversation', value: current, validateInput: (v) => (v.trim() ? undefined : 'A title cannot be empty') }));
        return title?.trim() ? rename(history, chat, id, title) : undefined;
      }
      case 'delete': {
        if (!args?.action && !(await prompter.confirm('Delete this conversation?', 'It is removed from the history; this cannot be undone.', 'Delete'))) {
          return undefined;
        }
        return remove(history, chat, id);
      }
      case 'export':
        return exportTo(history, prompter, id, args?.uri);
    }
  };
  return (args?: ShowHistoryArgs): Promise<unknown> => run(args).catch(quietIfReported);
}

/** `claudeChat.exportConversation [args]`: the panel's conversation (or a picked one) to a Markdown file. */
export function exportConversationCommand(history: HistoryStore, chat: ChatLike, prompter: Prompter, now: () => number) {
  const run = async (args?: ExportArgs): Promise<vscode.Uri | undefined> => {
    await settle(chat, history);
    let id = args?.id ?? chat.current?.id;
    if (id && !(await history.load(id).catch(quietIfReported))) {
      // The panel's conversation has no message yet (nothing is saved), or its file is bad: let the user pick.
      id = undefined;
    }
    id ??= await pickConversation(history, prompter, now(), 'Export which conversation?');
    return id ? exportTo(history, prompter, id, args?.uri) : undefined;
  };
  return (args?: ExportArgs): Promise<vscode.Uri | undefined> => run(args).catch(quietIfReported);
}
