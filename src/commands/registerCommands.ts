import * as vscode from 'vscode';
import type { DisposableStore } from '../base/lifecycle';
import { chooseModelCommand } from './chooseModel';
import type { CommandDeps } from './commandDeps';
import { exportConversationCommand, showHistoryCommand } from './historyCommands';
import { watchHistoryProblems } from './historyWarnings';
import { ModelCache } from './modelCache';
import { askAboutFileCommand, askCommand, selectionCommand } from './promptCommands';
import { windowPrompter } from '../ui/prompter';
import type { Prompter } from '../ui/prompter';
import { METRICS_SCHEME, MetricsDocument, showMetricsCommand } from './showMetrics';

export type { ChatAskOptions, ChatLike, ClientLike, CommandDeps, ModelLike } from './commandDeps';
export type { Prompter } from '../ui/prompter';

/** Context key that is true while an answer streams (enables Stop in the palette, Escape). */
export const BUSY_CONTEXT_KEY = 'claudeChat.busy';

/** Ids of the commands this module registers (key commands live in src/auth). */
export const COMMAND_IDS = [
  'claudeChat.ask',
  'claudeChat.explainSelection',
  'claudeChat.improveSelection',
  'claudeChat.writeTests',
  'claudeChat.askAboutFile',
  'claudeChat.newChat',
  'claudeChat.stop',
  'claudeChat.chooseModel',
  'claudeChat.showMetrics',
  'claudeChat.openLog',
  'claudeChat.showHistory',
  'claudeChat.exportConversation',
  'claudeChat.toggleConversationList',
] as const;

/** A command id of {@link COMMAND_IDS}. */
export type CommandId = (typeof COMMAND_IDS)[number];

type Handler = (...args: never[]) => unknown;

/**
 * Wraps a handler so a failure is logged and shown once, in words, instead of VS Code's generic
 * "running the contributed command failed" on top of ours; the command then resolves undefined.
 */
function guarded(id: CommandId, handler: Handler, deps: CommandDeps, prompter: Prompter): (...args: unknown[]) => Promise<unknown> {
  return async (...args: unknown[]) => {
    try {
      return await (handler as (...a: unknown[]) => unknown)(...args);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      deps.log.error(`${id} failed: ${message}`);
      void prompter.error(`Claude: ${message}`);
      return undefined;
    }
  };
}

/** The handlers, by id; exported so tests can run them with their own Prompter in the real host. */
export function createCommandHandlers(deps: CommandDeps, metricsPage = new MetricsDocument()): Record<CommandId, Handler> {
  const prompter = deps.prompter ?? windowPrompter;
  const now = deps.now ?? Date.now;
  const models = new ModelCache(() => deps.client.models.list(), deps.modelCacheTtlMs ?? 10 * 60_000, now);
  const { chat, history } = deps;
  return {
    'claudeChat.ask': askCommand(chat, prompter),
    'claudeChat.explainSelection': selectionCommand('claudeChat.explainSelection', chat, prompter),
    'claudeChat.improveSelection': selectionCommand('claudeChat.improveSelection', chat, prompter),
    'claudeChat.writeTests': selectionCommand('claudeChat.writeTests', chat, prompter),
    'claudeChat.askAboutFile': askAboutFileCommand(chat, prompter),
    'claudeChat.newChat': async () => {
      await chat.reveal();
      return chat.newChat();
    },
    'claudeChat.stop': () => chat.stop(),
    'claudeChat.chooseModel': chooseModelCommand(models, prompter),
    'claudeChat.showMetrics': showMetricsCommand(deps.client, now, metricsPage),
    'claudeChat.openLog': () => deps.log.show(true),
    'claudeChat.showHistory': showHistoryCommand(history, chat, prompter, now),
    'claudeChat.exportConversation': exportConversationCommand(history, chat, prompter, now),
    'claudeChat.toggleConversationList': async () => {
      await chat.reveal();
      chat.toggleHistoryList?.();
    },
  };
}

/**
 * Registers the palette commands, keeps the `claudeChat.busy` context key in step with the chat,
 * and warns about unreadable history files. Every disposable goes to `disposables`.
 */
export function registerCommands(disposables: DisposableStore, deps: CommandDeps): void {
  const prompter = deps.prompter ?? windowPrompter;
  const metricsPage = new MetricsDocument();
  const handlers = createCommandHandlers(deps, metricsPage);
  const setBusy = (busy: boolean): Thenable<unknown> => vscode.commands.executeCommand('setContext', BUSY_CONTEXT_KEY, busy);
  void setBusy(deps.chat.busy);
  disposables.add(metricsPage);
  disposables.add(vscode.workspace.registerTextDocumentContentProvider(METRICS_SCHEME, metricsPage));
  for (const id of COMMAND_IDS) disposables.add(vscode.commands.registerCommand(id, guarded(id, handlers[id], deps, prompter)));
  disposables.add(deps.chat.onDidChangeBusy((busy) => void setBusy(busy)));
  disposables.add(watchHistoryProblems(deps.history, prompter, deps.log));
}
