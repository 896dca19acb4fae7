import * as assert from 'node:assert/strict';
import { defaultModels } from '../../emulator/models';
import { startEmulator } from '../../emulator/server';
import type { Emulator } from '../../emulator/types';
import { messagesBody, rawRequest } from './rawHttp';

interface Page {
  data: { id: string; processing_status?: string }[];
  has_more: boolean;
  first_id: string | null;
  last_id: string | null;
}

describe('emulator models and batches', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator({ batchPolls: 2 });
  });
  afterEach(async () => {
    await emu.close();
  });
  const get = async <T>(path: string): Promise<T> => JSON.parse((await rawRequest(`${emu.url}${path}`)).text) as T;

  it('pages through every model forwards with after_id and backwards with before_id', async () => {
    const ids: string[] = [];
    let page = await get<Page>('/v1/models?limit=3');
    ids.push(...page.data.map((m) => m.id));
    while (page.has_more) {
      page = await get<Page>(`/v1/models?limit=3&after_id=${page.last_id}`);
      ids.push(...page.data.map((m) => m.id));
    }
    assert.deepEqual(ids, defaultModels.map((m) => m.id));
    assert.equal(page.last_id, ids[ids.length - 1]);

    const back = await get<Page>(`/v1/models?limit=2&before_id=${ids[3]}`);
    assert.deepEqual(back.data.map((m) => m.id), ids.slice(1, 3));
    assert.equal(back.has_more, true);
    assert.equal(back.first_id, ids[1]);
    const empty = await get<Page>(`/v1/models?after_id=${ids[ids.length - 1]}`);
    assert.deepEqual([empty.data.length, empty.has_more, empty.first_id, empty.last_id], [0, false, null, null]);
  });

  it('retrieves one model and 404s an unknown one; rejects a bad limit', async () => {
    const one = await get<{ id: string; type: string }>('/v1/models/claude-sonnet-5-5');
    assert.deepEqual([one.id, one.type], ['claude-sonnet-5-5', 'model']);
    assert.equal((await rawRequest(`${emu.url}/v1/models/nope`)).status, 404);
    assert.equal((await rawRequest(`${emu.url}/v1/models?limit=0`)).status, 400);
  });

  it('runs a batch to the end after N polls and serves JSONL results', async () => {
    const created = JSON.parse(
      (
        await rawRequest(`${emu.url}/v1/messages/batches`, {
          body: {
            requests: [
              { custom_id: 'a', params: messagesBody('first') },
              { custom_id: 'b', params: { model: 'm', messages: [] } },
            ],
          },
        })
      ).text,
    ) as { id: string; type: string; processing_status: string; request_counts: { processing: number }; results_url: string | null };
    assert.equal(created.type, 'message_batch');
    assert.equal(created.processing_status, 'in_progress');
    assert.equal(created.request_counts.processing, 2);
    assert.equal(created.results_url, null);
    assert.equal((await rawRequest(`${emu.url}/v1/messages/batches/${created.id}/results`)).status, 400);

    const poll1 = await get<{ processing_status: string }>(`/v1/messages/batches/${created.id}`);
    assert.equal(poll1.processing_status, 'in_progress');
    const poll2 = await get<{ processing_status: string; request_counts: Record<string, number>; results_url: string }>(`/v1/messages/batches/${created.id}`);
    assert.equal(poll2.processing_status, 'ended');
    assert.deepEqual(poll2.request_counts, { processing: 0, succeeded: 1, errored: 1, canceled: 0, expired: 0 });
    assert.equal(poll2.results_url, `${emu.url}/v1/messages/batches/${created.id}/results`);

    const results = await rawRequest(poll2.results_url);
    const rows = results.text.trim().split('\n').map((l) => JSON.parse(l) as { custom_id: string; result: { type: string; message?: { content: { text: string }[] } } });
    // Results come in any order, as the API's do: match them by custom_id.
    assert.deepEqual(rows.map((r) => [r.custom_id, r.result.type]).sort(), [['a', 'succeeded'], ['b', 'errored']]);
    assert.match(rows.find((r) => r.custom_id === 'a')?.result.message?.content[0].text ?? '', /first/);
  });

  it('cancels a batch (all requests canceled) and lists batches newest first with pagination', async () => {
    const make = async (): Promise<string> =>
      (JSON.parse((await rawRequest(`${emu.url}/v1/messages/batches`, { body: { requests: [{ custom_id: 'x', params: messagesBody('q') }] } })).text) as { id: string }).id;
    const first = await make();
    const second = await make();
    const canceling = JSON.parse((await rawRequest(`${emu.url}/v1/messages/batches/${first}/cancel`, { method: 'POST' })).text) as { processing_status: string; cancel_initiated_at: string | null };
    assert.equal(canceling.processing_status, 'canceling');
    assert.ok(canceling.cancel_initiated_at);
    await get(`/v1/messages/batches/${first}`);
    const ended = await get<{ processing_status: string; request_counts: { canceled: number } }>(`/v1/messages/batches/${first}`);
    assert.deepEqual([ended.processing_status, ended.request_counts.canceled], ['ended', 1]);

    const page = await get<Page>('/v1/messages/batches?limit=1');
    assert.deepEqual(page.data.map((b) => b.id), [second]);
    assert.equal(page.has_more, true);
    const next = await get<Page>(`/v1/messages/batches?limit=1&after_id=${page.last_id}`);
    assert.deepEqual(next.data.map((b) => b.id), [first]);
    assert.equal(next.has_more, false);
  });

  it('rejects malformed batch requests', async () => {
    assert.equal((await rawRequest(`${emu.url}/v1/messages/batches`, { body: { requests: [] } })).status, 400);
    const dup = { requests: [{ custom_id: 'a', params: messagesBody('x') }, { custom_id: 'a', params: messagesBody('y') }] };
    assert.equal((await rawRequest(`${emu.url}/v1/messages/batches`, { body: dup })).status, 400);
    assert.equal((await rawRequest(`${emu.url}/v1/messages/batches/msgbatch_nope`)).status, 404);
  });
});
