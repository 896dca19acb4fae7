// The pure rules behind keys: where a key may be sent, and how a request is written to the log
// (the redaction of log lines is the one redactor's, tested in test/unit/api/keyEcho.test.ts).
import * as assert from 'assert';
import { checkBaseUrl, isLoopbackHost } from '../../../src/auth/baseUrlPolicy';
import { formatRequestRecord } from '../../../src/logging/logger';

describe('key policy: base URLs and redaction', () => {
  it('sends keys over https anywhere and over http only to loopback', () => {
    const ok = ['https://api.anthropic.com', 'https://gateway.example.com/anthropic/', 'http://127.0.0.1:8787', 'http://localhost:3000', 'http://[::1]:9000', 'http://127.8.9.10'];
    for (const url of ok) assert.strictEqual(checkBaseUrl(url).problem, undefined, url);
    const refused = ['http://api.anthropic.com', 'http://127.0.0.1.nip.io', 'http://localhost.example.com', 'http://foo.localhost', 'ftp://127.0.0.1', 'not a url', 'http://0.0.0.0:8080'];
    for (const url of refused) assert.ok(checkBaseUrl(url).problem, `${url} was accepted`);
    assert.match(checkBaseUrl('http://api.example.com').problem ?? '', /plain http/);
    assert.strictEqual(checkBaseUrl('https://api.anthropic.com///').url, 'https://api.anthropic.com');
    assert.strictEqual(isLoopbackHost('[::1]'), true);
    assert.strictEqual(isLoopbackHost('127.0.0.1'), true);
    assert.strictEqual(isLoopbackHost('128.0.0.1'), false);
  });

  it('formats a request record with model, status, request id, latency and retries only', () => {
    const line = formatRequestRecord({ method: 'POST', path: '/v1/messages', model: 'm', status: 529, requestId: 'req_9', latencyMs: 12.6, attempts: 3, keyLabel: 'Work' });
    assert.strictEqual(line, 'POST /v1/messages model=m status=529 request-id=req_9 latency=13ms attempts=3 retries=2 key="Work"');
  });
});
