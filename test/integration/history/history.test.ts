// Conversation history inside the real host: persistence across a restart of the store, the
// history commands, and a corrupt file. Runs against the extension's live HistoryStore.
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { HistoryStore } from '../../../src/history/historyStore';
import type { HistoryProblem } from '../../../src/history/historyTypes';
import type { CommandEnv, TurnResult } from '../commands/commandHarness';
import { ScriptedPrompter, handlersWith, setUp, tearDown, waitFor } from '../commands/commandHarness';

describe('conversation history (real host, emulator)', function () {
  this.timeout(60_000);
  let env: CommandEnv;
  let tmp: string;

  before(async () => {
    env = await setUp();
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'cc-history-'));
  });
  after(async () => {
    await tearDown(env);
    await fs.rm(tmp, { recursive: true, force: true });
  });

  /** Asks through the palette command and returns the id of the conversation it landed in. */
  async function conversationWith(prompt: string): Promise<string> {
    await vscode.commands.executeCommand('claudeChat.newChat');
    const turn = (await vscode.commands.executeCommand('claudeChat.ask', prompt)) as TurnResult;
    assert.strictEqual(turn.status, 'complete');
    await env.chat.flushSaves();
    await env.history.flush();
    return env.chat.current.id;
  }

  it('keeps a conversation across a restart (a new store over the same folder)', async () => {
    const id = await conversationWith('short answer: will you remember this?');
    const restarted = new HistoryStore(env.history.directory);
    try {
      const list = await restarted.list();
      assert.strictEqual(list[0]?.id, id, 'the newest conversation is listed first');
      assert.strictEqual(list[0].messageCount, 2);
      const conv = await restarted.load(id);
      assert.deepStrictEqual(conv?.messages.map((m) => [m.role, m.status]), [['user', 'complete'], ['assistant', 'complete']]);
      assert.match(conv?.messages[0].content ?? '', /will you remember this\?/);
      assert.match(conv?.messages[1].content ?? '', /will you remember this\?/, 'the emulator quotes the prompt in its answer');
      assert.ok(env.history.directory.startsWith(env.api.storage.globalStorageUri.fsPath), 'history lives in global storage');
    } finally {
      restarted.dispose();
    }
  });

  it('has a streaming answer on disk while it grows (what a crash would leave)', async () => {
    await vscode.commands.executeCommand('claudeChat.newChat');
    env.emulator.script({ paceMs: 25 });
    const pending = vscode.commands.executeCommand('claudeChat.ask', 'long answer for the crash test') as Thenable<TurnResult>;
    await waitFor('the answer to start', () => env.chat.busy && env.chat.current.turns.length === 2, 15_000);
    const id = env.chat.current.id;
    // Read the folder as a freshly started host would, while the answer is still streaming.
    const reader = new HistoryStore(env.history.directory);
    let onDisk = '';
    const deadline = Date.now() + 10_000;
    try {
      while (Date.now() < deadline && env.chat.busy) {
        const conv = await reader.load(id);
        const answer = conv?.messages[1];
        if (answer && answer.content.length > 0) {
          assert.strictEqual(answer.status, 'partial', 'an answer saved mid-stream is marked partial');
          onDisk = answer.content;
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      reader.dispose();
    }
    const stillStreaming = env.chat.busy;
    await vscode.commands.executeCommand('claudeChat.stop');
    const turn = await pending;
    assert.ok(stillStreaming, 'the check ran while the answer was still streaming');
    assert.ok(onDisk.length > 0, 'part of the growing answer reached the disk');
    assert.ok(turn.text.startsWith(onDisk), 'what is on disk is a prefix of the answer');
  });

  it('opens a stored conversation in the chat panel', async () => {
    const id = await conversationWith('short answer: open me later');
    await vscode.commands.executeCommand('claudeChat.newChat');
    assert.notStrictEqual(env.chat.current.id, id);
    const opened = await vscode.commands.executeCommand('claudeChat.showHistory', { id, action: 'open' });
    assert.strictEqual(opened, true);
    assert.strictEqual(env.chat.current.id, id);
    assert.strictEqual(env.chat.current.turns.length, 2);
  });

  it('renames, exports and deletes through the history picker', async () => {
    const id = await conversationWith('short answer: rename export delete');
    const prompter = new ScriptedPrompter();
    const run = handlersWith(env, prompter);
    // Rename: pick the conversation, pick "Rename…", type the title.
    prompter.picks.push((items) => items.find((i) => (i as { id?: string }).id === id));
    prompter.picks.push((items) => items.find((i) => i.label.includes('Rename')));
    prompter.inputs.push('  My renamed chat ');
    assert.strictEqual(await run['claudeChat.showHistory'](), 'My renamed chat');
    assert.strictEqual((await env.history.list()).find((s) => s.id === id)?.title, 'My renamed chat');
    const listed = prompter.asked.find((a) => a.kind === 'pick')?.items ?? [];
    assert.strictEqual((listed[0] as { id?: string }).id, id, 'newest first in the picker');

    // Export to a chosen file.
    const target = vscode.Uri.file(path.join(tmp, 'export.md'));
    const exported = (await run['claudeChat.showHistory']({ id, action: 'export', uri: target })) as vscode.Uri;
    assert.strictEqual(exported.fsPath, target.fsPath);
    const md = await fs.readFile(target.fsPath, 'utf8');
    assert.match(md, /^# My renamed chat\n/);
    assert.match(md, /## You · .*\n\nshort answer: rename export delete/);
    assert.match(md, /## Claude/);

    // Delete asks first; "no" keeps it, "yes" removes it.
    prompter.picks.push((items) => items.find((i) => (i as { id?: string }).id === id));
    prompter.picks.push((items) => items.find((i) => i.label.includes('Delete')));
    prompter.confirms.push(false);
    assert.strictEqual(await run['claudeChat.showHistory'](), undefined);
    assert.ok((await env.history.list()).some((s) => s.id === id));
    prompter.picks.push((items) => items.find((i) => (i as { id?: string }).id === id));
    prompter.picks.push((items) => items.find((i) => i.label.includes('Delete')));
    prompter.confirms.push(true);
    assert.strictEqual(await run['claudeChat.showHistory'](), true);
    assert.ok(!(await env.history.list()).some((s) => s.id === id));
    assert.strictEqual(await env.history.load(id), undefined);
  });

  it('claudeChat.exportConversation exports the current conversation through the save dialog', async () => {
    const id = await conversationWith('short answer: export the current one');
    const target = vscode.Uri.file(path.join(tmp, 'current.md'));
    const prompter = new ScriptedPrompter();
    const dialogs: vscode.SaveDialogOptions[] = [];
    const withDialog = Object.assign(prompter, {
      saveDialog: (options: vscode.SaveDialogOptions) => {
        dialogs.push(options);
        return Promise.resolve(target);
      },
    });
    const uri = (await handlersWith(env, withDialog)['claudeChat.exportConversation']()) as vscode.Uri;
    assert.strictEqual(uri.fsPath, target.fsPath);
    assert.strictEqual(dialogs.length, 1);
    assert.match(dialogs[0].defaultUri?.path ?? '', /short-answer-export-the-current-one\.md$/);
    const md = await fs.readFile(target.fsPath, 'utf8');
    assert.ok(md.includes('export the current one'));
    assert.strictEqual(env.chat.current.id, id);
  });

  it('a failing history command shows one readable error and resolves undefined', async () => {
    const prompter = new ScriptedPrompter();
    const restore = env.api.prompter.use(prompter);
    try {
      const target = vscode.Uri.file(path.join(tmp, 'never.md'));
      const result = await vscode.commands.executeCommand('claudeChat.showHistory', { id: 'noSuchConversation', action: 'export', uri: target });
      assert.strictEqual(result, undefined);
      assert.deepStrictEqual(prompter.shown.map((s) => [s.level, s.text]), [['error', 'Claude: Conversation noSuchConversation not found']]);
      await assert.rejects(fs.stat(target.fsPath), 'nothing is written');
    } finally {
      restore();
    }
  });

  it('moves a corrupt history file aside, reports it with "Reveal" and keeps listing the rest', async () => {
    const good = await conversationWith('short answer: I am fine');
    const badFile = path.join(env.history.directory, 'brokenConv.json');
    await fs.writeFile(badFile, '{"schemaVersion":1,"id":"brokenConv","title":"Broken","messages":[{"ro');
    const problems: HistoryProblem[] = [];
    const sub = env.history.onDidFindCorrupt((p) => problems.push(p));
    const prompter = new ScriptedPrompter();
    prompter.notificationAnswers.push({ match: /could not be read/, answer: 'Reveal' });
    const restore = env.api.prompter.use(prompter);
    try {
      const list = await env.history.list();
      assert.ok(list.some((s) => s.id === good));
      assert.ok(!list.some((s) => s.id === 'brokenConv'));
      assert.strictEqual(problems.length, 1);
      const movedTo = problems[0].movedTo ?? '';
      assert.match(path.basename(movedTo), /^brokenConv\.corrupt-\d+\.json$/);
      assert.ok((await fs.readFile(movedTo, 'utf8')).startsWith('{"schemaVersion":1,"id":"brokenConv"'), 'the bytes are kept');
      await assert.rejects(fs.stat(badFile));
      // The extension's own listener tells the user (through the prompter extension.ts passes to registerCommands).
      await waitFor('the corrupt-file warning', () => prompter.shown.some((s) => s.level === 'warn'), 5000);
      const warning = prompter.shown.find((s) => s.level === 'warn');
      assert.match(warning?.text ?? '', /brokenConv\.json.*could not be read.*brokenConv\.corrupt-/);
      assert.deepStrictEqual(warning?.actions, ['Reveal']);
      // "Reveal" shows the kept file (in an editor here: this host is the web workbench).
      await waitFor('the kept file to be revealed', () => vscode.window.activeTextEditor?.document.uri.fsPath === movedTo, 5000);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      restore();
      sub.dispose();
    }
  });

  it('warns once, naming it, about a 600 MB file and a folder, leaves both in place and keeps listing; Copy Path on the web', async () => {
    const good = await conversationWith('short answer: still listed');
    const big = path.join(env.history.directory, 'hugeConv.json');
    const folder = path.join(env.history.directory, 'folderConv.json');
    // Sparse: 600 MB on paper, nothing on disk.
    await fs.writeFile(big, '{"schemaVersion":1,"id":"hugeConv","title":"Huge","createdAt":1,"updatedAt":1,"messageCount":0,\n');
    await fs.truncate(big, 600 * 1024 * 1024);
    await fs.mkdir(folder);
    const prompter = new ScriptedPrompter();
    prompter.notificationAnswers.push({ match: /hugeConv\.json/, answer: 'Copy Path' });
    const restore = env.api.prompter.use(prompter);
    try {
      for (let i = 0; i < 2; i++) {
        const list = await env.history.list();
        assert.ok(list.some((s) => s.id === good));
        assert.ok(!list.some((s) => s.id === 'hugeConv' || s.id === 'folderConv'));
      }
      await waitFor('both warnings', () => prompter.shown.filter((s) => s.level === 'warn').length >= 2, 5000);
      const warnings = prompter.shown.filter((s) => s.level === 'warn');
      assert.strictEqual(warnings.length, 2, 'one warning per file, not one per list()');
      const huge = warnings.find((w) => w.text.includes('hugeConv.json'));
      assert.match(huge?.text ?? '', /could not be read \(the file is 600 MB, over the 50 MB limit for a conversation\)\. It was left where it is/);
      assert.deepStrictEqual(huge?.actions, ['Copy Path']);
      assert.match(warnings.find((w) => w.text.includes('folderConv.json'))?.text ?? '', /it is a folder, not a regular file/);
      // "Copy Path" (this host is the web workbench, where a 600 MB file cannot be opened in an editor).
      let clip = '';
      for (let i = 0; i < 100 && clip !== big; i++) {
        clip = await vscode.env.clipboard.readText();
        if (clip !== big) await new Promise((r) => setTimeout(r, 20));
      }
      assert.strictEqual(clip, big, 'the path is on the clipboard');
      assert.strictEqual((await fs.stat(big)).size, 600 * 1024 * 1024, 'kept');
      assert.ok((await fs.stat(folder)).isDirectory(), 'kept');
      // The palette's picker lists the rest.
      const picker = new ScriptedPrompter();
      picker.picks.push((items) => {
        assert.ok(items.some((i) => (i as { id?: string }).id === good));
        return undefined;
      });
      assert.strictEqual(await handlersWith(env, picker)['claudeChat.showHistory'](), undefined);
    } finally {
      restore();
      await fs.rm(big, { force: true });
      await fs.rm(folder, { recursive: true, force: true });
    }
  });
});
