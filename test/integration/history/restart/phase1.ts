// Restart check, phase 1 (extensionTestsPath module): inside the real host, finish one conversation,
// close the extension gracefully (its real deactivate(), as a closing window runs it) while a
// second answer streams and the panel shows more of it than the last throttled save holds,
// corrupt a third file, and record what the panel showed and what was on disk at that moment.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ChatController } from '../../../../src/chat/chatController';
import { HistoryStore } from '../../../../src/history/historyStore';
import type { Conversation } from '../../../../src/history/historyTypes';
import { startEmulator } from '../../../emulator/server';
import { EXTENSION_ID, getApi, setSetting, waitFor } from '../../support/hostHarness';
import { writeState } from './restartState';

interface Turn {
  readonly text: string;
  readonly status: string;
}

/** Called by VS Code; rejecting fails the run (exit code 1). */
export async function run(): Promise<void> {
  const api = await getApi();
  const chat = api.chat as ChatController;
  const history = api.history as HistoryStore;
  const emulator = await startEmulator({ paceMs: 2 });
  await setSetting(api, 'baseUrl', emulator.url);

  await vscode.commands.executeCommand('claudeChat.newChat');
  const done = (await vscode.commands.executeCommand('claudeChat.ask', 'short answer: remember me after a restart')) as Turn;
  assert.strictEqual(done.status, 'complete');
  const completeId = chat.current.id;
  await chat.flushSaves();

  await vscode.commands.executeCommand('claudeChat.newChat');
  emulator.script({ paceMs: 30 });
  void vscode.commands.executeCommand('claudeChat.ask', 'long answer cut by a restart');
  await waitFor('the second answer to stream', () => chat.busy && chat.current.turns.length === 2, 15_000);
  const streamingId = chat.current.id;
  // Wait (by condition) until a fresh reader sees part of the growing answer on disk, and the
  // panel shows more than that: the text a dropped throttled save would lose.
  const reader = new HistoryStore(history.directory);
  const shown = (): string => chat.current.turns[1]?.text ?? '';
  let onDisk = '';
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    onDisk = (await reader.load(streamingId))?.messages[1]?.content ?? '';
    if (onDisk && shown().length > onDisk.length) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  reader.dispose();
  assert.ok(onDisk, 'the streaming answer never reached the disk');
  assert.ok(chat.busy, 'the answer finished before the close; make it longer');

  // The graceful close: the extension's own deactivate() (the module the host loaded), right now.
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext);
  const main = (await import(path.join(ext.extensionPath, 'dist', 'extension.js'))) as { deactivate(): Promise<void> };
  const shownAtClose = shown();
  assert.ok(shownAtClose.length > onDisk.length, 'the panel is ahead of the disk when the window closes');
  await main.deactivate();
  // What the host would leave behind if it exited now (it exits once deactivate() resolves).
  const savedAtClose = (JSON.parse(fs.readFileSync(path.join(history.directory, `${streamingId}.json`), 'utf8')) as Conversation).messages[1];
  assert.ok((await vscode.commands.getCommands(true)).every((c) => c !== 'claudeChat.ask'), 'deactivate() disposed the commands of the running extension');
  assert.ok(
    savedAtClose.content.startsWith(shownAtClose),
    `a graceful close keeps everything the panel showed: ${shownAtClose.length} characters shown, ${savedAtClose.content.length} on disk`,
  );
  assert.strictEqual(savedAtClose.status, 'partial');

  const corruptFile = path.join(history.directory, 'restartBroken.json');
  fs.writeFileSync(corruptFile, '{"schemaVersion":1,"id":"restartBroken","title":"half');

  writeState({ completeId, completeAnswer: done.text, streamingId, shownAtClose, corruptFile, historyDir: history.directory, hostPid: process.pid });
  void emulator.close();
}
