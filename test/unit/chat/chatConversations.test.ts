// The chat controller's conversations against the emulator: chips, open/rename/delete, reopening
// after a reload, the banner and the code actions (see chatFixture.ts for the parts).
import * as assert from 'assert';
import { chatFixture } from './chatFixture';

describe('chat: ChatController conversations against the emulator', function () {
  const f = chatFixture();

  it('attaches the selection as a chip, sends its text with the prompt, then clears the chip', async () => {
    await f.ready();
    const chips = f.view.next('context/attachSelection');
    f.view.send({ type: 'context/attachSelection', requestId: 'r60' });
    const chip = (await chips).chips[0];
    assert.strictEqual(chip.label, 'sample.ts:1-3');
    const done = f.view.next('answer/ask');
    f.view.send({ type: 'answer/ask', requestId: 'r11', text: 'What is this?', chipIds: [chip.id] });
    await done;
    const req = f.emulator.requests.filter((r) => r.path === '/v1/messages').pop();
    const content = (req?.body as { messages: Array<{ content: Array<{ text: string }> }> }).messages[0].content[0].text;
    assert.match(content, /sample\.ts:1-3[\s\S]*export const answer = 42;[\s\S]*What is this\?$/);
    assert.deepStrictEqual(f.view.ofType('context/chips').pop()?.chips, []);
    assert.deepStrictEqual(f.controller.current.turns[0].context?.map((c) => c.label), ['sample.ts:1-3']);
    const none = f.view.next('context/attachFile');
    f.view.send({ type: 'context/attachFile', requestId: 'r61' });
    assert.match((await none).notice?.message ?? '', /Open a file/, 'the reply says why nothing was attached');
  });

  it('history: open, rename and delete go through the store and each gets one reply with the state', async () => {
    await f.ready();
    const done = f.view.next('answer/ask');
    f.view.send({ type: 'answer/ask', requestId: 'r12', text: 'echo first chat', chipIds: [] });
    await done;
    const firstId = f.controller.current.id;
    await f.controller.newChat();
    assert.notStrictEqual(f.controller.current.id, firstId);
    assert.strictEqual(f.view.ofType('conversation/state').length, 1, 'a command gets no reply: the panel is told the state');
    const opened = f.view.next('conversation/open');
    f.view.send({ type: 'conversation/open', requestId: 'r13', conversationId: firstId });
    assert.strictEqual((await opened).state.conversation.turns[1].text, 'first chat');
    const renamed = f.view.next('conversation/rename');
    f.view.send({ type: 'conversation/rename', requestId: 'r14', conversationId: firstId, title: 'Renamed' });
    assert.ok((await renamed).state.history.some((h) => h.title === 'Renamed'));
    assert.strictEqual((await f.store.load(firstId))?.title, 'Renamed');
    const deleted = f.view.next('conversation/delete');
    f.view.send({ type: 'conversation/delete', requestId: 'r15', conversationId: firstId });
    assert.ok(!(await deleted).state.history.some((h) => h.id === firstId));
    assert.strictEqual(await f.store.load(firstId), undefined);
    const missing = f.view.next('conversation/open');
    f.view.send({ type: 'conversation/open', requestId: 'r16', conversationId: firstId });
    assert.match((await missing).notice?.message ?? '', /no longer exists/);
  });

  it('after a reload reopens the conversation the panel showed, not the newest', async () => {
    const [older] = await f.twoConversations();
    const { controller: next, view: nextView } = f.reloaded();
    const init = nextView.next('panel/ready');
    nextView.send({ type: 'panel/ready', requestId: 'ready-2', conversationId: older, loadedMs: 300 });
    assert.strictEqual((await init).state.conversation.id, older);
    assert.ok(f.logs.some((l) => /^info Chat panel shown in \d+ ms \(ready after \d+ ms, its page loaded in 300 ms, conversation reopened in \d+ ms/.test(l)), f.logs.join('\n'));
    next.dispose();
  });

  it('after a reload shows a new chat again when that is what the panel showed', async () => {
    await f.twoConversations();
    const { controller: next, view: nextView } = f.reloaded();
    const init = nextView.next('panel/ready');
    nextView.send({ type: 'panel/ready', requestId: 'ready-2', conversationId: 'never-saved-new-chat' });
    const state = (await init).state;
    assert.deepStrictEqual(state.conversation.turns, []);
    next.dispose();
  });

  it('without panel state, reopens the conversation last shown in the workspace (host memento)', async () => {
    const [older] = await f.twoConversations();
    const remembered: string[] = [];
    const { controller: next, view: nextView } = f.reloaded({ lastConversation: () => older, rememberConversation: (id) => remembered.push(id) });
    const init = nextView.next('panel/ready');
    nextView.send({ type: 'panel/ready', requestId: 'ready-2' });
    assert.strictEqual((await init).state.conversation.id, older);
    assert.deepStrictEqual(remembered, [older], 'the shown conversation is remembered for the next reload');
    next.dispose();
  });

  it('the workspace record wins over a stale panel view state (code-server restored an older one)', async () => {
    const [older, newer] = await f.twoConversations();
    const { controller: next, view: nextView } = f.reloaded({ lastConversation: () => older });
    const init = nextView.next('panel/ready');
    nextView.send({ type: 'panel/ready', requestId: 'ready-2', conversationId: newer });
    assert.strictEqual((await init).state.conversation.id, older);
    next.dispose();
  });

  it('a dismissed banner stays dismissed; the conversation list toggle waits for the panel', async () => {
    let dismissed = false;
    const { controller: next, view: nextView } = f.reloaded({ banner: () => (dismissed ? undefined : 'Emulator mode'), dismissBanner: () => (dismissed = true) });
    next.toggleHistoryList();
    assert.strictEqual(nextView.messages.length, 0, 'queued until ready');
    const init = nextView.next('panel/ready');
    nextView.send({ type: 'panel/ready', requestId: 'ready-2' });
    assert.strictEqual((await init).state.banner, 'Emulator mode');
    assert.deepStrictEqual(nextView.messages.slice(1, 2).map((m) => m.type), ['panel/toggleHistory']);
    const dismissReply = nextView.next('panel/dismissBanner');
    nextView.send({ type: 'panel/dismissBanner', requestId: 'r70' });
    await dismissReply;
    const state = nextView.next('conversation/state');
    await next.newChat();
    assert.strictEqual((await state).state.banner, undefined);
    next.dispose();
  });

  it('code actions go to the editor bridge, each with one reply; non-web links are refused', async () => {
    await f.ready();
    const copied = f.view.next('editor/copy');
    f.view.send({ type: 'editor/copy', requestId: 'r80', text: 'abc' });
    assert.match((await copied).notice?.message ?? '', /Copied/);
    f.view.send({ type: 'editor/insertCode', requestId: 'r81', code: 'x()', language: 'ts' });
    f.view.send({ type: 'editor/newFile', requestId: 'r82', code: 'y()', language: 'python' });
    f.view.send({ type: 'editor/openLink', requestId: 'r83', href: 'https://example.com/' });
    const refused = f.view.next('editor/openLink', (m) => m.requestId === 'r84');
    f.view.send({ type: 'editor/openLink', requestId: 'r84', href: 'command:workbench.action.quit' });
    assert.match((await refused).notice?.message ?? '', /Only http and https/);
    assert.deepStrictEqual(f.editor.calls, ['copy:abc', 'insert:x()', 'newFile:python:y()', 'open:https://example.com/']);
    const ids = f.view.messages.filter((m) => m.type.startsWith('editor/')).map((m) => ('requestId' in m ? m.requestId : ''));
    assert.deepStrictEqual(ids.sort(), ['r80', 'r81', 'r82', 'r83', 'r84'], 'one reply per request');
  });
});
