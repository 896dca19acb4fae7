// Restart check, phase 2 (extensionTestsPath module): a new extension host over the same user data
// finds what phase 1 left: the finished conversation, the cut one as partial with all the panel
// showed, the corrupt file aside.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ChatController } from '../../../../src/chat/chatController';
import type { HistoryStore } from '../../../../src/history/historyStore';
import type { HistoryProblem } from '../../../../src/history/historyTypes';
import { getApi } from '../../support/hostHarness';
import { readState } from './restartState';

/** Called by VS Code; rejecting fails the run (exit code 1). */
export async function run(): Promise<void> {
  const state = readState();
  assert.notStrictEqual(process.pid, state.hostPid, 'phase 2 must run in a new extension host process');
  const api = await getApi();
  const chat = api.chat as ChatController;
  const history = api.history as HistoryStore;
  assert.strictEqual(history.directory, state.historyDir, 'same global storage after the restart');
  const problems: HistoryProblem[] = [];
  const sub = history.onDidFindCorrupt((p) => problems.push(p));

  const list = await history.list();
  const ids = list.map((s) => s.id);
  assert.ok(ids.includes(state.completeId), `finished conversation missing after restart: ${ids.join(', ')}`);
  assert.ok(ids.includes(state.streamingId), 'the conversation cut mid-answer is missing after restart');

  const complete = await history.load(state.completeId);
  assert.deepStrictEqual(complete?.messages.map((m) => m.status), ['complete', 'complete']);
  assert.strictEqual(complete?.messages[1].content, state.completeAnswer);

  const cut = await history.load(state.streamingId);
  const answer = cut?.messages[1];
  assert.strictEqual(answer?.status, 'partial', 'an answer cut by the restart is stored as partial');
  assert.ok(answer.content.startsWith(state.shownAtClose), 'everything the panel showed when the window closed is kept');
  assert.ok(!answer.content.includes('That is the end of the long answer.'), 'the answer really was cut');

  // The corrupt file: moved aside (by the list above or by the panel's own listing) and reported or already reported.
  assert.ok(!fs.existsSync(state.corruptFile), 'the corrupt file is not left in place');
  const aside = fs.readdirSync(history.directory).filter((n) => n.startsWith('restartBroken.corrupt-'));
  assert.strictEqual(aside.length, 1, `kept aside: ${aside.join(', ')}`);
  assert.strictEqual(fs.readFileSync(path.join(history.directory, aside[0]), 'utf8'), '{"schemaVersion":1,"id":"restartBroken","title":"half');
  assert.ok(problems.length <= 1);

  // And the chat panel can reopen the finished conversation.
  const opened = await vscode.commands.executeCommand('claudeChat.showHistory', { id: state.completeId, action: 'open' });
  assert.strictEqual(opened, true);
  assert.strictEqual(chat.current.turns.length, 2);
  sub.dispose();
  console.log(`CLAUDE_CHAT_RESTART_OK (extension host pid ${state.hostPid} -> ${process.pid})`);
}
