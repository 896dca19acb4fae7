// The token budget in the real extension host: a chat controller over the extension's live client,
// settings (read from VS Code's configuration) and history store, and an in-process emulator. It is
// a controller of its own because the workbench may resolve the real chat view at any moment, and
// the live controller then talks to that view instead. A recording view plays the panel through the
// typed protocol; the emulator counts what reached it.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { ChatController } from '../../../src/chat/chatController';
import { historyStoreAdapter } from '../../../src/chat/historyAdapter';
import type { ChatClient } from '../../../src/chat/types';
import { runAsk } from '../../../src/commands/runAsk';
import type { EditorContextItem } from '../../../src/editor/editorContext';
import type { ToWebview } from '../../../src/shared/protocol';
import type { Emulator } from '../../emulator/types';
import { RecordingEditor, RecordingView } from '../../unit/chat/chatFixture';
import { setUp, tearDown } from '../commands/commandHarness';
import type { CommandEnv } from '../commands/commandHarness';
import { setSetting } from '../support/hostHarness';
import { windowPrompter } from '../../../src/ui/prompter';

const countRequests = (emulator: Emulator): number => emulator.requests.filter((r) => r.path === '/v1/messages/count_tokens').length;
const messageBodies = (emulator: Emulator) =>
  emulator.requests.filter((r) => r.path === '/v1/messages').map((r) => r.body as { messages: Array<{ role: string; content: unknown }> });

