/**
 * A key echoed by a server or proxy (error body, headers, SSE error event, answer text) never
 * survives into any part of an error: message, body, headers, request id, JSON, inspect, String,
 * stack, cause chain, partial message.
 */
import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { useEmulator, BODY, rejection } from './harness';
import * as E from '../../../src/api/errors';
import { redactDeep, redactSecrets, registerSecret } from '../../../src/base/redact';
import type { ApiKey, KeyFeedback, KeyProvider } from '../../../src/api/keys';

/** Every way a user, a log line or a crash reporter could turn an error into text. */
function renderings(err: Error): Record<string, string> {
  const e = err as E.AnthropicError;
  return {
    message: e.message,
    string: String(e),
    stack: String(e.stack),
    json: JSON.stringify(e),
    inspect: inspect(e),
    inspectDeep: inspect(e, { depth: Infinity, getters: true, showHidden: true }),
    body: JSON.stringify(e.error ?? null),
    headers: JSON.stringify(e.headers ?? {}) + Object.keys(e.headers ?? {}).map((k) => `${k}=${String(e.headers.get(k))}`).join(';'),
    requestId: String(e.requestId),
    partial: JSON.stringify(e.partialMessage ?? null),
    cause: inspect(e.cause, { depth: Infinity }),
  };
}

function assertNoSecret(err: Error, secrets: string[]): void {
  for (const [where, text] of Object.entries(renderings(err))) {
    for (const secret of secrets) assert.ok(!text.includes(secret), `${where} contains the key: ${text.slice(0, 300)}`);
  }
}

/** A provider like the extension's SecretStorage store: it never registers its keys anywhere. */
class QuietKeyProvider implements KeyProvider {
  constructor(private readonly value: string) {}
  async current(exclude?: ReadonlySet<string>): Promise<ApiKey | undefined> {
    return exclude?.has('quiet') ? undefined : { id: 'quiet', label: 'quiet', value: this.value };
  }
  report(_id: string, _feedback: KeyFeedback): void {}
}

