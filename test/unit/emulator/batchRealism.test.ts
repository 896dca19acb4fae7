/** The emulator's Message Batches behave like the real API's (see test/emulator/README.md, "Message Batches"). */
import * as assert from 'node:assert/strict';
import { startEmulator } from '../../emulator/server';
import type { Emulator, EmulatorOptions } from '../../emulator/types';
import { messagesBody, rawRequest } from './rawHttp';

interface Batch {
  id: string;
  processing_status: 'in_progress' | 'canceling' | 'ended';
  request_counts: Record<'processing' | 'succeeded' | 'errored' | 'canceled' | 'expired', number>;
  results_url: string | null;
  archived_at: string | null;
  expires_at: string;
}
interface Row {
  custom_id: string;
  result: { type: string; error?: { type: string; error: { type: string; message: string }; request_id: string | null }; message?: { content: { text: string }[] } };
}

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `item-${i}`);
const requests = (list: string[]): { custom_id: string; params: unknown }[] => list.map((id) => ({ custom_id: id, params: messagesBody(`echo ${id}`) }));
const total = (b: Batch): number => Object.values(b.request_counts).reduce((a, n) => a + n, 0);

describe('emulator: Message Batches like the real API', () => {
  let emu: Emulator;
  let now = Date.parse('2026-11-25T12:00:00Z');
  const start = async (options: EmulatorOptions): Promise<void> => {
    emu = await startEmulator({ now: () => now, ...options });
  };
  afterEach(async () => {
    await emu?.close();
  });
  const get = async (path: string): Promise<{ status: number; headers: Record<string, unknown>; body: Batch }> => {
    const r = await rawRequest(`${emu.url}${path}`);
    return { status: r.status, headers: r.headers, body: JSON.parse(r.text) as Batch };
  };
  const create = async (body: unknown, step?: object): Promise<Batch> => {
    if (step) emu.script({ path: '/v1/messages/batches', method: 'POST', ...step });
    const r = await rawRequest(`${emu.url}/v1/messages/batches`, { body });
    assert.equal(r.status, 200, r.text);
    return JSON.parse(r.text) as Batch;
  };
  const rows = async (batch: Batch): Promise<Row[]> => {
    const r = await rawRequest(batch.results_url ?? '');
    return r.text.trim().split('\n').map((l) => JSON.parse(l) as Row);
  };

  it('moves in_progress -> canceling -> ended; counts add up and stay at processing until the end; processed requests keep their results', async () => {
    await start({ batches: { pollsToEnd: 4 } });
    const batch = await create({ requests: requests(ids(8)) });
    const seen: string[] = [batch.processing_status];
    const first = (await get(`/v1/messages/batches/${batch.id}`)).body;
    seen.push(first.processing_status);
    assert.deepEqual(first.request_counts, { processing: 8, succeeded: 0, errored: 0, canceled: 0, expired: 0 });
    const canceling = JSON.parse((await rawRequest(`${emu.url}/v1/messages/batches/${batch.id}/cancel`, { method: 'POST' })).text) as Batch;
    seen.push(canceling.processing_status);
    const still = (await get(`/v1/messages/batches/${batch.id}`)).body;
    seen.push(still.processing_status);
    const ended = (await get(`/v1/messages/batches/${batch.id}`)).body;
    seen.push(ended.processing_status);
    assert.deepEqual(seen, ['in_progress', 'in_progress', 'canceling', 'canceling', 'ended']);
    for (const b of [batch, first, canceling, still, ended]) assert.equal(total(b), 8);
    // One poll of four processed a quarter before the cancel: those two succeeded, the rest was canceled.
    assert.deepEqual(ended.request_counts, { processing: 0, succeeded: 2, errored: 0, canceled: 6, expired: 0 });
    const got = await rows(ended);
    assert.deepEqual(got.map((r) => r.result.type).sort(), ['canceled', 'canceled', 'canceled', 'canceled', 'canceled', 'canceled', 'succeeded', 'succeeded']);
    for (const r of got.filter((x) => x.result.type === 'succeeded')) assert.equal(r.result.message?.content[0].text, r.custom_id);
  });

  it('gives results out of submission order, in many small writes that cut UTF-8 characters', async () => {
    await start({ batches: { pollsToEnd: 1, resultsChunkBytes: 7 } });
    const list = ids(20).map((id) => `${id}-ünïcødé`);
    const batch = await create({ requests: list.map((id, i) => ({ custom_id: `r${i}`, params: messagesBody(`echo ${id}`) })) });
    const ended = (await get(`/v1/messages/batches/${batch.id}`)).body;
    const raw = await rawRequest(ended.results_url ?? '');
    assert.ok(raw.chunks.length > 100, `${raw.chunks.length} chunks`);
    assert.ok(raw.chunks.some((c) => { try { new TextDecoder('utf-8', { fatal: true }).decode(c); return false; } catch { return true; } }), 'a write cuts a character');
    const got = raw.text.trim().split('\n').map((l) => JSON.parse(l) as Row);
    const order = got.map((r) => Number(r.custom_id.slice(1)));
    assert.notDeepEqual(order, [...order].sort((a, b) => a - b));
    for (const r of got) assert.equal(r.result.message?.content[0].text, list[Number(r.custom_id.slice(1))]);
  });

  it('mixes errored (real error bodies), expired and succeeded results when scripted, and errors params the API refuses', async () => {
    await start({});
    const body = {
      requests: [
        ...requests(['ok-1', 'boom', 'late', 'ok-2']),
        { custom_id: 'bad', params: { ...messagesBody('x'), thinking: { type: 'enabled', budget_tokens: 10 } } },
      ],
    };
    const batch = await create(body, { batch: { errored: ['boom'], erroredType: 'overloaded_error', expired: ['late'] } });
    const ended = (await get(`/v1/messages/batches/${batch.id}`)).body;
    assert.deepEqual(ended.request_counts, { processing: 0, succeeded: 2, errored: 2, canceled: 0, expired: 1 });
    const byId = new Map((await rows(ended)).map((r) => [r.custom_id, r.result]));
    assert.equal(byId.get('boom')?.error?.error.type, 'overloaded_error');
    assert.equal(byId.get('boom')?.error?.type, 'error');
    assert.match(byId.get('boom')?.error?.request_id ?? '', /^req_/);
    assert.equal(byId.get('bad')?.error?.error.type, 'invalid_request_error');
    assert.match(byId.get('bad')?.error?.error.message ?? '', /budget/);
    assert.equal(byId.get('late')?.type, 'expired');
  });

  it('draws a seeded share of errored and expired requests (--batch-mix)', async () => {
    await start({ batches: { mix: { errored: 0.2, expired: 0.1, seed: 7 } } });
    const batch = await create({ requests: requests(ids(200)) });
    const ended = (await get(`/v1/messages/batches/${batch.id}`)).body;
    const c = ended.request_counts;
    assert.equal(total(ended), 200);
    assert.ok(c.errored > 20 && c.errored < 60, `errored ${c.errored}`);
    assert.ok(c.expired > 5 && c.expired < 40, `expired ${c.expired}`);
    const again = (await get(`/v1/messages/batches/${(await create({ requests: requests(ids(200)) })).id}`)).body;
    assert.deepEqual(again.request_counts, c, 'the same custom ids meet the same fate');
  });

  it('asks for a pause between polls with retry-after until the batch ended', async () => {
    await start({ batches: { pollsToEnd: 2, pollRetryAfter: 30 } });
    const batch = await create({ requests: requests(ids(2)) });
    const first = await get(`/v1/messages/batches/${batch.id}`);
    assert.equal(first.headers['retry-after'], '30');
    const second = await get(`/v1/messages/batches/${batch.id}`);
    assert.equal(second.body.processing_status, 'ended');
    assert.equal(second.headers['retry-after'], undefined);
  });

  it('refuses batches over the size limits (400 for too many requests, 413 for too many bytes)', async () => {
    await start({ batches: { maxRequests: 3, maxBytes: 2_000 } });
    const many = await rawRequest(`${emu.url}/v1/messages/batches`, { body: { requests: requests(ids(4)) } });
    assert.equal(many.status, 400);
    assert.match(many.text, /at most 3 items/);
    const big = await rawRequest(`${emu.url}/v1/messages/batches`, { body: { requests: [{ custom_id: 'x', params: messagesBody('y'.repeat(3_000)) }] } });
    assert.equal(big.status, 413);
    assert.match(big.text, /request_too_large/);
    assert.equal((await rawRequest(`${emu.url}/v1/messages/batches`, { body: { requests: requests(ids(3)) } })).status, 200);
  });

  it('expires what was not processed after 24 hours, and archives results after 29 days', async () => {
    await start({ batches: { pollsToEnd: 10 } });
    const batch = await create({ requests: requests(ids(10)) });
    await get(`/v1/messages/batches/${batch.id}`);
    now += 24 * 3600_000;
    const ended = (await get(`/v1/messages/batches/${batch.id}`)).body;
    assert.equal(ended.processing_status, 'ended');
    assert.deepEqual(ended.request_counts, { processing: 0, succeeded: 1, errored: 0, canceled: 0, expired: 9 });
    now += 29 * 24 * 3600_000;
    const archived = (await get(`/v1/messages/batches/${batch.id}`)).body;
    assert.ok(archived.archived_at);
    const results = await rawRequest(archived.results_url ?? '');
    assert.equal(results.status, 404);
    assert.match(results.text, /no longer available/);
  });
});
