/**
 * The circuit breaker against the emulator's scripted faults, with an injected clock and a seeded
 * fault mix: never worse than no breaker while the upstream is mostly healthy, fast failure when
 * it is down, half-open trials, and what a call that was let through sees when the circuit opens
 * under it.
 */
import * as assert from 'node:assert/strict';
import { useEmulator, BODY, rejection } from './harness';
import { FakeClock, tick } from '../../support/fakeClock';
import * as E from '../../../src/api/errors';
import { seededRandom } from '../../support/seededRandom';
import type { AnthropicClient } from '../../../src/api/client';
import type { CircuitChange, ClientOptions } from '../../../src/api/types';
import type { FaultStep } from '../../emulator/types';

/** Faults a flaky upstream produces per attempt: before the headers (retried) and mid-stream (final). */
const FAULTS: FaultStep[] = [
  { status: 529 },
  { status: 529 },
  { status: 500 },
  { status: 429, retryAfter: 1 },
  { destroyBeforeHeaders: true },
  { destroyAfterEvents: 3 },
  { errorEventAfter: 3, errorType: 'overloaded_error' },
];

/**
 * One step per attempt, `faultRate` of them faulty, from a seeded source. Faults come in bursts of
 * 1..2×meanBurst-1 attempts (an overloaded upstream fails in spells, not one attempt at a time);
 * meanBurst 1 gives independent faults.
 */
function faultScript(seed: number, steps: number, faultRate: number, meanBurst = 1): FaultStep[] {
  const random = seededRandom(seed);
  // Chance that a step starts a burst, so that bursts cover `faultRate` of all steps on average.
  const start = faultRate / (meanBurst - faultRate * meanBurst + faultRate);
  const script: FaultStep[] = [];
  while (script.length < steps) {
    if (random() >= start) {
      script.push({});
      continue;
    }
    const length = 1 + Math.floor(random() * (2 * meanBurst - 1));
    for (let i = 0; i < length; i++) script.push({ ...FAULTS[Math.floor(random() * FAULTS.length)] });
  }
  return script.slice(0, steps);
}

const faultShare = (script: FaultStep[]): number => script.filter((s) => Object.keys(s).length > 0).length / script.length;

interface RunResult {
  ok: number;
  circuitOpen: number;
  other: number;
  changes: CircuitChange[];
}

