// The token budget on the host against the emulator: the composer's meter (debounced, cached
// count_tokens of exactly the body the send builds), the check before sending, and the user's
// choice to leave out the oldest messages reaching the request (see chatFixture.ts for the parts).
import * as assert from 'assert';
import type { ChatController, ChatControllerDeps } from '../../../src/chat/chatController';
import type { ChatSettings } from '../../../src/chat/types';
import { FakeClock } from '../../support/fakeClock';
import { chatFixture, RecordingView, settings } from './chatFixture';

const DEBOUNCE = 400;

describe('chat: the token budget against the emulator', function () {
  const f = chatFixture();
  let clock: FakeClock;
  let chat: ChatController;
  let view: RecordingView;

  /** A controller on a manual clock (the meter's debounce) with these settings. */
  function open(over: Partial<ChatSettings> = {}, extra: Partial<ChatControllerDeps> = {}): void {
    clock = new FakeClock();
    chat = f.newController({ clock, meterDebounceMs: DEBOUNCE, settings: () => ({ ...settings, ...over }), ...extra });
    view = new RecordingView();
    chat.attachView(view);
  }

  const counts = (): number => f.emulator.requests.filter((r) => r.path === '/v1/messages/count_tokens').length;
  const draft = (text: string, chipIds: string[] = []) => view.send({ type: 'composer/draft', text, chipIds, editing: false });

  async function ready(): Promise<void> {
    const init = view.next('panel/ready');
    view.send({ type: 'panel/ready', requestId: 'ready-1' });
    await init;
  }

  async function ask(text: string, requestId: string, omitTurnIds?: string[]): Promise<void> {
    const done = view.next('answer/ask', (m) => m.requestId === requestId);
    view.send({ type: 'answer/ask', requestId, text, chipIds: [], ...(omitTurnIds ? { omitTurnIds } : {}) });
    const reply = await done;
    assert.strictEqual(reply.turn.status, 'complete', JSON.stringify(reply.turn));
  }

  async function check(text: string, chipIds: string[] = [], omitTurnIds?: string[]) {
    const reply = view.next('budget/check', (m) => m.requestId === `check-${text.length}-${chipIds.length}`);
    view.send({ type: 'budget/check', requestId: `check-${text.length}-${chipIds.length}`, text, chipIds, editing: false, ...(omitTurnIds ? { omitTurnIds } : {}) });
    return reply;
  }

  afterEach(async () => {
    chat?.dispose();
    await chat?.flushSaves();
  });

  it('counts once the user pauses (five keystrokes, one request), again from the cache for the same draft, and counts exactly the body the send builds', async () => {
    open();
    await ready();
    for (const text of ['H', 'He', 'Hel', 'Hell', 'echo Hello']) {
      draft(text);
      clock.advance(DEBOUNCE / 4);
    }
    assert.strictEqual(counts(), 0, 'nothing counted while typing');
    const counted = view.next('budget/reading', (m) => m.reading.state === 'counted');
    clock.advance(DEBOUNCE);
    const reading = (await counted).reading;
    assert.strictEqual(counts(), 1, 'one count for the pause');
    assert.ok(view.ofType('budget/reading').some((m) => m.reading.state === 'counting'), 'the estimate shows while counting');
    assert.strictEqual(reading.contextWindow, 200_000, 'claude-sonnet-4-5 from the documented table');
    assert.ok(reading.tokens > 0 && reading.costUsd !== undefined && reading.costUsd > 0, JSON.stringify(reading));
    // Typing on and coming back to the same text: no request, the cached count.
    draft('echo Hello!');
    draft('echo Hello');
    const again = view.next('budget/reading', (m) => m.reading.state === 'counted');
    clock.advance(DEBOUNCE);
    assert.strictEqual((await again).reading.tokens, reading.tokens);
    assert.strictEqual(counts(), 1, 'an unchanged draft costs no request');

    // Send it: the check answers from the cache, and the messages body is the counted one.
    const verdict = await check('echo Hello');
    assert.strictEqual(verdict.overrun, undefined);
    assert.strictEqual(counts(), 1, 'the check before sending used the cached count');
    await ask('echo Hello', 'r1');
    const counted0 = f.emulator.requests.find((r) => r.path === '/v1/messages/count_tokens')?.body as Record<string, unknown>;
    const sent = f.emulator.requests.find((r) => r.path === '/v1/messages')?.body as Record<string, unknown>;
    assert.deepStrictEqual(counted0.messages, sent.messages);
    assert.deepStrictEqual(counted0.system, sent.system);
    assert.strictEqual(counted0.model, sent.model);
  });

  it('a gateway without count_tokens (404): the meter says it cannot count, the check lets the message go, and it is answered', async () => {
    f.emulator.setCountTokens(false);
    open();
    await ready();
    draft('echo still works');
    const unavailable = view.next('budget/reading', (m) => m.reading.state === 'unavailable');
    clock.advance(DEBOUNCE);
    const reading = (await unavailable).reading;
    assert.match(reading.reason ?? '', /cannot count tokens/);
    assert.match(reading.reason ?? '', /Sending still works/);
    assert.ok(reading.tokens > 0, 'the local estimate stays visible');
    const verdict = await check('echo still works');
    assert.strictEqual(verdict.overrun, undefined);
    assert.strictEqual(counts(), 1, 'an unsupported count is not asked again for a while');
    await ask('echo still works', 'r1');
    assert.strictEqual(chat.current.turns[1].text, 'still works');
  });

  it('over the context window: the oldest messages can be left out, the request the emulator gets goes without them, and the question is marked', async () => {
    open({ contextWindow: 120 });
    await ready();
    await ask(`echo first ${'a'.repeat(150)}`, 'r1');
    await ask(`echo second ${'b'.repeat(150)}`, 'r2');
    const [q1, a1, q2, a2] = chat.current.turns.map((t) => t.id);
    const text = `echo third ${'c'.repeat(100)}`;
    const { overrun } = await check(text);
    assert.ok(overrun, 'over the window');
    assert.ok(overrun.overWindow && !overrun.overCost);
    assert.ok(overrun.tokens > overrun.contextWindow);
    const trim = overrun.options.find((o) => o.kind === 'oldestTurns');
    assert.ok(trim && trim.kind === 'oldestTurns', JSON.stringify(overrun.options));
    assert.deepStrictEqual(trim.turnIds, [q1, a1, q2, a2], 'whole exchanges, oldest first, until it fits');
    assert.ok(trim.fits);
    // The user chose it: checked again without them, it fits; then sent without them.
    assert.strictEqual((await check(text, [], [...trim.turnIds])).overrun, undefined);
    await ask(text, 'r3', [...trim.turnIds]);
    const last = f.emulator.requests.filter((r) => r.path === '/v1/messages').pop()?.body as { messages: Array<{ role: string; content: unknown }> };
    assert.strictEqual(last.messages.length, 1, 'only the new question went');
    assert.match(JSON.stringify(last.messages[0].content), /echo third/);
    // Still on screen and in the conversation, and the question says what it went without.
    assert.strictEqual(chat.current.turns.length, 6);
    const question = view.ofType('answer/userTurn').pop()?.turn;
    assert.strictEqual(question?.leftOut, 4);
    await chat.flushSaves();
    const saved = await f.store.load(chat.current.id);
    assert.deepStrictEqual(saved?.messages[4].omitted, [q1, a1, q2, a2], 'the choice is kept with the question');
    // Regenerating answers the same request again, still without them.
    const again = view.next('answer/regenerate');
    view.send({ type: 'answer/regenerate', requestId: 'r4' });
    await again;
    const regenerated = f.emulator.requests.filter((r) => r.path === '/v1/messages').pop()?.body as { messages: unknown[] };
    assert.strictEqual(regenerated.messages.length, 1);
  });

  it('over the per-message cost limit: the overrun says so, offers the attachment by name, and nothing is sent', async () => {
    open({ maxCostPerMessage: 0.0000001 });
    await ready();
    const attached = view.next('context/attachSelection');
    view.send({ type: 'context/attachSelection', requestId: 'attach-1' });
    const chipId = (await attached).chips[0].id;
    const before = f.emulator.requests.filter((r) => r.path === '/v1/messages').length;
    const { overrun } = await check('echo costly', [chipId]);
    assert.ok(overrun && overrun.overCost && !overrun.overWindow, JSON.stringify(overrun));
    assert.strictEqual(overrun.costLimitUsd, 0.0000001);
    const attachment = overrun.options.find((o) => o.kind === 'attachment');
    assert.ok(attachment && attachment.kind === 'attachment');
    assert.strictEqual(attachment.chipId, chipId);
    assert.strictEqual(attachment.label, 'sample.ts:1-3');
    assert.strictEqual(f.emulator.requests.filter((r) => r.path === '/v1/messages').length, before, 'a check sends no message');
  });

  it('the context window comes from the API model data, and the setting overrides it', async () => {
    open({}, { modelLimits: () => [{ id: 'claude-sonnet-4-5', max_input_tokens: 1_000_000 }] });
    await ready();
    draft('echo window');
    const fromApi = view.next('budget/reading', (m) => m.reading.state === 'counted');
    clock.advance(DEBOUNCE);
    assert.strictEqual((await fromApi).reading.contextWindow, 1_000_000);
    chat.dispose();
    open({ contextWindow: 32_000 }, { modelLimits: () => [{ id: 'claude-sonnet-4-5', max_input_tokens: 1_000_000 }] });
    await ready();
    draft('echo window');
    const fromSetting = view.next('budget/reading', (m) => m.reading.state === 'counted');
    clock.advance(DEBOUNCE);
    assert.strictEqual((await fromSetting).reading.contextWindow, 32_000);
  });
});
