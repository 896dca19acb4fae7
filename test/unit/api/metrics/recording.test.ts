/**
 * The client records into a series exactly what its snapshot counts (one recording call feeds both),
 * against the emulator with 429s, 529s, a stream and a circuit that opens, half-opens and closes.
 */
import * as assert from 'node:assert/strict';
import { useEmulator, BODY, rejection } from '../harness';
import { FakeClock } from '../../../support/fakeClock';
import { MetricsSeries } from '../../../../src/api/metrics/series';
import { summarize } from '../../../../src/api/metrics/summary';
import { CircuitOpenError } from '../../../../src/api/errors';
import { callCost } from '../../../../src/shared/pricing';
import type { Message } from '../../../../src/api/types';

const MIN = 60_000;

describe('api metrics: what the client records', () => {
  const { emu, client } = useEmulator();

  it('the series adds up to the snapshot: calls, retries, errors by type and status, tokens, cost, circuit, limits, connections', async () => {
    const clock = new FakeClock(Date.parse('2026-11-30T12:00:10Z')).autoRun();
    const c = client({ clock, maxRetries: 2, costOf: callCost, circuitBreaker: { minimumCalls: 4, failureRateThreshold: 0.5, openMs: 30_000, windowMs: MIN } });
    emu().setRateLimits({ requests: { limit: 50 } });
    const series = new MetricsSeries();
    c.metrics.record(series);
    const messages: Message[] = [];

    // Minute 1: a 429 that is retried, then three 529s that exhaust the retries.
    emu().script({ status: 429, retryAfterMs: 1000 }, {}, { status: 529 }, { status: 529 }, { status: 529 });
    messages.push(await c.messages.create(BODY));
    await rejection(c.messages.create(BODY));
    clock.advance(MIN);

    // Minute 2: a stream (time to first token), then failures that open the circuit, and a refusal.
    messages.push(await c.messages.stream(BODY).finalMessage());
    emu().script({ status: 529 }, { status: 500 }, { status: 529 });
    for (let i = 0; i < 3; i++) await rejection(c.messages.create(BODY, { maxRetries: 0 }));
    assert.equal(c.circuitState(BODY.model), 'open');
    assert.ok((await rejection(c.messages.create(BODY))) instanceof CircuitOpenError);
    clock.advance(MIN);

    // Minute 3: trials close the circuit again.
    messages.push(await c.messages.create(BODY), await c.messages.create(BODY));
    assert.equal(c.circuitState(BODY.model), 'closed');
    const count = { model: BODY.model, messages: BODY.messages };
    await Promise.all([c.messages.countTokens(count), c.messages.countTokens(count)]);

    const snap = c.metrics.snapshot();
    const minutes = series.buckets();
    assert.deepEqual(minutes.map((m) => new Date(m.start).toISOString().slice(11, 16)), ['12:00', '12:01', '12:02']);
    const s = summarize(minutes, minutes[0].start, minutes[2].start + MIN);
    for (const f of ['requests', 'attempts', 'successes', 'failures', 'retries', 'circuitRejections', 'deduplicated', 'rateLimitWaits'] as const) assert.equal(s[f], snap[f], f);
    assert.deepEqual({ ...s.failuresByType }, snap.failuresByType);
    assert.deepEqual({ ...s.failuresByStatus }, snap.failuresByStatus);
    assert.deepEqual(snap.failuresByStatus, { 529: 3, 500: 1, none: 1 }, 'the exhausted 529 call, two 529s and a 500, the refusal');
    assert.equal(snap.retries, 3);
    assert.equal(snap.deduplicated, 1);
    assert.equal(s.latency.count, snap.successes + snap.failures);
    assert.equal(s.latency.max, snap.latency.max);
    assert.equal(s.latency.min, snap.latency.min);
    assert.equal(s.ttft.count, 1);
    assert.equal(snap.ttft.count, 1);
    assert.equal(s.successRate, snap.successRate);

    // Tokens and cost: the one price table, applied once per call.
    const expected = messages.reduce((sum, m) => sum + (callCost(m.model, m.usage)?.usd ?? 0), 0);
    assert.ok(expected > 0);
    assert.ok(Math.abs(s.costUsd - expected) < 1e-12, `${s.costUsd} vs ${expected}`);
    assert.ok(Math.abs(snap.costUsd - expected) < 1e-12);
    assert.equal(s.tokens.output, messages.reduce((n, m) => n + m.usage.output_tokens, 0));
    assert.deepEqual(Object.keys(s.models), [BODY.model]);
    assert.equal(s.models[BODY.model].requests, snap.models[BODY.model].requests);

    // The circuit's transitions, with their times, in the minutes they happened.
    const transitions = minutes.flatMap((m) => m.circuit.map((e) => [new Date(e.at).toISOString().slice(11, 19), e.state, e.key]));
    assert.deepEqual(transitions.map((t) => t[1]), ['open', 'half-open', 'closed']);
    assert.equal(transitions[0][2], `POST /v1/messages ${BODY.model}`);
    assert.equal(minutes[1].circuit[0].retryAt, minutes[1].circuit[0].at + 30_000);

    // Rate limits as the headers said, the last reading of the series equal to the client's.
    const last = minutes[2].rateLimits.requests;
    assert.equal(last?.limit, 50);
    assert.equal(last?.remaining, c.rateLimits?.requests?.remaining);
    assert.ok((last?.resets.length ?? 0) >= 1);

    // Connections and bytes: what the transport counted, handed over call by call.
    assert.equal(s.connections.created + s.connections.reused, snap.pool.created + snap.pool.reused);
    const bytesIn = minutes.reduce((n, m) => n + m.bytes.in, 0);
    assert.equal(bytesIn, snap.bytes.in);
    assert.equal(minutes.reduce((n, m) => n + m.bytes.out, 0), snap.bytes.out);
  });

  it('recording stops when disposed; the snapshot keeps counting', async () => {
    const clock = new FakeClock().autoRun();
    const c = client({ clock });
    const series = new MetricsSeries();
    const recording = c.metrics.record(series);
    await c.messages.create(BODY);
    recording.dispose();
    await c.messages.create(BODY);
    assert.equal(c.metrics.snapshot().requests, 2);
    assert.equal(summarize(series.buckets(), 0, Infinity).requests, 1);
  });

  it('a stream reports its generation speed; a model without a price counts as unpriced', async () => {
    const c = client({ costOf: callCost });
    const series = new MetricsSeries();
    c.metrics.record(series);
    emu().script({ paceMs: 3 });
    await c.messages.stream({ ...BODY, model: 'claude-sonnet-5-5' }).finalMessage();
    await c.messages.create({ ...BODY, model: 'gateway-alias-1' });
    const s = summarize(series.buckets(), 0, Infinity);
    assert.ok((s.throughput.generationTokensPerSecond ?? 0) > 0);
    assert.ok(series.buckets()[0].generation.ms >= 3);
    assert.equal(s.unpricedCalls, 1);
    assert.equal(s.models['gateway-alias-1'].costUsd, 0);
  });
});
