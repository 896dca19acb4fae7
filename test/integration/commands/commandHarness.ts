// Shared by the commands and history suites: the live chat controller and history store of the
// extension under test, an in-process emulator, and handlers built with a scripted Prompter.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ClaudeChatApi } from '../../../src/extension';
import type { ChatController } from '../../../src/chat/chatController';
import type { HistoryStore } from '../../../src/history/historyStore';
import { createCommandHandlers } from '../../../src/commands/registerCommands';
import type { ClientLike, CommandDeps, CommandId } from '../../../src/commands/registerCommands';
import type { Prompter } from '../../../src/ui/prompter';
import { getApi, setSetting, waitFor } from '../support/hostHarness';
import { startEmulator } from '../../emulator/server';
import type { Emulator, RecordedRequest } from '../../emulator/types';

export { ScriptedPrompter, pickLabel, waitFor } from '../support/hostHarness';

/** Everything a command test needs. */
export interface CommandEnv {
  readonly api: ClaudeChatApi;
  readonly chat: ChatController;
  readonly history: HistoryStore;
  readonly emulator: Emulator;
}

/** Activates the extension and points it at a fresh emulator (streams paced so Stop can land). */
export async function setUp(paceMs = 2): Promise<CommandEnv> {
  const api = await getApi();
  const chat = api.chat as ChatController | undefined;
  const history = api.history as HistoryStore | undefined;
  assert.ok(chat, 'activate() exposes no chat controller (api.chat)');
  assert.ok(history, 'activate() exposes no history store (api.history)');
  const emulator = await startEmulator({ paceMs });
  await setSetting(api, 'baseUrl', emulator.url);
  return { api, chat, history, emulator };
}

/** Stops what setUp started and leaves the panel idle with an empty conversation. */
export async function tearDown(env: CommandEnv | undefined): Promise<void> {
  if (!env) return;
  env.chat.stop();
  await waitFor('the chat to go idle', () => !env.chat.busy, 10_000);
  await vscode.workspace.getConfiguration('claudeChat').update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
  await env.emulator.close();
}

/** The real command handlers, wired to the extension's live services but answering through `prompter`. */
export function handlersWith(env: CommandEnv, prompter: Prompter, extra: Partial<CommandDeps> = {}): Record<CommandId, (...args: unknown[]) => Promise<unknown>> {
  const handlers = createCommandHandlers({
    chat: env.chat,
    history: env.history,
    client: env.api.client as unknown as ClientLike,
    log: env.api.logger.asChannel(),
    prompter,
    ...extra,
  });
  return handlers as unknown as Record<CommandId, (...args: unknown[]) => Promise<unknown>>;
}

/** Message requests the emulator received (not model listings). */
export function messageRequests(emulator: Emulator): RecordedRequest[] {
  return emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages');
}

/** Text of the last user message of a recorded Messages request, whatever its content shape. */
export function lastUserText(request: RecordedRequest | undefined): string {
  const body = request?.body as { messages?: Array<{ role: string; content: unknown }> } | undefined;
  const user = [...(body?.messages ?? [])].reverse().find((m) => m.role === 'user');
  if (!user) return '';
  if (typeof user.content === 'string') return user.content;
  return (user.content as Array<{ type: string; text?: string }>).map((b) => b.text ?? '').join('');
}

/** A real file in the test workspace (or a temp folder when none is open), opened in an editor. */
export async function openFile(name: string, content: string): Promise<vscode.TextEditor> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cc-cmd-'));
  const file = path.join(folder, name);
  fs.writeFileSync(file, content);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  return vscode.window.showTextDocument(doc);
}

/** The final assistant turn a command resolved with (ChatController.ask's TurnView). */
export interface TurnResult {
  readonly role: string;
  readonly text: string;
  readonly status: string;
}
