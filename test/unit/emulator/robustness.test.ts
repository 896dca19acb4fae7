import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { startEmulator } from '../../emulator/server';
import type { Emulator } from '../../emulator/types';
import { messagesBody, okHeaders, rawRequest } from './rawHttp';

/** Starts a request and destroys it once `when` says so; resolves when the socket is gone. */
function hangUp(url: string, body: unknown, when: 'on-first-chunk' | 'before-response'): Promise<void> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', headers: okHeaders, agent: false }, (res) => {
      res.once('data', () => req.destroy());
      res.on('error', () => undefined);
    });
    req.on('error', () => undefined);
    req.on('close', () => resolve());
    req.end(JSON.stringify(body));
    if (when === 'before-response') setImmediate(() => req.destroy());
  });
}

describe('emulator robustness', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator();
  });
  afterEach(async () => {
    await emu.close();
  });

  it('keeps serving after clients hang up mid-stream and during a delay', async () => {
    emu.script({ paceMs: 2 }, { delayMs: 50 });
    await hangUp(`${emu.url}/v1/messages`, messagesBody('long answer', { stream: true, max_tokens: 100000 }), 'on-first-chunk');
    await hangUp(`${emu.url}/v1/messages`, messagesBody('x'), 'before-response');
    const res = await rawRequest(`${emu.url}/v1/messages`, { body: messagesBody('still alive?') });
    assert.equal(res.status, 200);
    assert.match(res.text, /still alive\?/);
  });

  it('serves many concurrent streams, each with its own scripted step, without mixing them up', async () => {
    emu.script(...Array.from({ length: 20 }, (_, i) => ({ text: `answer ${i}` })));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => rawRequest(`${emu.url}/v1/messages`, { body: messagesBody(`q${i}`) })));
    const texts = results.map((r) => (JSON.parse(r.text) as { content: { text: string }[] }).content[0].text).sort();
    assert.deepEqual(texts, Array.from({ length: 20 }, (_, i) => `answer ${i}`).sort());
    assert.equal(new Set(emu.requests.map((r) => r.requestId)).size, 20);
  });

  it('closes promptly with a paced stream in flight', async () => {
    emu.script({ paceMs: 1000 });
    const pending = rawRequest(`${emu.url}/v1/messages`, { body: messagesBody('slow', { stream: true }) });
    while (emu.requests.length === 0) await new Promise((r) => setImmediate(r));
    const t0 = Date.now();
    await emu.close();
    const res = await pending;
    assert.ok(res.aborted);
    assert.ok(Date.now() - t0 < 900, 'close did not wait for the pace');
    emu = await startEmulator();
  });

  it('rejects a step that is not an object, over HTTP, without queuing anything', async () => {
    const res = await rawRequest(`${emu.url}/__emulator/script`, { body: [{ status: 529 }, 42] });
    assert.equal(res.status, 400);
    assert.equal(emu.pendingSteps.length, 0);
    const notArray = await rawRequest(`${emu.url}/__emulator/script`, { body: { nope: true } });
    assert.equal(notArray.status, 400);
  });

  it('replaces pending steps over HTTP unless asked to append', async () => {
    emu.script({ status: 500 }, { status: 501 });
    await rawRequest(`${emu.url}/__emulator/script`, { body: [{ status: 529 }] });
    assert.deepEqual(emu.pendingSteps, [{ status: 529 }]);
    await rawRequest(`${emu.url}/__emulator/script`, { body: { steps: [{ status: 503 }], append: true } });
    assert.deepEqual(emu.pendingSteps, [{ status: 529 }, { status: 503 }]);
    const bad = await rawRequest(`${emu.url}/__emulator/script`, { body: [{ status: 400 }, null] });
    assert.equal(bad.status, 400);
    assert.equal(emu.pendingSteps.length, 2, 'a bad batch leaves the script as it was');
  });
});
