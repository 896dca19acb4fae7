// The chat controller with real parts: the real AnthropicClient streaming from the local
// emulator (real HTTP + SSE, scripted faults) and the real HistoryStore on a temp folder.
// Only the vscode-facing edges are stand-ins: the webview (a recorder of posted messages) and
// the editor bridge (records clipboard/insert calls).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AnthropicClient } from '../../../src/api';
import { ChatController } from '../../../src/chat/chatController';
import { historyStoreAdapter } from '../../../src/chat/historyAdapter';
import type { ChatClient, ChatSettings, EditorBridge } from '../../../src/chat/types';
import type { ViewPort } from '../../../src/chat/viewChannel';
import type { ToWebview } from '../../../src/shared/protocol';
import { HistoryStore } from '../../../src/state/historyStore';
import { startEmulator } from '../../emulator';
import type { Emulator } from '../../emulator';

class RecordingView implements ViewPort {
  readonly messages: ToWebview[] = [];
  private listener: ((m: unknown) => void) | undefined;
  private waiters: Array<{ pred: (m: ToWebview) => boolean; resolve: (m: ToWebview) => void; from: number }> = [];

  postMessage(message: ToWebview): boolean {
    // Structured clone drops undefined fields, like the real webview channel.
    const m = JSON.parse(JSON.stringify(message)) as ToWebview;
    this.messages.push(m);
    this.waiters = this.waiters.filter((w) => (w.pred(m) ? (w.resolve(m), false) : true));
    return true;
  }
  onDidReceiveMessage(listener: (m: unknown) => void): { dispose(): void } {
    this.listener = listener;
    return { dispose: () => (this.listener = undefined) };
  }
  /** What the panel would send. */
  send(m: unknown): void {
    this.listener?.(m);
  }
  /** Resolves with the first message from now on matching `pred`. */
  next<T extends ToWebview['type']>(type: T, pred: (m: Extract<ToWebview, { type: T }>) => boolean = () => true): Promise<Extract<ToWebview, { type: T }>> {
    return new Promise((resolve) => {
      this.waiters.push({ pred: (m) => m.type === type && pred(m as Extract<ToWebview, { type: T }>), resolve: resolve as (m: ToWebview) => void, from: this.messages.length });
    });
  }
  ofType<T extends ToWebview['type']>(type: T): Array<Extract<ToWebview, { type: T }>> {
    return this.messages.filter((m): m is Extract<ToWebview, { type: T }> => m.type === type);
  }
}

class RecordingEditor implements EditorBridge {
  readonly calls: string[] = [];
  selection() {
    return { kind: 'selection' as const, label: 'sample.ts:1-3', text: 'export const answer = 42;', language: 'typescript' };
  }
  activeFile() {
    return undefined;
  }
  async copy(text: string) {
    this.calls.push(`copy:${text}`);
  }
  async insertCode(code: string) {
    this.calls.push(`insert:${code}`);
    return true;
  }
  async newFile(code: string, language?: string) {
    this.calls.push(`newFile:${language}:${code}`);
  }
  async openExternal(href: string) {
    this.calls.push(`open:${href}`);
  }
}

const settings: ChatSettings = {
  model: 'claude-sonnet-4-5',
  apiVersion: '2026-10-21',
  maxTokens: 1024,
  systemPrompt: 'You are terse.',
  promptCaching: true,
  thinkingBudget: 0,
};