/** `calls` streamed conversations, `concurrency` at a time, each to its final outcome. */
async function runStreams(client: AnthropicClient, calls: number, concurrency: number): Promise<RunResult> {
  const result: RunResult = { ok: 0, circuitOpen: 0, other: 0, changes: [] };
  client.onCircuitChange((c) => result.changes.push(c));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < calls) {
      next++;
      try {
        await client.messages.stream(BODY).finalMessage();
        result.ok++;
      } catch (error) {
        if (error instanceof E.CircuitOpenError) result.circuitOpen++;
        else result.other++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return result;
}

describe('api: circuit breaker (failure rate over final outcomes)', () => {
  const { emu, client } = useEmulator();
  // Waits run on an auto-running fake clock; the header and idle timeouts must not read its jumps.
  const fast = (opts: ClientOptions = {}): AnthropicClient =>
    client({ clock: new FakeClock().autoRun(), random: seededRandom(3), maxRetries: 4, timeoutMs: 3_600_000, idleTimeoutMs: 3_600_000, ...opts });

  for (const [label, meanBurst] of [['independent faults', 1], ['faults in bursts', 4]] as const) {
    it(`(a) upstream mostly healthy (25 % faulty attempts, ${label}, concurrency 8, maxRetries 4): success with the breaker >= 0.95x without`, async () => {
      const calls = 300;
      const script = faultScript(11, calls * 6, 0.25, meanBurst);
      assert.ok(Math.abs(faultShare(script) - 0.25) < 0.03, `fault share ${faultShare(script)}`);
      emu().replaceScript(script);
      const off = await runStreams(fast({ circuitBreaker: false }), calls, 8);
      emu().replaceScript(script);
      const on = await runStreams(fast(), calls, 8);
      const rateOff = off.ok / calls;
      const rateOn = on.ok / calls;
      const figures = `on ${on.ok}/${calls} (${on.circuitOpen} CircuitOpenError, ${on.changes.length} transitions), off ${off.ok}/${calls}`;
      assert.ok(rateOff > 0.8, `the fault mix leaves most calls successful without a breaker: ${figures}`);
      assert.ok(rateOn >= 0.95 * rateOff, figures);
      assert.equal(on.circuitOpen, 0, figures);
    });
  }

  it('(b) upstream down (every attempt 529): opens and fails fast; most calls never reach the server', async () => {
    const calls = 200;
    emu().replaceScript(Array.from({ length: calls * 5 }, () => ({ status: 529 })));
    // The auto-running fake clock jumps to each wait's end in turn, so calls whose waits would
    // overlap in real time take longer in fake time, by how the event loop interleaves them with
    // real I/O. A window far wider than that skew keeps the count of calls in it independent of
    // it (with the 60 s default, a warm or loaded run let 100 calls age out before it opened).
    const result = await runStreams(fast({ circuitBreaker: { windowMs: 3_600_000 } }), calls, 8);
    const sent = emu().requests.length;
    const figures = `${result.circuitOpen} CircuitOpenError, ${result.other} other, ${sent} requests reached the server`;
    assert.equal(result.ok, 0);
    assert.ok(result.circuitOpen >= 0.8 * calls, figures);
    // At most the minimum of calls plus those in flight when it opened, each with its 5 attempts.
    assert.ok(sent <= (20 + 8) * 5, figures);
    assert.equal(result.changes[0]?.state, 'open', figures);
  });

  it('(b) the same outage with circuitBreaker: false sends every attempt of every call', async () => {
    const calls = 40;
    emu().replaceScript(Array.from({ length: calls * 5 }, () => ({ status: 529 })));
    const result = await runStreams(fast({ circuitBreaker: false }), calls, 8);
    assert.equal(result.circuitOpen, 0);
    assert.equal(emu().requests.length, calls * 5);
  });

  it('counts a call once, by its final outcome: a call that succeeded on its third attempt is a success', async () => {
    const c = fast({ circuitBreaker: { minimumCalls: 2, failureRateThreshold: 0.5 } });
    const changes: CircuitChange[] = [];
    c.onCircuitChange((ch) => changes.push(ch));
    for (let i = 0; i < 5; i++) {
      emu().script({ status: 529 }, { destroyBeforeHeaders: true }, {});
      await c.messages.create(BODY);
    }
    assert.equal(emu().requests.length, 15);
    assert.deepEqual(changes, [], 'ten failed attempts, five successful calls: closed');
  });

  it('(c) half-open admits only the trial calls (others fail fast with retryAt) and closes after they succeed', async () => {
    const clock = new FakeClock();
    const c = client({ clock, maxRetries: 0, circuitBreaker: { minimumCalls: 4, openMs: 10_000, halfOpenCalls: 2 } });
    const changes: CircuitChange[] = [];
    c.onCircuitChange((ch) => changes.push(ch));
    emu().script({ status: 529 }, { status: 529 }, { status: 500 }, { destroyBeforeHeaders: true });
    for (let i = 0; i < 4; i++) await rejection(c.messages.create(BODY));
    assert.equal(c.circuitState(BODY.model), 'open');
    const early = (await rejection(c.messages.create(BODY))) as E.CircuitOpenError;
    assert.ok(early instanceof E.CircuitOpenError);
    assert.equal(early.retryAt, clock.now() + 10_000);
    clock.advance(10_000);
    emu().script({ delayMs: 100 }, { delayMs: 100 });
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => c.messages.create(BODY)));
    const refused = outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof E.CircuitOpenError);
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 2, 'the two trials went through');
    assert.equal(refused.length, 4, 'the others were refused');
    for (const o of refused) assert.equal((o as PromiseRejectedResult).reason.retryAt, clock.now(), 'a trial is deciding: retry now');
    assert.equal(emu().requests.length, 6, 'four failures, then only the two trials reached the server');
    assert.equal(c.circuitState(BODY.model), 'closed');
    assert.deepEqual(changes.map((ch) => ch.state), ['open', 'half-open', 'closed']);
    await c.messages.create(BODY);
    assert.equal(emu().requests.length, 7);
  });

  it('(c) a failed trial opens the circuit again for another break', async () => {
    const clock = new FakeClock();
    const c = client({ clock, maxRetries: 0, circuitBreaker: { minimumCalls: 2, openMs: 5000, halfOpenCalls: 2 } });
    emu().script({ status: 529 }, { status: 529 }, { status: 503 });
    await rejection(c.messages.create(BODY));
    await rejection(c.messages.create(BODY));
    clock.advance(5000);
    assert.ok((await rejection(c.messages.create(BODY))) instanceof E.InternalServerError, 'the trial surfaces its own error');
    assert.equal(c.circuitState(BODY.model), 'open');
    const again = (await rejection(c.messages.create(BODY))) as E.CircuitOpenError;
    assert.equal(again.retryAt, clock.now() + 5000);
    assert.equal(emu().requests.length, 3);
  });

  it('(d) a call let through before the circuit opened stops retrying and surfaces its own error', async () => {
    const clock = new FakeClock();
    const c = client({ clock, maxRetries: 4, circuitBreaker: { minimumCalls: 3 } });
    emu().script({ status: 500, retryAfterMs: 5000 });
    const pending = rejection(c.messages.create(BODY));
    while (clock.pending === 0) await tick();
    // While it waits, other calls fail for good and open the circuit.
    emu().script({ status: 529 }, { status: 529 }, { status: 529 });
    for (let i = 0; i < 3; i++) await rejection(c.messages.create(BODY, { maxRetries: 0 }));
    assert.equal(c.circuitState(BODY.model), 'open');
    clock.advance(5000);
    const err = (await pending) as E.AnthropicError;
    assert.ok(err instanceof E.InternalServerError, `the real error, not ${err.name}`);
    assert.equal(err.status, 500);
    assert.equal(emu().requests.length, 4, 'no retry was sent into the open circuit');
  });

  it('(d) with a fallback model the waiting call retries there instead', async () => {
    const clock = new FakeClock();
    const c = client({ clock, maxRetries: 4, fallbackModel: 'claude-haiku-5-5', circuitBreaker: { minimumCalls: 3 } });
    emu().script({ status: 500, retryAfterMs: 5000 });
    const pending = c.messages.create(BODY);
    while (clock.pending === 0) await tick();
    emu().script({ status: 529 }, { status: 529 }, { status: 529 });
    for (let i = 0; i < 3; i++) await rejection(c.messages.create(BODY, { maxRetries: 0 }));
    clock.advance(5000);
    const message = await pending;
    assert.equal(message.model, 'claude-haiku-5-5');
    assert.equal((emu().requests[4].body as { model: string }).model, 'claude-haiku-5-5');
  });
});
