import * as assert from 'node:assert/strict';
import { startEmulator } from '../../emulator/server';
import type { Emulator } from '../../emulator/types';
import { messagesBody, rawRequest } from './rawHttp';

describe('emulator rate limits', () => {
  let emu: Emulator;
  let now = Date.parse('2026-11-25T12:00:00Z');
  beforeEach(async () => {
    now = Date.parse('2026-11-25T12:00:00Z');
    emu = await startEmulator({ now: () => now, rateLimits: { requests: { limit: 3, windowMs: 60_000 }, tokens: { limit: 100_000 } } });
  });
  afterEach(async () => {
    await emu.close();
  });
  const post = () => rawRequest(`${emu.url}/v1/messages`, { body: messagesBody('count down') });

  it('counts remaining requests and tokens down, with RFC 3339 reset times from the clock', async () => {
    const a = await post();
    const b = await post();
    assert.equal(a.headers['anthropic-ratelimit-requests-limit'], '3');
    assert.equal(a.headers['anthropic-ratelimit-requests-remaining'], '2');
    assert.equal(b.headers['anthropic-ratelimit-requests-remaining'], '1');
    assert.ok(Number(b.headers['anthropic-ratelimit-tokens-remaining']) < Number(a.headers['anthropic-ratelimit-tokens-remaining']));
    assert.ok(Number(b.headers['anthropic-ratelimit-output-tokens-remaining']) < Number(a.headers['anthropic-ratelimit-output-tokens-remaining']));
    assert.equal(a.headers['anthropic-ratelimit-requests-reset'], '2026-11-25T12:01:00Z');
  });

  it('answers 429 with retry-after when a bucket is empty, and refills when the window ends', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await post()).status, 200);
    now += 15_000;
    const limited = await post();
    assert.equal(limited.status, 429);
    assert.equal((JSON.parse(limited.text) as { error: { type: string } }).error.type, 'rate_limit_error');
    assert.equal(limited.headers['retry-after'], '45');
    assert.equal(limited.headers['anthropic-ratelimit-requests-remaining'], '0');
    now += 45_000;
    const again = await post();
    assert.equal(again.status, 200);
    assert.equal(again.headers['anthropic-ratelimit-requests-remaining'], '2');
  });

  it('takes new limits in-process and over the control route', async () => {
    emu.setRateLimits({ requests: { limit: 50, remaining: 0, windowMs: 2000 } });
    const limited = await post();
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '2');
    await rawRequest(`${emu.url}/__emulator/ratelimits`, { body: { requests: { limit: 10 }, enforce: true } });
    const ok = await post();
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['anthropic-ratelimit-requests-remaining'], '9');
  });

  it('gives a key limits of its own, so another key still has room (rotation on 429)', async () => {
    emu.setRateLimits({ requests: { limit: 5, remaining: 0 } }, 'key-a');
    const as = (key: string) => rawRequest(`${emu.url}/v1/messages`, { headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01' }, body: messagesBody('k') });
    const a = await as('key-a');
    assert.equal(a.status, 429);
    assert.equal(a.headers['anthropic-ratelimit-requests-limit'], '5');
    const b = await as('key-b');
    assert.equal(b.status, 200);
    assert.equal(b.headers['anthropic-ratelimit-requests-limit'], '3');
    await rawRequest(`${emu.url}/__emulator/ratelimits`, { body: { key: 'key-a', requests: { limit: 5 } } });
    const again = await as('key-a');
    assert.equal(again.status, 200);
    assert.equal(again.headers['anthropic-ratelimit-requests-remaining'], '4');
  });
});
