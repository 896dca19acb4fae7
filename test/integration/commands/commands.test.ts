// Each palette command, run inside the real extension host against the in-process emulator.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { MODEL_SETTING } from '../../../src/commands/chooseModel';
import { humanizeKey } from '../../../src/commands/metricsMarkdown';
import type { CommandEnv, TurnResult } from './commandHarness';
import { ScriptedPrompter, handlersWith, lastUserText, messageRequests, openFile, setUp, tearDown, waitFor } from './commandHarness';

describe('palette commands (real host, emulator)', function () {
  this.timeout(60_000);
  let env: CommandEnv;

  before(async () => {
    env = await setUp();
  });
  after(async () => {
    await tearDown(env);
    await vscode.workspace.getConfiguration(MODEL_SETTING.section).update(MODEL_SETTING.key, undefined, vscode.ConfigurationTarget.Global);
  });
  beforeEach(async () => {
    env.emulator.reset();
    await vscode.commands.executeCommand('claudeChat.newChat');
  });

  it('claudeChat.ask streams an answer into the conversation', async () => {
    const turn = (await vscode.commands.executeCommand('claudeChat.ask', 'short answer: is the sky blue?')) as TurnResult;
    assert.strictEqual(turn.role, 'assistant');
    assert.strictEqual(turn.status, 'complete');
    assert.match(turn.text, /is the sky blue\?/);
    const requests = messageRequests(env.emulator);
    assert.strictEqual(requests.length, 1);
    assert.match(lastUserText(requests[0]), /short answer: is the sky blue\?/);
    assert.strictEqual((requests[0].body as { stream?: boolean }).stream, true, 'the answer is streamed');
    const turns = env.chat.current.turns.map((t) => [t.role, t.status]);
    assert.deepStrictEqual(turns, [['user', 'complete'], ['assistant', 'complete']]);
  });

  it('claudeChat.ask asks through the input box, and a dismissed box sends nothing', async () => {
    const prompter = new ScriptedPrompter();
    prompter.inputs.push('echo typed in the box', undefined);
    const run = handlersWith(env, prompter);
    const turn = (await run['claudeChat.ask']()) as TurnResult;
    assert.strictEqual(turn.text, 'typed in the box');
    assert.deepStrictEqual(prompter.asked.map((a) => a.kind), ['input', 'progress']);
    assert.strictEqual(await run['claudeChat.ask'](), undefined);
    assert.strictEqual(messageRequests(env.emulator).length, 1);
  });

  it('claudeChat.explainSelection sends the selection with its file name and language', async () => {
    const editor = await openFile('explainMe.ts', 'const a = 1;\nexport function twice(x: number): number {\n  return x * 2;\n}\nconst z = 3;\n');
    editor.selection = new vscode.Selection(1, 0, 4, 0);
    const turn = (await vscode.commands.executeCommand('claudeChat.explainSelection')) as TurnResult;
    assert.strictEqual(turn.status, 'complete');
    const sent = lastUserText(messageRequests(env.emulator)[0]);
    assert.match(sent, /^Explain what this typescript code from `explainMe\.ts` does/m);
    assert.ok(sent.includes('explainMe.ts:2-4'), sent);
    assert.ok(sent.includes('export function twice(x: number): number {\n  return x * 2;\n}'), sent);
    assert.ok(!sent.includes('const a = 1') && !sent.includes('const z = 3'), 'only the selection is sent');
    assert.ok(sent.includes('```typescript'), 'fenced with the language');
  });

  it('improveSelection and writeTests send their own instruction with the same selection', async () => {
    const editor = await openFile('improveMe.py', 'def f(x):\n    return x+1\n');
    editor.selection = new vscode.Selection(0, 0, 1, 14);
    await vscode.commands.executeCommand('claudeChat.improveSelection');
    await vscode.commands.executeCommand('claudeChat.newChat');
    await vscode.commands.executeCommand('claudeChat.writeTests');
    const [improve, tests] = messageRequests(env.emulator).map(lastUserText);
    assert.match(improve, /^Suggest improvements to this python code from `improveMe\.py`/m);
    assert.match(tests, /^Write unit tests for this python code from `improveMe\.py`/m);
    for (const sent of [improve, tests]) assert.ok(sent.includes('def f(x):\n    return x+1'), sent);
  });

  it('a selection command without a selection explains what to do and sends nothing', async () => {
    const editor = await openFile('empty.ts', 'let x = 1;\n');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const prompter = new ScriptedPrompter();
    assert.strictEqual(await handlersWith(env, prompter)['claudeChat.explainSelection'](), undefined);
    assert.deepStrictEqual(prompter.shown.map((s) => s.text), ['Select some code in an editor first.']);
    assert.strictEqual(messageRequests(env.emulator).length, 0);
  });

  it('claudeChat.askAboutFile sends the whole active file with the question', async () => {
    await openFile('wholeFile.js', 'function a() {}\nfunction b() {}\n');
    await vscode.commands.executeCommand('claudeChat.askAboutFile', 'What do these functions do?');
    const sent = lastUserText(messageRequests(env.emulator)[0]);
    assert.ok(sent.includes('What do these functions do?'), sent);
    assert.ok(sent.includes('function a() {}\nfunction b() {}'), sent);
    assert.ok(sent.includes('wholeFile.js'), sent);
  });

  it('claudeChat.newChat starts an empty conversation', async () => {
    await vscode.commands.executeCommand('claudeChat.ask', 'short answer: one');
    const before = env.chat.current.id;
    assert.strictEqual(env.chat.current.turns.length, 2);
    await vscode.commands.executeCommand('claudeChat.newChat');
    assert.notStrictEqual(env.chat.current.id, before);
    assert.strictEqual(env.chat.current.turns.length, 0);
  });

  it('claudeChat.stop aborts a streaming answer and keeps what arrived', async () => {
    env.emulator.script({ paceMs: 25 });
    const pending = vscode.commands.executeCommand('claudeChat.ask', 'long answer please') as Thenable<TurnResult>;
    await waitFor('the answer to start streaming', () => env.chat.busy && (env.chat.current.turns[1]?.text.length ?? 0) > 0, 15_000);
    await vscode.commands.executeCommand('claudeChat.stop');
    const turn = await pending;
    assert.strictEqual(turn.status, 'stopped');
    assert.ok(turn.text.length > 0, 'the partial answer is kept');
    assert.ok(!turn.text.includes('That is the end of the long answer.'), 'it did not run to the end');
    assert.strictEqual(env.chat.busy, false);
  });

  it('cancelling the progress notification aborts the request', async () => {
    env.emulator.script({ paceMs: 25 });
    const prompter = new ScriptedPrompter();
    const source = new vscode.CancellationTokenSource();
    prompter.withProgress = (_title, task) => task(source.token);
    const pending = handlersWith(env, prompter)['claudeChat.ask']('long answer to cancel') as Promise<TurnResult>;
    await waitFor('the answer to start streaming', () => env.chat.busy && (env.chat.current.turns[1]?.text.length ?? 0) > 0, 15_000);
    source.cancel();
    const turn = await pending;
    assert.strictEqual(turn.status, 'stopped');
    assert.strictEqual(env.chat.busy, false);
    source.dispose();
  });

  it('asking while an answer streams offers "Stop and Ask"; declining sends nothing, accepting stops the first', async () => {
    env.emulator.script({ paceMs: 25 });
    const first = vscode.commands.executeCommand('claudeChat.ask', 'long answer number one') as Thenable<TurnResult>;
    await waitFor('the first answer to stream', () => env.chat.busy && (env.chat.current.turns[1]?.text.length ?? 0) > 0, 15_000);
    const prompter = new ScriptedPrompter();
    const run = handlersWith(env, prompter);
    assert.strictEqual(await run['claudeChat.ask']('short answer: ignored'), undefined);
    assert.deepStrictEqual(prompter.shown.map((s) => [s.level, s.actions]), [['warn', ['Stop and Ask']]]);
    assert.ok(env.chat.busy, 'declining leaves the first answer running');
    prompter.notificationAnswers.push({ match: /still answering/, answer: 'Stop and Ask' });
    const second = (await run['claudeChat.ask']('short answer: number two')) as TurnResult;
    assert.strictEqual((await first).status, 'stopped');
    assert.strictEqual(second.status, 'complete');
    assert.match(second.text, /number two/);
    assert.deepStrictEqual(messageRequests(env.emulator).map(lastUserText), ['long answer number one', 'short answer: number two']);
  });

  it('claudeChat.chooseModel writes claudeChat.model (argument, then quick pick with the current one marked)', async () => {
    const models = await env.api.client.models.list();
    assert.ok(models.length >= 2, 'the emulator lists at least two models');
    const [first, second] = models;
    const chosen = await vscode.commands.executeCommand('claudeChat.chooseModel', second.id);
    assert.strictEqual(chosen, second.id);
    assert.strictEqual(vscode.workspace.getConfiguration('claudeChat').get('model'), second.id);

    const prompter = new ScriptedPrompter();
    prompter.picks.push((items) => items.find((i) => (i as { modelId?: string }).modelId === first.id));
    await handlersWith(env, prompter)['claudeChat.chooseModel']();
    const asked = prompter.asked.find((a) => a.kind === 'pick');
    assert.ok(asked?.items?.[0].label.startsWith('$(check)'), 'the current model is first and marked');
    assert.strictEqual((asked?.items?.[0] as { modelId?: string }).modelId, second.id);
    assert.strictEqual(vscode.workspace.getConfiguration('claudeChat').get('model'), first.id);
  });

  it('claudeChat.chooseModel reuses the cached list and refuses an unknown id', async () => {
    const prompter = new ScriptedPrompter();
    const run = handlersWith(env, prompter);
    await run['claudeChat.chooseModel']('no-such-model');
    await run['claudeChat.chooseModel']('still-no-such-model');
    const listings = env.emulator.requests.filter((r) => r.path === '/v1/models');
    assert.strictEqual(listings.length, 1, 'one GET /v1/models for two uses');
    assert.deepStrictEqual(prompter.shown.map((s) => s.level), ['error', 'error']);
    assert.match(prompter.shown[0].text, /Unknown model "no-such-model"/);
  });

  it('claudeChat.chooseModel falls back to the earlier list when /v1/models fails, and says so', async () => {
    const prompter = new ScriptedPrompter();
    const run = handlersWith(env, prompter, { modelCacheTtlMs: 0 });
    const [model] = await env.api.client.models.list();
    env.emulator.reset();
    assert.strictEqual(await run['claudeChat.chooseModel'](model.id), model.id);
    env.emulator.script({ path: '/v1/models', status: 404 });
    assert.strictEqual(await run['claudeChat.chooseModel'](model.id), model.id);
    assert.strictEqual(env.emulator.requests.filter((r) => r.path === '/v1/models').length, 2, 'the expired list was fetched again');
    assert.deepStrictEqual(prompter.shown.map((s) => s.level), ['warn']);
    assert.match(prompter.shown[0].text, /showing the list from earlier/);
  });

  it('claudeChat.showMetrics opens a read-only Markdown page of the snapshot, refreshed in the same tab', async () => {
    await vscode.commands.executeCommand('claudeChat.ask', 'short answer: metrics please');
    const doc = (await vscode.commands.executeCommand('claudeChat.showMetrics')) as vscode.TextDocument;
    assert.strictEqual(doc.languageId, 'markdown');
    assert.strictEqual(doc.uri.scheme, 'claude-chat-metrics', 'a virtual document, not an Untitled one');
    assert.strictEqual(doc.isUntitled, false);
    assert.strictEqual(doc.isDirty, false, 'closing it never asks to save');
    assert.strictEqual(vscode.window.activeTextEditor?.document, doc);
    const text = doc.getText();
    assert.match(text, /^# Claude Chat — client metrics/);
    const snapshot = env.api.client.metrics.snapshot() as unknown as Record<string, unknown>;
    for (const key of Object.keys(snapshot).filter((k) => !(`${k}Ms` in snapshot))) assert.ok(text.includes(humanizeKey(key)), `metrics document lacks ${key}`);
    const calls = (t: string): number => Number(/\| Calls \| (\d+) \|/.exec(t)?.[1]);
    await vscode.commands.executeCommand('claudeChat.ask', 'short answer: and again');
    const again = (await vscode.commands.executeCommand('claudeChat.showMetrics')) as vscode.TextDocument;
    assert.strictEqual(again, doc, 'the same document');
    // At least the answer's call; the check before sending (count_tokens) and the panel's meter may add their own.
    assert.ok(calls(again.getText()) > calls(text), `with the new snapshot: ${calls(text)} then ${calls(again.getText())}`);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === 'claude-chat-metrics');
    assert.strictEqual(tabs.length, 1, 'one tab however often it runs');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('claudeChat.openLog is registered and runs without error', async () => {
    // No API tells which output channel is visible, so this only proves the command works.
    await vscode.commands.executeCommand('claudeChat.openLog');
  });
});
