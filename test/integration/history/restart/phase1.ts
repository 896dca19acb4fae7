// Restart check, phase 1 (extensionTestsPath module): inside the real host, finish one conversation,
// leave a second one streaming, corrupt a third file, record what is on disk, and end the host
// without stopping anything, as a window reload or a crash would.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ChatController } from '../../../../src/chat/chatController';
import { HistoryStore } from '../../../../src/state/historyStore';
import { startEmulator } from '../../../emulator/server';
import { getApi, setSetting, waitFor } from '../../auth/hostHarness';
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
  // Wait (by condition) until a fresh reader sees part of the growing answer on disk.
  const reader = new HistoryStore(history.directory);
  let streamingPrefix = '';
  const deadline = Date.now() + 10_000;
  while (!streamingPrefix && Date.now() < deadline) {
    streamingPrefix = (await reader.load(streamingId))?.messages[1]?.content ?? '';
    if (!streamingPrefix) await new Promise((r) => setTimeout(r, 50));
  }
  reader.dispose();
  assert.ok(streamingPrefix, 'the streaming answer never reached the disk');
  assert.ok(chat.busy, 'the answer finished before the restart; make it longer');

  const corruptFile = path.join(history.directory, 'restartBroken.json');
  fs.writeFileSync(corruptFile, '{"schemaVersion":1,"id":"restartBroken","title":"half');

  writeState({ completeId, completeAnswer: done.text, streamingId, streamingPrefix, corruptFile, historyDir: history.directory, hostPid: process.pid });
  // No stop, no flush: the host ends with the answer in flight. Closing the emulator ends the
  // stream too, in case this host outlives the page for a while.
  void emulator.close();
}