describe('chat: ChatController against the emulator', function () {
  let emulator: Emulator;
  let client: AnthropicClient;
  let dir: string;
  let store: HistoryStore;
  let view: RecordingView;
  let editor: RecordingEditor;
  let controller: ChatController;
  const logs: string[] = [];
  let ids = 0;

  before(async () => {
    emulator = await startEmulator();
  });
  after(async () => {
    await emulator.close();
  });

  beforeEach(async () => {
    emulator.reset();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-chat-'));
    store = new HistoryStore(dir);
    client = new AnthropicClient({ apiKey: 'test-key-1', baseURL: emulator.url, maxRetries: 3, random: () => 0.5 });
    view = new RecordingView();
    editor = new RecordingEditor();
    logs.length = 0;
    controller = newController({ banner: () => 'Using the local Anthropic emulator — no API key set' });
    controller.attachView(view);
  });

  /** A controller over this test's client, store and editor, logging into `logs`. */
  function newController(extra: Partial<ConstructorParameters<typeof ChatController>[0]> = {}): ChatController {
    return new ChatController({
      client: () => client as unknown as ChatClient,
      settings: () => settings,
      store: historyStoreAdapter(store),
      editor,
      logger: { info: (m) => logs.push(`info ${m}`), warn: (m) => logs.push(`warn ${m}`), error: (m) => logs.push(`error ${m}`) },
      newId: () => `id-${++ids}`,
      ...extra,
    });
  }

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') console.log(JSON.stringify(view.messages.map((m) => (m.type === 'delta' ? 'delta' : m)), null, 1).slice(0, 4000), logs);
    controller.dispose();
    await controller.flushSaves();
    await store.flush();
    store.dispose();
    client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function ready(): Promise<Extract<ToWebview, { type: 'init' }>> {
    const init = view.next('init');
    view.send({ type: 'ready' });
    return init;
  }

  it('posts nothing before ready, then a full init with the banner', async () => {
    await controller.newChat();
    assert.strictEqual(view.messages.length, 0, 'state before ready must be held back');
    const init = await ready();
    assert.strictEqual(view.messages[0].type, 'init');
    assert.strictEqual(init.state.banner, 'Using the local Anthropic emulator — no API key set');
    assert.deepStrictEqual(init.state.conversation.turns, []);
  });

  it('streams an answer: userMessage, answerStart, deltas that add up, done with usage and cost; and saves it', async () => {
    await ready();
    const done = view.next('done');
    view.send({ type: 'send', requestId: 'r1', text: 'echo Hello **world**', chipIds: [] });
    const d = await done;
    assert.strictEqual(d.requestId, 'r1');
    assert.strictEqual(d.turn.text, 'Hello **world**');
    assert.strictEqual(d.turn.status, 'complete');
    const streamed = view.ofType('delta').map((m) => m.text).join('');
    assert.strictEqual(streamed, 'Hello **world**');
    assert.ok(d.usage && d.usage.outputTokens > 0, 'usage reported');
    assert.ok(typeof d.cost === 'number' && d.cost > 0, 'cost from the price table');
    const order = view.messages.map((m) => m.type).filter((t) => ['userMessage', 'answerStart', 'delta', 'done'].includes(t));
    assert.deepStrictEqual([order[0], order[1], order[order.length - 1]], ['userMessage', 'answerStart', 'done']);
    // The request: system and last user turn cached, the key in the Bearer header only.
    const req = emulator.requests.filter((r) => r.path === '/v1/messages').pop();
    const body = req?.body as { system: unknown; messages: Array<{ content: unknown }>; stream: boolean };
    assert.deepStrictEqual(body.system, [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }]);
    assert.deepStrictEqual(body.messages[0].content, [{ type: 'text', text: 'echo Hello **world**', cache_control: { type: 'ephemeral' } }]);
    await controller.flushSaves();
    const saved = await store.load(controller.current.id);
    assert.deepStrictEqual(saved?.messages.map((m) => [m.role, m.content, m.status]), [
      ['user', 'echo Hello **world**', 'complete'],
      ['assistant', 'Hello **world**', 'complete'],
    ]);
    assert.strictEqual(saved?.title, 'echo Hello **world**');
  });

  it('shows a 529 retry wait with attempt numbers, then the answer', async () => {
    await ready();
    emulator.script({ status: 529, retryAfterMs: 20 }, {});
    const done = view.next('done');
    view.send({ type: 'send', requestId: 'r2', text: 'echo after overload', chipIds: [] });
    const d = await done;
    const waits = view.ofType('retryWait');
    assert.strictEqual(waits.length, 1);
    assert.strictEqual(waits[0].requestId, 'r2');
    assert.strictEqual(waits[0].attempt, 1);
    assert.strictEqual(waits[0].maxRetries, 3);
    assert.match(waits[0].reason, /overloaded/);
    assert.strictEqual(d.turn.text, 'after overload');
  });

  it('keeps the partial answer after a mid-stream reset, and Continue completes it with a prefill', async () => {
    await ready();
    emulator.script({ destroyAfterEvents: 8, reset: true }, {});
    const failed = view.next('error');
    view.send({ type: 'send', requestId: 'r3', text: 'tell me something', chipIds: [] });
    const err = await failed;
    assert.strictEqual(err.partial, true);
    assert.strictEqual(err.requestId, 'r3');
    const partialTurn = controller.current.turns[1];
    assert.strictEqual(partialTurn.status, 'partial');
    assert.ok(partialTurn.text.length > 0, 'partial text kept');
    assert.strictEqual(view.ofType('done').length, 0, 'exactly one error, no done');

    const done = view.next('done');
    view.send({ type: 'continue', requestId: 'r4' });
    const d = await done;
    const req = emulator.requests.filter((r) => r.path === '/v1/messages').pop();
    const msgs = (req?.body as { messages: Array<{ role: string; content: unknown }> }).messages;
    assert.deepStrictEqual(msgs[msgs.length - 1], { role: 'assistant', content: partialTurn.text.trimEnd() });
    assert.strictEqual(d.turn.id, partialTurn.id, 'continued in the same turn');
    assert.strictEqual(d.turn.status, 'complete');
    assert.ok(d.turn.text.startsWith(partialTurn.text.trimEnd()) && d.turn.text.length > partialTurn.text.trimEnd().length);
  });

  /** Sends a paced long answer and stops it after its first delta; resolves with the error reply. */
  async function stopMidStream(requestId: string): Promise<Extract<ToWebview, { type: 'error' }>> {
    emulator.script({ paceMs: 30, text: 'word '.repeat(200) });
    const firstDelta = view.next('delta');
    const failed = view.next('error');
    view.send({ type: 'send', requestId, text: 'long please', chipIds: [] });
    await firstDelta;
    view.send({ type: 'stop', requestId });
    return failed;
  }

  it('stops mid-stream: one error of kind aborted, the turn kept as stopped', async () => {
    await ready();
    const err = await stopMidStream('r5');
    assert.strictEqual(err.kind, 'aborted');
    assert.strictEqual(controller.current.turns[1].status, 'stopped');
    assert.ok(controller.current.turns[1].text.length < 'word '.repeat(200).length);
    assert.strictEqual(controller.busy, false);
    assert.strictEqual(view.ofType('done').length, 0);
  });

  it('keeps the stop reason of an answer cut at max_tokens, saves it, and Continue replaces it with end_turn', async () => {
    await ready();
    emulator.script({ stopReason: 'max_tokens', text: 'The first half of the answer' }, { text: 'The first half of the answer, and the rest.' });
    let done = view.next('done');
    view.send({ type: 'send', requestId: 'r10', text: 'a long one', chipIds: [] });
    let d = await done;
    assert.strictEqual(d.turn.status, 'complete');
    assert.strictEqual(d.turn.stopReason, 'max_tokens');
    await controller.flushSaves();
    assert.strictEqual((await store.load(controller.current.id))?.messages[1].stopReason, 'max_tokens', 'kept in history');
    done = view.next('done');
    view.send({ type: 'continue', requestId: 'r11' });
    d = await done;
    assert.strictEqual(d.turn.text, 'The first half of the answer, and the rest.');
    assert.strictEqual(d.turn.stopReason, 'end_turn');
    const msgs = (emulator.requests.filter((r) => r.path === '/v1/messages').pop()?.body as { messages: Array<{ role: string; content: unknown }> }).messages;
    assert.deepStrictEqual(msgs[msgs.length - 1], { role: 'assistant', content: 'The first half of the answer' }, 'continued as a prefill');
  });

  it('passes refusal and unknown future stop reasons through to the panel and the store', async () => {
    await ready();
    for (const [i, stopReason] of ['refusal', 'pause_turn', 'some_future_reason'].entries()) {
      emulator.script({ stopReason, text: `answer ${i}` });
      const done = view.next('done');
      view.send({ type: 'send', requestId: `r2${i}`, text: `q ${i}`, chipIds: [] });
      assert.strictEqual((await done).turn.stopReason, stopReason);
    }
    await controller.flushSaves();
    const saved = await store.load(controller.current.id);
    assert.deepStrictEqual(saved?.messages.filter((m) => m.role === 'assistant').map((m) => m.stopReason), ['refusal', 'pause_turn', 'some_future_reason']);
  });

  it('a stopped answer reopens as stopped (not as failed) after a reload', async () => {
    await ready();
    await stopMidStream('r30');
    await controller.flushSaves();
    const reopened = await historyStoreAdapter(store).load(controller.current.id);
    assert.strictEqual(reopened?.turns[1].status, 'stopped');
    assert.strictEqual(reopened?.turns[1].errorMessage, undefined);
    assert.strictEqual(reopened?.turns[1].stopReason, undefined);
  });

  it('regenerate replaces the last answer; editLast replaces the last question', async () => {
    await ready();
    let done = view.next('done');
    view.send({ type: 'send', requestId: 'r6', text: 'echo one', chipIds: [] });
    await done;
    done = view.next('done');
    view.send({ type: 'regenerate', requestId: 'r7' });
    await done;
    assert.deepStrictEqual(controller.current.turns.map((t) => t.text), ['echo one', 'one']);
    done = view.next('done');
    view.send({ type: 'editLast', requestId: 'r8', text: 'echo two' });
    await done;
    assert.deepStrictEqual(controller.current.turns.map((t) => t.text), ['echo two', 'two']);
  });

  it('answers an invalid message with a protocol error, logs it and keeps working', async () => {
    await ready();
    const err = view.next('error');
    view.send({ type: 'send', requestId: 'r9', text: 42 });
    const e = await err;
    assert.strictEqual(e.kind, 'protocol');
    assert.strictEqual(e.requestId, 'r9');
    assert.ok(logs.some((l) => l.startsWith('warn') && l.includes('text must be a string')));
    const unknown = view.next('error');
    view.send({ type: 'format-disk' });
    assert.match((await unknown).message, /unknown message type/);
    const done = view.next('done');
    view.send({ type: 'send', requestId: 'r10', text: 'echo still fine', chipIds: [] });
    assert.strictEqual((await done).turn.text, 'still fine');
  });

  it('answers each hardened refusal (holes, a bad chip id, a blank prompt, NUL in a link) with a logged protocol error', async () => {
    await ready();
    const holes = new Array<unknown>(3);
    holes[0] = 'c1';
    const refused: Array<[unknown, RegExp]> = [
      [{ type: 'send', requestId: 'r20', text: 'hi', chipIds: holes }, /chipIds\[1\] is a hole/],
      [{ type: 'send', requestId: 'r21', text: 'hi', chipIds: ['<img src=x>'] }, /chipIds\[0\] has an invalid format/],
      [{ type: 'editLast', requestId: 'r22', text: ' \n ' }, /text is blank/],
      [{ type: 'openLink', href: 'https://example.com/\u0000' }, /href must be one line/],
    ];
    for (const [raw, reason] of refused) {
      const err = view.next('error');
      view.send(raw);
      const e = await err;
      assert.strictEqual(e.kind, 'protocol');
      assert.match(e.message, reason);
      const requestId = (raw as { requestId?: string }).requestId;
      assert.strictEqual(e.requestId, requestId, 'the reply carries the request id when it is valid');
      assert.ok(logs.some((l) => l.startsWith('warn') && reason.test(l)), `logged: ${reason}`);
    }
    assert.strictEqual(emulator.requests.filter((r) => r.path === '/v1/messages').length, 0, 'nothing refused reached the API');
  });

  it('attaches the selection as a chip, sends its text with the prompt, then clears the chip', async () => {
    await ready();
    const chips = view.next('chips');
    view.send({ type: 'attachSelection' });
    const chip = (await chips).chips[0];
    assert.strictEqual(chip.label, 'sample.ts:1-3');
    const done = view.next('done');
    view.send({ type: 'send', requestId: 'r11', text: 'What is this?', chipIds: [chip.id] });
    await done;
    const req = emulator.requests.filter((r) => r.path === '/v1/messages').pop();
    const content = (req?.body as { messages: Array<{ content: Array<{ text: string }> }> }).messages[0].content[0].text;
    assert.match(content, /sample\.ts:1-3[\s\S]*export const answer = 42;[\s\S]*What is this\?$/);
    assert.deepStrictEqual(view.ofType('chips').pop()?.chips, []);
    assert.deepStrictEqual(controller.current.turns[0].chips ?? controller.current.turns[0].context?.map((c) => c.label), ['sample.ts:1-3']);
  });

  it('history: switch, rename and delete go through the store', async () => {
    await ready();
    const done = view.next('done');
    view.send({ type: 'send', requestId: 'r12', text: 'echo first chat', chipIds: [] });
    await done;
    const firstId = controller.current.id;
    await controller.newChat();
    assert.notStrictEqual(controller.current.id, firstId);
    const state = view.next('state', (m) => m.state.conversation.id === firstId);
    view.send({ type: 'switchConversation', conversationId: firstId });
    assert.strictEqual((await state).state.conversation.turns[1].text, 'first chat');
    const renamed = view.next('state', (m) => m.state.history.some((h) => h.title === 'Renamed'));
    view.send({ type: 'renameConversation', conversationId: firstId, title: 'Renamed' });
    await renamed;
    assert.strictEqual((await store.load(firstId))?.title, 'Renamed');
    const deleted = view.next('state', (m) => !m.state.history.some((h) => h.id === firstId));
    view.send({ type: 'deleteConversation', conversationId: firstId });
    await deleted;
    assert.strictEqual(await store.load(firstId), undefined);
  });

  /** A controller in a "new extension host" over the same store (a window reload). */
  function reloaded(extra: Partial<ConstructorParameters<typeof ChatController>[0]> = {}): { controller: ChatController; view: RecordingView } {
    const next = newController(extra);
    const nextView = new RecordingView();
    next.attachView(nextView);
    return { controller: next, view: nextView };
  }

  async function twoConversations(): Promise<[string, string]> {
    await ready();
    let done = view.next('done');
    view.send({ type: 'send', requestId: 'r40', text: 'echo older chat', chipIds: [] });
    await done;
    const older = controller.current.id;
    await controller.newChat();
    done = view.next('done');
    view.send({ type: 'send', requestId: 'r41', text: 'echo newer chat', chipIds: [] });
    await done;
    await controller.flushSaves();
    return [older, controller.current.id];
  }

  it('after a reload reopens the conversation the panel showed, not the newest', async () => {
    const [older] = await twoConversations();
    const { controller: next, view: nextView } = reloaded();
    const init = nextView.next('init');
    nextView.send({ type: 'ready', conversationId: older, loadedMs: 300 });
    assert.strictEqual((await init).state.conversation.id, older);
    assert.ok(logs.some((l) => /^info Chat panel shown in \d+ ms \(ready after \d+ ms, its page loaded in 300 ms, conversation reopened in \d+ ms/.test(l)), logs.join('\n'));
    next.dispose();
  });

  it('after a reload shows a new chat again when that is what the panel showed', async () => {
    await twoConversations();
    const { controller: next, view: nextView } = reloaded();
    const init = nextView.next('init');
    nextView.send({ type: 'ready', conversationId: 'never-saved-new-chat' });
    const state = (await init).state;
    assert.deepStrictEqual(state.conversation.turns, []);
    next.dispose();
  });

  it('without panel state, reopens the conversation last shown in the workspace (host memento)', async () => {
    const [older] = await twoConversations();
    const remembered: string[] = [];
    const { controller: next, view: nextView } = reloaded({ lastConversation: () => older, rememberConversation: (id) => remembered.push(id) });
    const init = nextView.next('init');
    nextView.send({ type: 'ready' });
    assert.strictEqual((await init).state.conversation.id, older);
    assert.deepStrictEqual(remembered, [older], 'the shown conversation is remembered for the next reload');
    next.dispose();
  });

  it('the workspace record wins over a stale panel view state (code-server restored an older one)', async () => {
    const [older, newer] = await twoConversations();
    const { controller: next, view: nextView } = reloaded({ lastConversation: () => older });
    const init = nextView.next('init');
    nextView.send({ type: 'ready', conversationId: newer });
    assert.strictEqual((await init).state.conversation.id, older);
    next.dispose();
  });

  it('a dismissed banner stays dismissed; the conversation list toggle waits for the panel', async () => {
    let dismissed = false;
    const { controller: next, view: nextView } = reloaded({ banner: () => (dismissed ? undefined : 'Emulator mode'), dismissBanner: () => (dismissed = true) });
    next.toggleHistoryList();
    assert.strictEqual(nextView.messages.length, 0, 'queued until ready');
    const init = nextView.next('init');
    nextView.send({ type: 'ready' });
    assert.strictEqual((await init).state.banner, 'Emulator mode');
    assert.deepStrictEqual(nextView.messages.slice(1, 2).map((m) => m.type), ['toggleHistory']);
    nextView.send({ type: 'dismissBanner' });
    const state = nextView.next('state');
    await next.newChat();
    assert.strictEqual((await state).state.banner, undefined);
    next.dispose();
  });

  it('code actions go to the editor bridge; non-web links are refused', async () => {
    await ready();
    const n1 = view.next('notice');
    view.send({ type: 'copy', text: 'abc' });
    await n1;
    view.send({ type: 'insertCode', code: 'x()', language: 'ts' });
    view.send({ type: 'newFile', code: 'y()', language: 'python' });
    view.send({ type: 'openLink', href: 'https://example.com/' });
    const refused = view.next('notice', (m) => /Only http and https/.test(m.message));
    view.send({ type: 'openLink', href: 'command:workbench.action.quit' });
    await refused;
    assert.deepStrictEqual(editor.calls, ['copy:abc', 'insert:x()', 'newFile:python:y()', 'open:https://example.com/']);
  });
});
