/**
 * HTTP control routes for other processes (e2e, the extension under test):
 * POST /__emulator/script, GET /__emulator/requests, POST /__emulator/reset,
 * POST /__emulator/ratelimits, POST|GET /__emulator/faults, GET /__emulator/health. Never
 * recorded, never scripted.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Emulator, FaultStep, RandomFaults, RateLimitConfig, RecordedRequest } from './types';

/** Path prefix of the control routes. */
export const controlPrefix = '/__emulator/';

/** A request record as the control route shows it: keys replaced by a short fingerprint. */
export function redactRecord(r: RecordedRequest): Record<string, unknown> {
  const headers = { ...r.headers };
  if (headers.authorization !== undefined) headers.authorization = '[redacted]';
  if (headers['x-api-key'] !== undefined) headers['x-api-key'] = '[redacted]';
  const { apiKey, ...rest } = r;
  // A step may echo the key into response headers (echoKey); the control route never shows it.
  const responseHeaders = r.responseHeaders && apiKey !== undefined
    ? Object.fromEntries(Object.entries(r.responseHeaders).map(([k, v]) => [k, v.split(apiKey).join('[redacted]')]))
    : r.responseHeaders;
  return {
    ...rest,
    headers,
    responseHeaders,
    // A fingerprint lets another process tell keys apart without ever seeing one.
    apiKeyFingerprint: apiKey === undefined ? undefined : createHash('sha256').update(apiKey).digest('hex').slice(0, 12),
  };
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** Handles a control request (the body already read as text). */
export function handleControl(emulator: Emulator, req: IncomingMessage, res: ServerResponse, path: string, text: string): void {
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    return send(res, 400, { error: 'body is not JSON' });
  }
  const action = `${req.method} ${path.slice(controlPrefix.length - 1)}`;
  try {
    switch (action) {
      case 'POST /script': {
        // Replaces what is pending (an e2e test must not inherit another's leftovers); `append: true` adds.
        const wrapped = Array.isArray(body) ? { steps: body } : ((body ?? {}) as { steps?: unknown; append?: boolean });
        const steps = wrapped.steps as FaultStep[] | undefined;
        if (!Array.isArray(steps)) return send(res, 400, { error: 'expected a JSON array of steps (or { steps: [...], append?: true })' });
        if (wrapped.append === true) emulator.script(...steps);
        else emulator.replaceScript(steps);
        return send(res, 200, { pending: emulator.pendingSteps.length });
      }
      case 'GET /requests':
        return send(res, 200, emulator.requests.map(redactRecord));
      case 'POST /reset':
        emulator.reset();
        return send(res, 200, { ok: true });
      case 'POST /ratelimits': {
        // `key` (a test key) selects per-key limits; never logged.
        const { key, ...config } = (body ?? {}) as RateLimitConfig & { key?: string };
        emulator.setRateLimits(config, key);
        return send(res, 200, { ok: true });
      }
      case 'POST /faults':
        // Seeded random faults (a RandomFaults object), or `null` to turn them off.
        emulator.setRandomFaults((body ?? undefined) as RandomFaults | undefined);
        return send(res, 200, { ok: true });
      case 'GET /faults':
        return send(res, 200, emulator.randomFaultCounts());
      case 'GET /health':
        return send(res, 200, { ok: true, url: emulator.url, pending: emulator.pendingSteps.length, requests: emulator.requests.length });
      default:
        return send(res, 404, { error: `unknown control route ${action}` });
    }
  } catch (e) {
    return send(res, 400, { error: e instanceof Error ? e.message : String(e) });
  }
}
