/**
 * Issue 9, item 2: a stream that failed on an SSE `error` event or on malformed data left its
 * socket checked out while the server kept the response open. After 16 such failures every
 * socket was taken and request 17 timed out. A failed stream must destroy its response at once.
 * Runs once per transport.
 */
import * as assert from 'node:assert/strict';
import { useEmulator, BODY, TRANSPORTS } from './harness';
import { until, within } from './settleWatch';
import * as E from '../../../src/api/errors';
import type { FaultStep } from '../../emulator/types';

const FAILURES: [string, FaultStep, new (...args: never[]) => E.AnthropicError][] = [
  ['an SSE error event', { errorEventAfter: 3, errorType: 'overloaded_error', holdOpen: true, paceMs: 2 }, E.OverloadedError],
  ['malformed data', { malformedAfter: 3, holdOpen: true, paceMs: 2 }, E.APIConnectionError],
];

/** The breaker would (rightly) refuse calls after a run of failures; this is about sockets. */
const NO_BREAKER = { circuitBreaker: false as const };

for (const transport of TRANSPORTS) {
  describe(`api (${transport}): a failed stream gives its socket back at once`, () => {
    const { emu, client } = useEmulator({}, { transport });

    for (const [name, step, Expected] of FAILURES) {
      it(`after 16 failures on ${name} (server keeps them open), request 17 goes through`, async () => {
        const c = client({ ...NO_BREAKER, maxSockets: 2, maxRetries: 0, timeoutMs: 3000, idleTimeoutMs: 60_000 });
        for (let i = 0; i < 16; i++) {
          emu().script(step);
          const error = await within(
            c.messages.stream(BODY).finalMessage().then(() => undefined, (e: unknown) => e),
            3000,
            `failure ${i + 1}`,
          );
          assert.ok(error instanceof Expected, `failure ${i + 1}: ${String(error)}`);
          assert.ok((error as E.AnthropicError).partialMessage, 'keeps what arrived');
        }
        await within(until(() => c.metrics.snapshot().pool.inUse === 0), 2000, 'sockets released');
        const message = await within(c.messages.create(BODY), 2500, 'request 17');
        assert.equal(message.type, 'message');
        const streamed = await within(c.messages.stream(BODY).finalMessage(), 2500, 'stream 18');
        assert.equal(streamed.type, 'message');
      });
    }

    it('failures in parallel on 2 sockets never block the calls queued behind them', async () => {
      const c = client({ ...NO_BREAKER, maxSockets: 2, maxRetries: 0, timeoutMs: 3000, idleTimeoutMs: 60_000 });
      for (let i = 0; i < 6; i++) emu().script(FAILURES[i % 2][1]);
      const failing = Array.from({ length: 6 }, () => c.messages.stream(BODY).finalMessage().then(() => 'ok', () => 'failed'));
      const after = Array.from({ length: 4 }, () => c.messages.stream(BODY).finalMessage().then(() => 'ok', (e: Error) => e.message));
      assert.deepEqual(await within(Promise.all(failing), 5000, 'failing'), Array(6).fill('failed'));
      assert.deepEqual(await within(Promise.all(after), 5000, 'after'), Array(4).fill('ok'));
    });
  });
}
