import * as vscode from 'vscode';
import { chooseModelCommand } from './chooseModel';
import type { CommandDeps } from './commandDeps';
import { exportConversationCommand, showHistoryCommand } from './historyCommands';
import { watchHistoryProblems } from './historyWarnings';
import { ModelCache } from './modelCache';
import { askAboutFileCommand, askCommand, selectionCommand } from './promptCommands';
import { vscodePrompter } from './prompter';
import type { Prompter } from './prompter';
import { revealChat } from './runAsk';
import { METRICS_SCHEME, MetricsDocument, showMetricsCommand } from './showMetrics';

export type { ChatAskOptions, ChatLike, ClientLike, CommandDeps, ModelLike } from './commandDeps';
export type { Prompter } from './prompter';
export { vscodePrompter } from './prompter';

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
  const prompter = deps.prompter ?? vscodePrompter;
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
      await revealChat();
      return chat.newChat();
    },
    'claudeChat.stop': () => chat.stop(),
    'claudeChat.chooseModel': chooseModelCommand(models, prompter),
    'claudeChat.showMetrics': showMetricsCommand(deps.client, now, metricsPage),
    'claudeChat.openLog': () => deps.log.show(true),
    'claudeChat.showHistory': showHistoryCommand(history, chat, prompter, now),
    'claudeChat.exportConversation': exportConversationCommand(history, chat, prompter, now),
    'claudeChat.toggleConversationList': async () => {
      await revealChat();
      chat.toggleHistoryList?.();
    },
  };
}

/**
 * Registers the palette commands, keeps the `claudeChat.busy` context key in step with the chat,
 * and warns about unreadable history files. Every disposable is pushed to `context.subscriptions`
 * and also returned.
 */
export function registerCommands(context: Pick<vscode.ExtensionContext, 'subscriptions'>, deps: CommandDeps): vscode.Disposable[] {
  const prompter = deps.prompter ?? vscodePrompter;
  const metricsPage = new MetricsDocument();
  const handlers = createCommandHandlers(deps, metricsPage);
  const setBusy = (busy: boolean): Thenable<unknown> => vscode.commands.executeCommand('setContext', BUSY_CONTEXT_KEY, busy);
  void setBusy(deps.chat.busy);
  const disposables: vscode.Disposable[] = [
    metricsPage,
    vscode.workspace.registerTextDocumentContentProvider(METRICS_SCHEME, metricsPage),
    ...COMMAND_IDS.map((id) => vscode.commands.registerCommand(id, guarded(id, handlers[id], deps, prompter))),
    deps.chat.onDidChangeBusy((busy) => void setBusy(busy)),
    watchHistoryProblems(deps.history, prompter, deps.log),
  ];
  context.subscriptions.push(...disposables);
  return disposables;
}
