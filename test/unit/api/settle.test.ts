/**
 * Issue 9, item 1: streams that never settled. With node-fetch 2, parallel streams from a server
 * that sends a whole answer at once lost their bodies when a keep-alive socket went straight to a
 * queued request ("Premature close"), and nobody settled the stream, not even `abort()`. Every
 * end (complete, destroyed, idle timeout, abort, dispose) must settle a call exactly once.
 * Each suite runs once per transport.
 */
import * as assert from 'node:assert/strict';
import { useEmulator, BODY, TRANSPORTS } from './harness';
import { FakeClock, tick } from '../../support/fakeClock';
import { settleDown, until, watch, within } from './settleWatch';
import * as E from '../../../src/api/errors';

const answerText = (m: { content: { type: string; text?: string }[] }): string => m.content.map((b) => (b.type === 'text' ? b.text : '')).join('');

for (const transport of TRANSPORTS) {
  describe(`api (${transport}): every stream settles, exactly once`, () => {
    const { emu, client } = useEmulator({}, { transport });

    async function parallel(maxSockets: number, n: number): Promise<void> {
      const c = client({ maxSockets, idleTimeoutMs: 2000, maxRetries: 0 });
      const expected = answerText(await c.messages.create(BODY));
      const streams = Array.from({ length: n }, () => c.messages.stream(BODY));
      const outcomes = await within(Promise.all(streams.map((s) => watch(s).outcome)), 8000, `${n} streams on ${maxSockets} sockets`);
      for (const o of outcomes) {
        assert.equal(o.error, undefined, o.error?.message);
        assert.equal(answerText(o.message as never), expected);
      }
      // A stream settles at message_stop; its socket goes back to the pool when the body's end arrives.
      await within(until(() => c.metrics.snapshot().pool.inUse === 0), 2000, 'sockets back in the pool');
    }

    it('maxSockets 1 and 3 streams of answers sent whole at once all complete', () => parallel(1, 3));

    it('16 sockets and 20 parallel streams all complete', () => parallel(16, 20));

    it('abort() settles streams whatever state they are in (3 streams, 1 socket, answers sent whole)', async () => {
      const c = client({ maxSockets: 1, idleTimeoutMs: 2000, maxRetries: 0 });
      const streams = Array.from({ length: 3 }, () => c.messages.stream(BODY));
      const watches = streams.map(watch);
      await within(Promise.all(streams.map((s) => new Promise<void>((r) => s.once('connect', () => r())))), 5000, 'connected');
      for (const s of streams) s.abort();
      const outcomes = await within(Promise.all(watches.map((w) => w.outcome)), 2000, 'settled after abort()');
      for (const o of outcomes) assert.ok(o.message || o.error instanceof E.UserAbortError, String(o.error));
      assert.ok(streams.every((s) => s.finished));
    });

    it('a complete stream settles once: one finalMessage, one end, no error', async () => {
      const w = watch(client().messages.stream(BODY));
      const { message } = await within(w.outcome, 5000, 'complete');
      assert.ok(message);
      await settleDown();
      assert.deepEqual([w.finals, w.errors, w.ends], [1, 0, 1]);
    });

    it('a socket destroyed mid-stream settles once with a connection error and the partial', async () => {
      emu().script({ destroyAfterEvents: 4, reset: true });
      const w = watch(client().messages.stream(BODY));
      const { error } = await within(w.outcome, 5000, 'destroyed');
      assert.ok(error instanceof E.APIConnectionError, error?.constructor.name);
      assert.ok(error.partialMessage);
      await settleDown();
      assert.deepEqual([w.finals, w.errors, w.ends], [0, 1, 1]);
    });

    it('an idle timeout settles once with TimeoutError (fake clock)', async () => {
      const clock = new FakeClock();
      emu().script({ stallAfterEvents: 4 });
      const stream = client({ clock, idleTimeoutMs: 5000 }).messages.stream(BODY);
      let events = 0;
      stream.on('event', () => events++);
      const w = watch(stream);
      while (events < 3) await tick();
      clock.advance(5000);
      const { error } = await within(w.outcome, 5000, 'idle');
      assert.ok(error instanceof E.TimeoutError, error?.constructor.name);
      await settleDown();
      assert.deepEqual([w.finals, w.errors, w.ends], [0, 1, 1]);
    });

    it('abort() of a stalled stream settles it at once, once, with UserAbortError', async () => {
      emu().script({ stallAfterEvents: 4 });
      const stream = client({ idleTimeoutMs: 60_000 }).messages.stream(BODY);
      const w = watch(stream);
      await new Promise<void>((r) => stream.once('text', () => r()));
      stream.abort();
      const { error } = await within(w.outcome, 2000, 'abort');
      assert.ok(error instanceof E.UserAbortError, error?.constructor.name);
      assert.equal(stream.finished, true);
      await settleDown();
      assert.deepEqual([w.finals, w.errors, w.aborts, w.ends], [0, 1, 1, 1]);
    });

    it('abort() of a stream still queued for a socket settles it', async () => {
      emu().script({ stallAfterEvents: 2 });
      const c = client({ maxSockets: 1, idleTimeoutMs: 60_000 });
      const first = c.messages.stream(BODY);
      const queued = c.messages.stream(BODY);
      const w = watch(queued);
      await new Promise<void>((r) => first.once('connect', () => r()));
      queued.abort();
      const { error } = await within(w.outcome, 2000, 'queued abort');
      assert.ok(error instanceof E.UserAbortError);
      first.abort();
      await within(watch(first).outcome, 2000, 'first abort');
    });

    it('dispose() settles running streams, a retry wait and create() once, with "Client was disposed."', async () => {
      emu().script({ stallAfterEvents: 3 });
      const c = client({ idleTimeoutMs: 60_000, timeoutMs: 60_000, maxRetries: 2 });
      const running = c.messages.stream(BODY);
      const w1 = watch(running);
      await new Promise<void>((r) => running.once('text', () => r()));
      emu().script({ status: 529, retryAfterMs: 60_000 });
      const waiting = c.messages.stream({ ...BODY, messages: [{ role: 'user', content: 'second' }] });
      const w2 = watch(waiting);
      await new Promise<void>((r) => waiting.once('retry', () => r()));
      emu().script({ delayMs: 60_000 });
      const created = c.messages.create({ ...BODY, messages: [{ role: 'user', content: 'third' }] }).then(
        () => undefined,
        (error: E.AnthropicError) => error,
      );
      while (emu().requests.length < 3) await tick();
      c.dispose();
      const [o1, o2, e3] = await within(Promise.all([w1.outcome, w2.outcome, created]), 2000, 'dispose');
      for (const e of [o1.error, o2.error, e3]) {
        assert.ok(e instanceof E.UserAbortError, e?.constructor.name);
        assert.match(e.message, /disposed/);
      }
      assert.ok(o1.error?.partialMessage, 'the running stream keeps its partial');
      await settleDown();
      assert.deepEqual([w1.errors, w1.ends, w2.errors, w2.ends], [1, 1, 1, 1]);
      const late = await c.messages.create(BODY).catch((e: Error) => e);
      assert.ok(late instanceof E.UserAbortError, 'a disposed client refuses new calls');
    });
  });
}
