/** Error mapping: one class per cause, with status, type, requestId and a readable message. */
import * as assert from 'node:assert/strict';
import { useEmulator, BODY, rejection } from './harness';
import * as E from '../../../src/api/errors';

describe('api: error mapping', () => {
  const { emu, client } = useEmulator();

  const cases: [number, string, new (...a: never[]) => Error][] = [
    [400, 'invalid_request_error', E.InvalidRequestError],
    [401, 'authentication_error', E.AuthenticationError],
    [403, 'permission_error', E.PermissionDeniedError],
    [404, 'not_found_error', E.NotFoundError],
    [413, 'request_too_large', E.RequestTooLargeError],
    [429, 'rate_limit_error', E.RateLimitError],
    [500, 'api_error', E.InternalServerError],
    [529, 'overloaded_error', E.OverloadedError],
  ];
  for (const [status, type, Cls] of cases) {
    it(`${status} -> ${Cls.name} (${type}) with requestId and the API's message`, async () => {
      emu().script({ status, message: `scripted ${status}` });
      const err = await rejection(client({ maxRetries: 0 }).messages.create(BODY));
      assert.ok(err instanceof Cls, `got ${err.constructor.name}`);
      assert.ok(err instanceof E.AnthropicError);
      assert.ok(err instanceof E.APIError);
      const e = err as E.AnthropicError;
      assert.equal(e.status, status);
      assert.equal(e.type, type);
      assert.equal(e.requestId, emu().requests[0].requestId);
      assert.equal(e.requestID, e.requestId);
      assert.equal(e.headers['request-id'], e.requestId);
      assert.equal(e.headers.get('Request-Id'), e.requestId);
      assert.match(e.message, new RegExp(`scripted ${status}`));
      assert.deepEqual((e.error as { error: { type: string } }).error.type, type);
    });
  }

  it('an HTML 502 from a proxy still gives a readable message', async () => {
    emu().script({ html502: true });
    const err = (await rejection(client({ maxRetries: 0 }).messages.create(BODY))) as E.AnthropicError;
    assert.ok(err instanceof E.InternalServerError);
    assert.equal(err.status, 502);
    assert.ok(!/<html|<body/i.test(err.message), err.message);
    assert.match(err.message, /502/);
    assert.equal(typeof err.error, 'string');
  });

  it('529 with api_error body is still OverloadedError; OverloadedError is an InternalServerError', async () => {
    emu().script({ status: 529, errorType: 'overloaded_error' });
    const err = await rejection(client({ maxRetries: 0 }).messages.create(BODY));
    assert.ok(err instanceof E.OverloadedError);
    assert.ok(err instanceof E.InternalServerError);
    assert.ok(err instanceof E.ApiError);
  });

  it('connection refused -> APIConnectionError (ConnectionError), type connection_error', async () => {
    const { AnthropicClient } = await import('../../../src/api/client');
    const c = new AnthropicClient({ apiKey: 'test-key-1', baseURL: 'http://127.0.0.1:9', maxRetries: 0 });
    const err = (await rejection(c.messages.create(BODY))) as E.AnthropicError;
    c.dispose();
    assert.ok(err instanceof E.APIConnectionError);
    assert.ok(err instanceof E.ConnectionError);
    assert.equal(err.type, 'connection_error');
    assert.equal(err.status, undefined);
  });

  it('local errors carry their own types', () => {
    assert.equal(new E.TimeoutError('t').type, 'timeout_error');
    assert.ok(new E.TimeoutError('t') instanceof E.APIConnectionError);
    assert.equal(new E.UserAbortError('a').type, 'abort_error');
    assert.equal(new E.CircuitOpenError('c').type, 'circuit_open_error');
    assert.equal(E.APIConnectionTimeoutError, E.TimeoutError);
    assert.equal(E.APIUserAbortError, E.UserAbortError);
  });

  it('a key echoed by a server never reaches the error message', async () => {
    emu().script({ status: 401, message: `invalid key test-secret-abcdef and sk-ant-api03-${'FAKE'.repeat(3)}` });
    const err = await rejection(client({ apiKey: 'test-secret-abcdef', maxRetries: 0 }).messages.create(BODY));
    assert.ok(!err.message.includes('test-secret-abcdef'), err.message);
    assert.ok(!err.message.includes('FAKEFAKEFAKE'), err.message);
    assert.ok(!String(err.stack).includes('test-secret-abcdef'));
  });
});