describe('token budget in the extension host', function () {
  this.timeout(60_000);
  let env: CommandEnv | undefined;
  let chat: ChatController;
  let view: RecordingView;
  let link: vscode.Disposable | undefined;
  let n = 0;

  before(async () => {
    env = await setUp(0);
    const { api, history } = env;
    chat = new ChatController({
      client: () => api.client as unknown as ChatClient,
      settings: () => ({ ...api.settings.current, temperature: api.settings.effectiveTemperature, thinkingBudget: api.settings.effectiveThinkingBudget }),
      store: historyStoreAdapter(history),
      editor: new RecordingEditor(),
      logger: api.logger,
      listModels: async () => (await api.client.models.list()).map((m) => m.id),
    });
  });
  after(async () => {
    const config = vscode.workspace.getConfiguration('claudeChat');
    for (const name of ['contextWindow', 'maxCostPerMessage']) await config.update(name, undefined, vscode.ConfigurationTarget.Global);
    chat?.dispose();
    await chat?.flushSaves();
    await tearDown(env);
  });
  beforeEach(async () => {
    await chat.newChat();
    view = new RecordingView();
    link = chat.attachView(view);
    const ready = view.next('panel/ready');
    view.send({ type: 'panel/ready', requestId: `ready-${++n}` });
    await ready;
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') {
      console.log(JSON.stringify(view.messages.filter((m) => m.type !== 'answer/delta')).slice(-3000));
      console.log(JSON.stringify(env?.emulator.requests.map((r) => [r.path, r.status])));
    }
    link?.dispose();
  });

  const draft = (text: string) => view.send({ type: 'composer/draft', text, chipIds: [], editing: false });
  const reading = (state: string, tokens?: number) => view.next('budget/reading', (m) => m.reading.state === state && (tokens === undefined || m.reading.tokens === tokens));

  async function ask(text: string, omitTurnIds?: string[]): Promise<Extract<ToWebview, { type: 'answer/ask' }>> {
    const requestId = `ask-${++n}`;
    const done = view.next('answer/ask', (m) => m.requestId === requestId);
    const refused = view.next('request/error', (m) => m.requestId === requestId).then((m) => assert.fail(`ask refused: ${m.message}`));
    view.send({ type: 'answer/ask', requestId, text, chipIds: [], ...(omitTurnIds ? { omitTurnIds } : {}) });
    return Promise.race([done, refused]);
  }

  async function check(text: string, omitTurnIds?: string[]) {
    const requestId = `check-${++n}`;
    const done = view.next('budget/check', (m) => m.requestId === requestId);
    view.send({ type: 'budget/check', requestId, text, chipIds: [], editing: false, ...(omitTurnIds ? { omitTurnIds } : {}) });
    return done;
  }

  it('counts a burst of typing once, and the same draft again from the cache (counted on the emulator)', async () => {
    const e = env as CommandEnv;
    const before = countRequests(e.emulator);
    const counted = reading('counted');
    for (const text of ['e', 'ec', 'ech', 'echo', 'echo host meter']) draft(text);
    const first = (await counted).reading;
    assert.strictEqual(countRequests(e.emulator) - before, 1, 'five changes within the pause: one count_tokens request');
    assert.ok(first.tokens > 0);
    assert.ok(first.costUsd !== undefined && first.costUsd > 0, 'priced from the one table');
    const again = reading('counted', first.tokens);
    draft('echo host mete');
    draft('echo host meter');
    await again;
    assert.strictEqual(countRequests(e.emulator) - before, 1, 'an unchanged draft is not counted again');
  });

  it('leaving out the oldest messages over claudeChat.contextWindow: the request the emulator receives goes without them', async () => {
    const e = env as CommandEnv;
    await ask(`echo first ${'a'.repeat(200)}`);
    await ask(`echo second ${'b'.repeat(200)}`);
    const ids = chat.current.turns.map((t) => t.id);
    await setSetting(e.api, 'contextWindow', 150);
    const text = `echo third ${'c'.repeat(80)}`;
    const { overrun } = await check(text);
    assert.ok(overrun?.overWindow, JSON.stringify(overrun));
    const trim = overrun.options.find((o) => o.kind === 'oldestTurns');
    assert.ok(trim && trim.kind === 'oldestTurns' && trim.fits, JSON.stringify(overrun.options));
    const left = trim.turnIds.length;
    assert.ok(left === 2 || left === 4, `whole exchanges: ${left}`);
    assert.deepStrictEqual(trim.turnIds, ids.slice(0, left), 'the oldest first');
    assert.strictEqual((await check(text, [...trim.turnIds])).overrun, undefined, 'fits without them');
    const done = await ask(text, [...trim.turnIds]);
    assert.strictEqual(done.turn.status, 'complete');
    const sent = JSON.stringify(messageBodies(e.emulator).pop()?.messages);
    assert.doesNotMatch(sent, /echo first/, 'the oldest question did not reach the API');
    assert.match(sent, /echo third/);
    if (left === 2) assert.match(sent, /echo second/, 'the newer exchange went with it');
    assert.strictEqual(chat.current.turns.length, 6, 'the messages left out stay in the conversation');
    assert.strictEqual(view.ofType('answer/userTurn').pop()?.turn.leftOut, left, 'the question is marked');
    await setSetting(e.api, 'contextWindow', 0);
  });

  it('claudeChat.maxCostPerMessage: over it, the check says so and no message is sent', async () => {
    const e = env as CommandEnv;
    await setSetting(e.api, 'maxCostPerMessage', 0.000001);
    const before = messageBodies(e.emulator).length;
    const { overrun } = await check(`echo ${'d'.repeat(400)}`);
    assert.ok(overrun?.overCost && !overrun.overWindow, JSON.stringify(overrun));
    assert.strictEqual(overrun.costLimitUsd, 0.000001);
    assert.strictEqual(messageBodies(e.emulator).length, before);
    await setSetting(e.api, 'maxCostPerMessage', 0);
  });

  // Claude: Explain Selection and the other palette prompts go through runAsk with the selection as context.
  const selection = (text: string): EditorContextItem => ({ kind: 'selection', label: 'big.ts:1-40', text, language: 'typescript' });

  it('a palette prompt over claudeChat.contextWindow: nothing reaches the API, the panel holds the draft, its chip and the warning', async () => {
    const e = env as CommandEnv;
    await setSetting(e.api, 'contextWindow', 150);
    try {
      const sentBefore = messageBodies(e.emulator).length;
      const countsBefore = countRequests(e.emulator);
      const held = view.next('budget/held');
      const result = await runAsk(chat, windowPrompter, 'Explain this code', [selection('const x = 1;\n'.repeat(120))]);
      const m = await held;
      assert.strictEqual(result, undefined, 'runAsk resolves undefined: the progress ends');
      assert.strictEqual(messageBodies(e.emulator).length, sentBefore, 'no message reached the emulator');
      assert.ok(countRequests(e.emulator) > countsBefore, 'the draft was counted on the emulator');
      assert.strictEqual(m.text, 'Explain this code');
      assert.strictEqual(m.chipIds.length, 1);
      assert.ok(m.overrun.overWindow, JSON.stringify(m.overrun));
      const remove = m.overrun.options.find((o) => o.kind === 'attachment');
      assert.ok(remove && remove.kind === 'attachment' && remove.chipId === m.chipIds[0] && remove.label === 'big.ts:1-40', JSON.stringify(m.overrun.options));
      const chips = view.ofType('context/chips').pop()?.chips ?? [];
      assert.ok(chips.some((c) => c.id === m.chipIds[0]), 'the selection is a chip in the composer');
      assert.strictEqual(chat.current.turns.length, 0, 'nothing was added to the conversation');

      // The user's choice in the panel, as after Send: remove the attachment, then the check passes and the prompt is answered.
      view.send({ type: 'context/removeChip', requestId: `rm-${++n}`, chipId: m.chipIds[0] });
      assert.strictEqual((await check('echo explain without it')).overrun, undefined);
      const done = await ask('echo explain without it');
      assert.strictEqual(done.turn.status, 'complete');
      assert.doesNotMatch(JSON.stringify(messageBodies(e.emulator).pop()?.messages), /const x = 1/, 'the removed selection did not go');
    } finally {
      await setSetting(e.api, 'contextWindow', 0);
    }
  });

  it('a palette prompt within the budget is sent with its selection and answered, with no warning', async () => {
    const e = env as CommandEnv;
    const sentBefore = messageBodies(e.emulator).length;
    const result = (await runAsk(chat, windowPrompter, 'Explain this code', [selection('const y = 2;')])) as { status?: string } | undefined;
    assert.strictEqual(result?.status, 'complete');
    assert.strictEqual(messageBodies(e.emulator).length, sentBefore + 1);
    assert.match(JSON.stringify(messageBodies(e.emulator).pop()?.messages), /const y = 2;/, 'the selection went as context');
    assert.strictEqual(view.ofType('budget/held').length, 0);
    assert.strictEqual(chat.current.turns.length, 2);
  });

  // Last: the meter stops asking an endpoint that answered 404 for a while.
  it('count_tokens answering 404: the meter says it cannot count, and the message is sent and answered', async () => {
    const e = env as CommandEnv;
    e.emulator.setCountTokens(false);
    try {
      const unavailable = reading('unavailable');
      draft('echo without a count');
      const r = (await unavailable).reading;
      assert.match(r.reason ?? '', /cannot count tokens.*Sending still works/);
      assert.strictEqual((await check('echo without a count')).overrun, undefined);
      const done = await ask('echo without a count');
      assert.strictEqual(done.turn.status, 'complete');
      assert.strictEqual(chat.current.turns[chat.current.turns.length - 1].text, 'without a count');
    } finally {
      e.emulator.setCountTokens(true);
    }
  });
});
