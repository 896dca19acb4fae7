// The chat controller's answers against the emulator: streaming, retries, partial and stopped
// answers, stop reasons, answering again, and the refusals (see chatFixture.ts for the parts).
import * as assert from 'assert';
import { historyStoreAdapter } from '../../../src/chat/historyAdapter';
import { chatFixture } from './chatFixture';

describe('chat: ChatController answers against the emulator', function () {
  const f = chatFixture();

  it('posts nothing before ready, then a full init with the banner', async () => {
    await f.controller.newChat();
    assert.strictEqual(f.view.messages.length, 0, 'state before ready must be held back');
    const init = await f.ready();
    assert.strictEqual(f.view.messages[0].type, 'panel/ready');
    assert.strictEqual(init.state.banner, 'Using the local Anthropic emulator — no API key set');
    assert.deepStrictEqual(init.state.conversation.turns, []);
  });

  it('streams an answer: userTurn, start, deltas that add up, the reply with usage and cost; and saves it', async () => {
    await f.ready();
    const done = f.view.next('answer/ask');
    f.view.send({ type: 'answer/ask', requestId: 'r1', text: 'echo Hello **world**', chipIds: [] });
    const d = await done;
    assert.strictEqual(d.requestId, 'r1');
    assert.strictEqual(f.textOf(d.turn.id), 'Hello **world**');
    assert.strictEqual(d.turn.status, 'complete');
    const streamed = f.view.ofType('answer/delta').map((m) => m.text).join('');
    assert.strictEqual(streamed, 'Hello **world**');
    assert.ok(d.turn.usage && d.turn.usage.output_tokens > 0, 'usage reported with the API field names');
    assert.ok(typeof d.turn.cost === 'number' && d.turn.cost > 0, 'cost from the price table');
    const order = f.view.messages.map((m) => m.type).filter((t) => ['answer/userTurn', 'answer/start', 'answer/delta', 'answer/ask'].includes(t));
    assert.deepStrictEqual([order[0], order[1], order[order.length - 1]], ['answer/userTurn', 'answer/start', 'answer/ask']);
    assert.strictEqual(f.view.ofType('answer/ask').length, 1, 'exactly one reply');
    // The request: system and last user turn cached, the key in the Bearer header only.
    const req = f.emulator.requests.filter((r) => r.path === '/v1/messages').pop();
    const body = req?.body as { system: unknown; messages: Array<{ content: unknown }>; stream: boolean };
    assert.deepStrictEqual(body.system, [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }]);
    assert.deepStrictEqual(body.messages[0].content, [{ type: 'text', text: 'echo Hello **world**', cache_control: { type: 'ephemeral' } }]);
    await f.controller.flushSaves();
    const saved = await f.store.load(f.controller.current.id);
    assert.deepStrictEqual(saved?.messages.map((m) => [m.role, m.content, m.status]), [
      ['user', 'echo Hello **world**', 'complete'],
      ['assistant', 'Hello **world**', 'complete'],
    ]);
    assert.deepStrictEqual(saved?.messages[1].usage, d.turn.usage, 'the same usage object shape in the file as on the wire');
    assert.strictEqual(saved?.title, 'echo Hello **world**');
  });

  it('shows a 529 retry wait with attempt numbers, then the answer', async () => {
    await f.ready();
    f.emulator.script({ status: 529, retryAfterMs: 20 }, {});
    const done = f.view.next('answer/ask');
    f.view.send({ type: 'answer/ask', requestId: 'r2', text: 'echo after overload', chipIds: [] });
    const d = await done;
    const waits = f.view.ofType('answer/retryWait');
    assert.strictEqual(waits.length, 1);
    assert.strictEqual(waits[0].requestId, 'r2');
    assert.strictEqual(waits[0].attempt, 1);
    assert.strictEqual(waits[0].maxRetries, 3);
    assert.match(waits[0].reason, /overloaded/);
    assert.strictEqual(f.textOf(d.turn.id), 'after overload');
  });

  it('keeps the partial answer after a mid-stream reset, and Continue completes it with a prefill', async () => {
    await f.ready();
    f.emulator.script({ destroyAfterEvents: 8, reset: true }, {});
    const failed = f.view.next('answer/ask');
    f.view.send({ type: 'answer/ask', requestId: 'r3', text: 'tell me something', chipIds: [] });
    const err = await failed;
    assert.strictEqual(err.turn.status, 'partial');
    assert.strictEqual(err.requestId, 'r3');
    assert.ok(err.turn.errorMessage, 'why it ended');
    const partialTurn = f.controller.current.turns[1];
    assert.strictEqual(partialTurn.status, 'partial');
    assert.ok(partialTurn.text.length > 0, 'partial text kept');
    assert.strictEqual(partialTurn.text, f.view.ofType('answer/delta').map((m) => m.text).join(''), 'the host kept exactly what the panel was sent');
    assert.strictEqual(f.view.ofType('request/error').length, 0, 'exactly one reply');

    const done = f.view.next('answer/continue');
    f.view.send({ type: 'answer/continue', requestId: 'r4' });
    const d = await done;
    const req = f.emulator.requests.filter((r) => r.path === '/v1/messages').pop();
    const msgs = (req?.body as { messages: Array<{ role: string; content: unknown }> }).messages;
    assert.deepStrictEqual(msgs[msgs.length - 1], { role: 'assistant', content: partialTurn.text.trimEnd() });
    assert.strictEqual(d.turn.id, partialTurn.id, 'continued in the same turn');
    assert.strictEqual(d.turn.status, 'complete');
    const text = f.textOf(d.turn.id) ?? '';
    assert.ok(text.startsWith(partialTurn.text.trimEnd()) && text.length > partialTurn.text.trimEnd().length);
  });

  it('stops mid-stream: one reply, the turn kept as stopped with the text the panel was sent', async () => {
    await f.ready();
    const reply = await f.stopMidStream('r5');
    assert.strictEqual(reply.turn.status, 'stopped');
    assert.strictEqual(f.controller.current.turns[1].status, 'stopped');
    assert.ok(f.controller.current.turns[1].text.length < 'word '.repeat(200).length);
    assert.strictEqual(f.controller.current.turns[1].text, f.view.ofType('answer/delta').map((m) => m.text).join(''));
    assert.strictEqual(f.controller.busy, false);
    assert.strictEqual(f.view.ofType('answer/ask').length, 1);
  });

  it('keeps the stop reason of an answer cut at max_tokens, saves it, and Continue replaces it with end_turn', async () => {
    await f.ready();
    f.emulator.script({ stopReason: 'max_tokens', text: 'The first half of the answer' }, { text: 'The first half of the answer, and the rest.' });
    const done = f.view.next('answer/ask');
    f.view.send({ type: 'answer/ask', requestId: 'r10', text: 'a long one', chipIds: [] });
    const d = await done;
    assert.strictEqual(d.turn.status, 'complete');
    assert.strictEqual(d.turn.stopReason, 'max_tokens');
    await f.controller.flushSaves();
    assert.strictEqual((await f.store.load(f.controller.current.id))?.messages[1].stopReason, 'max_tokens', 'kept in history');
    const continued = f.view.next('answer/continue');
    f.view.send({ type: 'answer/continue', requestId: 'r11' });
    const c = await continued;
    assert.strictEqual(f.textOf(c.turn.id), 'The first half of the answer, and the rest.');
    assert.strictEqual(c.turn.stopReason, 'end_turn');
    const msgs = (f.emulator.requests.filter((r) => r.path === '/v1/messages').pop()?.body as { messages: Array<{ role: string; content: unknown }> }).messages;
    assert.deepStrictEqual(msgs[msgs.length - 1], { role: 'assistant', content: 'The first half of the answer' }, 'continued as a prefill');
  });

  it('passes refusal and unknown future stop reasons through to the panel and the store', async () => {
    await f.ready();
    for (const [i, stopReason] of ['refusal', 'pause_turn', 'some_future_reason'].entries()) {
      f.emulator.script({ stopReason, text: `answer ${i}` });
      const done = f.view.next('answer/ask');
      f.view.send({ type: 'answer/ask', requestId: `r2${i}`, text: `q ${i}`, chipIds: [] });
      assert.strictEqual((await done).turn.stopReason, stopReason);
    }
    await f.controller.flushSaves();
    const saved = await f.store.load(f.controller.current.id);
    assert.deepStrictEqual(saved?.messages.filter((m) => m.role === 'assistant').map((m) => m.stopReason), ['refusal', 'pause_turn', 'some_future_reason']);
  });

  it('a stopped answer reopens as stopped (not as failed) after a reload', async () => {
    await f.ready();
    await f.stopMidStream('r30');
    await f.controller.flushSaves();
    const reopened = await historyStoreAdapter(f.store).load(f.controller.current.id);
    assert.strictEqual(reopened?.turns[1].status, 'stopped');
    assert.strictEqual(reopened?.turns[1].errorMessage, undefined);
    assert.strictEqual(reopened?.turns[1].stopReason, undefined);
  });

  it('regenerate replaces the last answer; editLast replaces the last question', async () => {
    await f.ready();
    const asked = f.view.next('answer/ask');
    f.view.send({ type: 'answer/ask', requestId: 'r6', text: 'echo one', chipIds: [] });
    await asked;
    const regenerated = f.view.next('answer/regenerate');
    f.view.send({ type: 'answer/regenerate', requestId: 'r7' });
    await regenerated;
    assert.deepStrictEqual(f.controller.current.turns.map((t) => t.text), ['echo one', 'one']);
    const edited = f.view.next('answer/editLast');
    f.view.send({ type: 'answer/editLast', requestId: 'r8', text: 'echo two' });
    await edited;
    assert.deepStrictEqual(f.controller.current.turns.map((t) => t.text), ['echo two', 'two']);
  });

  it('refuses a second answer while one streams, and an answer with nothing to answer, with request/error', async () => {
    await f.ready();
    const nothing = f.view.next('request/error', (m) => m.requestId === 'r50');
    f.view.send({ type: 'answer/regenerate', requestId: 'r50' });
    assert.strictEqual((await nothing).kind, 'invalid_request');
    f.emulator.script({ paceMs: 30, text: 'word '.repeat(100) });
    const firstDelta = f.view.next('answer/delta');
    f.view.send({ type: 'answer/ask', requestId: 'r51', text: 'long please', chipIds: [] });
    await firstDelta;
    const busy = f.view.next('request/error', (m) => m.requestId === 'r52');
    f.view.send({ type: 'answer/ask', requestId: 'r52', text: 'and another', chipIds: [] });
    assert.match((await busy).message, /still streaming/);
    const stopped = f.view.next('answer/ask');
    f.view.send({ type: 'answer/stop', answerId: 'r51' });
    assert.strictEqual((await stopped).requestId, 'r51');
  });

  it('answers an invalid message with a protocol error, logs it and keeps working', async () => {
    await f.ready();
    const err = f.view.next('request/error');
    f.view.send({ type: 'answer/ask', requestId: 'r9', text: 42 });
    const e = await err;
    assert.strictEqual(e.kind, 'protocol');
    assert.strictEqual(e.requestId, 'r9');
    assert.ok(f.logs.some((l) => l.startsWith('warn') && l.includes('text must be a string')));
    const unknown = f.view.next('request/error');
    f.view.send({ type: 'format-disk' });
    assert.match((await unknown).message, /unknown message type/);
    const done = f.view.next('answer/ask');
    f.view.send({ type: 'answer/ask', requestId: 'r10', text: 'echo still fine', chipIds: [] });
    assert.strictEqual(f.textOf((await done).turn.id), 'still fine');
  });

  it('answers each hardened refusal (holes, a bad chip id, a blank prompt, NUL in a link) with a logged protocol error', async () => {
    await f.ready();
    const holes = new Array<unknown>(3);
    holes[0] = 'c1';
    const refused: Array<[unknown, RegExp]> = [
      [{ type: 'answer/ask', requestId: 'r20', text: 'hi', chipIds: holes }, /chipIds\[1\] is a hole/],
      [{ type: 'answer/ask', requestId: 'r21', text: 'hi', chipIds: ['<img src=x>'] }, /chipIds\[0\] has an invalid format/],
      [{ type: 'answer/editLast', requestId: 'r22', text: ' \n ' }, /text is blank/],
      [{ type: 'editor/openLink', requestId: 'r23', href: 'https://example.com/\u0000' }, /href must be one line/],
    ];
    for (const [raw, reason] of refused) {
      const err = f.view.next('request/error');
      f.view.send(raw);
      const e = await err;
      assert.strictEqual(e.kind, 'protocol');
      assert.match(e.message, reason);
      const requestId = (raw as { requestId?: string }).requestId;
      assert.strictEqual(e.requestId, requestId, 'the reply carries the request id when it is valid');
      assert.ok(f.logs.some((l) => l.startsWith('warn') && reason.test(l)), `logged: ${reason}`);
    }
    assert.strictEqual(f.emulator.requests.filter((r) => r.path === '/v1/messages').length, 0, 'nothing refused reached the API');
  });
});
