import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { answerFor } from '../../emulator/answers';
import { startEmulator } from '../../emulator/server';
import type { Emulator } from '../../emulator/types';
import { messagesBody, parseSse, rawRequest, streamedText } from './rawHttp';

/** Events a client sees (pings are not counted by the n of a step). */
const counted = (text: string) => parseSse(text).filter((e) => e.event !== 'ping');

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/sdk-sse');

describe('emulator scripted faults', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator();
  });
  afterEach(async () => {
    await emu.close();
  });
  const post = (prompt = 'hi', extra: Record<string, unknown> = {}) => rawRequest(`${emu.url}/v1/messages`, { body: messagesBody(prompt, extra) });
  const stream = (prompt = 'hi') => post(prompt, { stream: true });

  it('answers a scripted 529 with the real overloaded body, then recovers; steps are consumed in order', async () => {
    emu.script({ status: 529, retryAfter: 2, shouldRetry: 'true' }, { status: 500 }, {});
    const first = await post();
    assert.equal(first.status, 529);
    const body = JSON.parse(first.text) as { type: string; error: { type: string; message: string }; request_id: string };
    assert.deepEqual(body.error, { type: 'overloaded_error', message: 'Overloaded' });
    assert.match(body.request_id, /^req_/);
    assert.equal(first.headers['retry-after'], '2');
    assert.equal(first.headers['x-should-retry'], 'true');
    assert.equal((await post()).status, 500);
    assert.equal((await post()).status, 200);
    assert.equal(emu.pendingSteps.length, 0);
    assert.deepEqual(emu.requests.map((r) => r.attempt), [1, 2, 3]);
  });

  it('sends retry-after-ms, extra headers, rate-limit overrides and custom error types', async () => {
    emu.script({ status: 429, retryAfterMs: 1500, headers: { 'x-extra': 'yes' }, rateLimits: { 'anthropic-ratelimit-requests-remaining': '0' } });
    const res = await post();
    assert.equal(res.status, 429);
    assert.equal(res.headers['retry-after-ms'], '1500');
    assert.equal(res.headers['x-extra'], 'yes');
    assert.equal(res.headers['anthropic-ratelimit-requests-remaining'], '0');
    assert.equal((JSON.parse(res.text) as { error: { type: string } }).error.type, 'rate_limit_error');
  });

  it('serves an HTML 502 like a proxy', async () => {
    emu.script({ html502: true });
    const res = await post();
    assert.equal(res.status, 502);
    assert.match(String(res.headers['content-type']), /text\/html/);
    assert.match(res.text, /502 Bad Gateway/);
  });

  it('only consumes a step on the path it names', async () => {
    emu.script({ path: '/v1/models', status: 503 });
    assert.equal((await post()).status, 200);
    assert.equal(emu.pendingSteps.length, 1);
    assert.equal((await rawRequest(`${emu.url}/v1/models`)).status, 503);
    assert.equal(emu.pendingSteps.length, 0);
  });

  it('delays headers by delayMs', async () => {
    emu.script({ delayMs: 120 });
    const t0 = Date.now();
    const res = await post();
    assert.equal(res.status, 200);
    assert.ok(Date.now() - t0 >= 110, 'response came after the delay');
  });

  it('destroys the socket before headers', async () => {
    emu.script({ destroyBeforeHeaders: true });
    await assert.rejects(post(), (e: NodeJS.ErrnoException) => e.code === 'ECONNRESET' || /socket hang up/.test(e.message));
    assert.equal(emu.requests[0].status, undefined);
  });

  it('writes 1 byte at a time and cuts UTF-8 characters, losslessly', async () => {
    emu.script({ chunkSize: 1 }, { splitUtf8: true });
    const tiny = await stream('bytes');
    assert.ok(tiny.chunks.length > 1000, `${tiny.chunks.length} chunks`);
    assert.equal(streamedText(parseSse(tiny.text)), answerFor('bytes'));
    const split = await stream('bytes');
    const broken = split.chunks.filter((c) => c.toString('utf8').includes('\uFFFD'));
    assert.ok(broken.length > 0, 'some chunk ends inside a multi-byte character');
    assert.equal(streamedText(parseSse(split.text)), answerFor('bytes'));
  });

  it('uses CRLF line endings and comment lines when asked', async () => {
    emu.script({ crlf: true, comments: true });
    const res = await stream('crlf');
    assert.ok(res.text.includes('\r\n\r\n'));
    assert.ok(!/[^\r]\n/.test(res.text), 'every LF is preceded by CR');
    assert.match(res.text, /^: /m);
    assert.equal(streamedText(parseSse(res.text)), answerFor('crlf'));
  });

  it('stalls after n events with the socket open until the emulator closes', async () => {
    emu.script({ stallAfterEvents: 4 });
    let events = 0;
    const pending = rawRequest(`${emu.url}/v1/messages`, {
      body: messagesBody('stall', { stream: true }),
      onChunk: (_c, soFar) => {
        events = counted(soFar).length;
        if (events === 4) void emu.close();
      },
    });
    const res = await pending;
    assert.equal(counted(res.text).length, 4);
    assert.ok(parseSse(res.text).some((e) => e.event === 'ping'), 'the ping was written but not counted');
    assert.ok(res.aborted, 'the response never ended normally');
    emu = await startEmulator();
  });

  it('destroys the socket after n events (mid-stream loss)', async () => {
    emu.script({ destroyAfterEvents: 6 }, { destroyAfterEvents: 3, reset: true });
    const res = await stream('cut');
    assert.equal(counted(res.text).length, 6);
    assert.ok(res.aborted);
    const reset = await stream('cut');
    assert.ok(reset.aborted);
    assert.ok(counted(reset.text).length <= 3);
  });

  it('sends an SSE error event after n events', async () => {
    emu.script({ errorEventAfter: 5, errorType: 'api_error' });
    const res = await stream('err');
    const events = counted(res.text);
    assert.equal(events.length, 6);
    assert.equal(events[5].event, 'error');
    assert.deepEqual(events[5].data, { type: 'error', error: { type: 'api_error', message: 'Internal server error' } });
    assert.ok(!res.aborted);
  });

  it('replays a recorded fixture byte for byte, and a text step replaces the answer', async () => {
    const file = path.join(fixtures, 'basic_response.txt');
    emu.script({ sseFile: file }, { text: 'Chosen answer.' });
    const res = await stream('x');
    assert.equal(res.text, readFileSync(file, 'utf8'));
    const chosen = await stream('x');
    assert.equal(streamedText(parseSse(chosen.text)), 'Chosen answer.');
  });

  it('paces deltas by paceMs', async () => {
    emu.script({ paceMs: 5, text: 'one two three four five six seven eight' });
    const t0 = Date.now();
    const res = await stream('p');
    assert.ok(Date.now() - t0 >= 5 * (parseSse(res.text).length - 1) - 5);
  });

  it('records socket ids that show keep-alive reuse', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = 0; i < 3; i++) await rawRequest(`${emu.url}/v1/messages`, { body: messagesBody('k'), agent });
      await rawRequest(`${emu.url}/v1/messages`, { body: messagesBody('k') });
    } finally {
      agent.destroy();
    }
    const ids = emu.requests.map((r) => r.socketId);
    assert.equal(ids[0], ids[1]);
    assert.equal(ids[1], ids[2]);
    assert.notEqual(ids[3], ids[0]);
  });

  it('takes steps over the HTTP control routes and redacts keys in the request log', async () => {
    const script = await rawRequest(`${emu.url}/__emulator/script`, { body: [{ status: 529 }] });
    assert.equal(script.status, 200);
    assert.equal((await post()).status, 529);
    const log = JSON.parse((await rawRequest(`${emu.url}/__emulator/requests`)).text) as { headers: Record<string, string>; apiKeyFingerprint: string; apiKey?: string }[];
    assert.equal(log.length, 1);
    assert.equal(log[0].headers['x-api-key'], '[redacted]');
    assert.equal(log[0].apiKey, undefined);
    assert.ok(!JSON.stringify(log).includes('test-key-1'));
    assert.match(log[0].apiKeyFingerprint, /^[0-9a-f]{12}$/);
    await rawRequest(`${emu.url}/__emulator/reset`, { method: 'POST' });
    assert.equal(emu.requests.length, 0);
  });
});