describe('api: an echoed key is masked everywhere in an error', () => {
  const { emu, client } = useEmulator();

  it('401 echoing the key in the body and headers (Bearer auth)', async () => {
    const key = 'test-key-echo-bearer-1';
    emu().script({ status: 401, echoKey: true });
    const err = await rejection(client({ apiKey: key, maxRetries: 0 }).messages.create(BODY));
    assert.ok(err instanceof E.AuthenticationError);
    assert.ok(emu().requests[0].responseHeaders?.['x-echoed-key'] === key, 'the emulator really echoed it');
    assertNoSecret(err, [key]);
    const e = err as E.AnthropicError;
    assert.equal(e.headers.get('x-echoed-key'), '[redacted]', 'headers keep their names, values masked');
    assert.equal(e.headers.get('request-id'), emu().requests[0].requestId, 'other headers untouched');
    assert.equal((e.error as { error: { type: string } }).error.type, 'authentication_error', 'body shape kept');
  });

  it('529 echoing the key under x-api-key auth, retried to the end', async () => {
    const key = 'test-key-echo-xapi-2';
    emu().script({ status: 529, echoKey: true, retryAfterMs: 0 }, { status: 529, echoKey: true, retryAfterMs: 0 });
    const err = await rejection(client({ apiKey: key, apiVersion: '2023-06-01', maxRetries: 1 }).messages.create(BODY));
    assert.ok(err instanceof E.OverloadedError);
    assertNoSecret(err, [key]);
  });

  it('a key the client sent through a provider that never registered it is masked too', async () => {
    const key = 'gateway-token-quiet-3';
    emu().script({ status: 403, echoKey: true });
    const err = await rejection(client({ apiKey: undefined, keys: new QuietKeyProvider(key), maxRetries: 0 }).messages.create(BODY));
    assert.ok(err instanceof E.PermissionDeniedError);
    assertNoSecret(err, [key]);
  });

  it('key-shaped tokens and Bearer tokens the client never knew are masked (body and headers)', async () => {
    const foreign = `sk-ant-api03-${'Q'.repeat(24)}`;
    emu().script({
      status: 500,
      body: { type: 'error', error: { type: 'api_error', message: `upstream said ${foreign}`, detail: { auth: 'Bearer opaque.token-value' } } },
      headers: { 'x-upstream-key': foreign, 'www-authenticate': 'Bearer opaque.token-value' },
    });
    const err = await rejection(client({ maxRetries: 0 }).messages.create(BODY));
    assertNoSecret(err, [foreign, 'opaque.token-value']);
  });

  it('a stream whose error event and answer text echo the key: error and partialMessage masked', async () => {
    const key = 'test-key-echo-stream-4';
    emu().script({ echoKey: true, errorEventAfter: 6 });
    const stream = client({ apiKey: key }).messages.stream(BODY);
    const err = await rejection(stream.finalMessage());
    assert.ok(err instanceof E.OverloadedError, err.name);
    assert.ok((err as E.AnthropicError).partialMessage, 'partial kept');
    assertNoSecret(err, [key]);
  });

  it('a stream that breaks after the key was streamed keeps a masked partial message', async () => {
    const key = 'test-key-echo-stream-5';
    // Eight events make the whole answer; the connection dies after both text deltas, before the end.
    emu().script({ echoKey: true, destroyAfterEvents: 5 });
    const err = await rejection(client({ apiKey: key }).messages.stream(BODY).finalMessage());
    assert.ok(err instanceof E.APIConnectionError, err.name);
    const partial = (err as E.AnthropicError).partialMessage;
    assert.ok(partial && partial.content.length > 0);
    assertNoSecret(err, [key]);
  });

  it('the cause chain of a local error is masked, and a cause without secrets is kept as is', () => {
    const key = 'test-key-echo-cause-6';
    registerSecret(key); // what the client does with every key it sends
    const inner = Object.assign(new Error(`socket said ${key}`), { code: 'ECONNRESET' });
    const middle = new Error(`wrapped (Bearer ${key})`, { cause: inner });
    const err = new E.APIConnectionError(`Connection error: ${String(middle)}`, { cause: middle });
    assertNoSecret(err, [key]);
    const cause = err.cause as Error & { cause?: Error & { code?: string } };
    assert.equal(cause.message, 'wrapped (Bearer [redacted])');
    assert.equal(cause.cause?.message, 'socket said [redacted]');
    assert.equal(cause.cause?.code, 'ECONNRESET', 'other fields of a cause are kept');
    const objectCause = new E.APIConnectionError('x', { cause: { note: `object cause ${key}` } });
    assertNoSecret(objectCause, [key]);
    const clean = new Error('ECONNRESET');
    assert.equal(new E.APIConnectionError('y', { cause: clean }).cause, clean, 'identity kept when nothing to mask');
  });

  it('redactSecrets and redactDeep: one redactor for text and values', () => {
    const foreign = `sk-ant-api03-${'Z'.repeat(20)}`;
    assert.equal(redactSecrets(`k=${foreign};`), 'k=[redacted];');
    assert.equal(redactSecrets('Authorization: Bearer abc.def'), 'Authorization: Bearer [redacted]');
    assert.equal(redactSecrets('{"x-api-key":"plain-value"}'), '{"x-api-key":"[redacted]"}');
    assert.equal(redactSecrets('key=custom-secret-77 ok', ['custom-secret-77']), 'key=[redacted] ok');
    assert.equal(redactSecrets('a bc def', ['bc']), 'a bc def', 'tiny values are not secrets');
    const secret = 'custom-secret-77';
    assert.equal(redactSecrets(`token sk-ant-test-${secret} end`, [secret]), 'token [redacted] end', 'one secret, one marker');
    const value = { a: [`x ${foreign}`, 3, null, { [foreign]: true }], b: 'Bearer t0k3n' };
    assert.deepEqual(redactDeep(value), { a: ['x [redacted]', 3, null, { '[redacted]': true }], b: 'Bearer [redacted]' });
    // The host logger's cases (its log lines go through this redactor with the stored keys as `extra`).
    const key = 'test-key-known-123';
    const logged: Array<[string, string]> = [
      [`key=${key} done`, 'key=[redacted] done'],
      ['Authorization: Bearer abc.def-ghi', 'Authorization: Bearer [redacted]'],
      ['{"x-api-key":"zzz-secret"}', '{"x-api-key":"[redacted]"}'],
      ['x-api-key: plainvalue next', 'x-api-key: [redacted] next'],
      ['authorization=rawtoken;', 'authorization=[redacted];'],
      [`url https://h/?k=sk-ant-api03-${'A'.repeat(30)}&x=1`, 'url https://h/?k=[redacted]&x=1'],
    ];
    for (const [input, expected] of logged) assert.equal(redactSecrets(input, [key]), expected, input);
    const line = 'POST /v1/messages model=claude-sonnet-5-5 status=200 request-id=req_1 latency=12ms attempts=1';
    assert.equal(redactSecrets(line, [key]), line, 'ordinary text untouched');
    const cyclic: Record<string, unknown> = { s: foreign };
    cyclic.self = cyclic;
    assert.doesNotThrow(() => redactDeep(cyclic));
  });
});
