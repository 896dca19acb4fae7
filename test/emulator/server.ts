/**
 * The local Anthropic emulator: a real node:http server speaking the Messages API wire
 * format, with scripted faults and a record of every request.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { checkKey, checkVersion, readKey } from './auth';
import { BatchStore } from './batchStore';
import type { BatchResult } from './batchStore';
import type { EmulatorState } from './context';
import { controlPrefix, handleControl } from './control';
import { proxyHtml502 } from './errors';
import { FaultScript, isErrorStep } from './faults';
import { planMessage, planToJson } from './messagePlan';
import { defaultModels } from './models';
import { PromptCache } from './promptCache';
import { RateLimiter } from './rateLimits';
import { Reply } from './reply';
import { route } from './routes/index';
import { SignatureChecker, signatureHeaderNames } from './signature';
import { randomStep } from './randomFaults';
import type { Emulator, EmulatorOptions, FaultStep, RandomFaults, RateLimitConfig, RecordedRequest } from './types';
import { validateMessagesBody } from './validation';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage, max: number): Promise<{ raw: Buffer; text: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // Keep draining past the limit so the client can finish sending and read the 413.
      if (size <= max) chunks.push(c);
    });
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      resolve({ raw, text: raw.toString('utf8'), tooLarge: size > max });
    });
    req.on('error', reject);
  });
}

/** Starts an emulator; resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const now = options.now ?? Date.now;
  const host = options.host ?? '127.0.0.1';
  const maxBody = options.maxBodyBytes ?? 32 * 1024 * 1024;
  const script = new FaultScript();
  const signatures = options.signingSecret
    ? new SignatureChecker(options.signingSecret, now, options.signatureToleranceSeconds, signatureHeaderNames(options.signingHeaders))
    : undefined;
  const rate = new RateLimiter(now, options.rateLimits);
  // Keys given limits of their own stand for keys of different organisations (the API limits per org).
  const keyLimiters = new Map<string, RateLimiter>();
  const requests: RecordedRequest[] = [];
  const attempts = new Map<string, number>();
  const socketIds = new WeakMap<Socket, number>();
  const sockets = new Set<Socket>();
  const stalled = new Set<ServerResponse>();
  let socketSeq = 0;
  // Never reset, so request ids stay unique across reset().
  let requestSeq = 0;
  const maxRecords = options.maxRecords ?? Infinity;
  let randomFaults: RandomFaults | undefined = options.randomFaults;
  let faultCounts: Record<string, number> = {};
  let seq = 0;
  let url = '';

  const renderBatch = (params: unknown, version: string): BatchResult => {
    const checked = validateMessagesBody(params, version);
    if (!checked.ok) {
      const requestId = `req_01Emu${(++requestSeq).toString(36).padStart(10, '0')}`;
      return { type: 'errored', error: { type: 'error', error: { type: 'invalid_request_error', message: checked.message }, request_id: requestId } };
    }
    return { type: 'succeeded', message: planToJson(planMessage(checked.value, ++seq)) };
  };
  const batches = new BatchStore(now, { pollsToEnd: options.batchPolls, ...options.batches }, renderBatch);
  const state: EmulatorState = {
    now,
    paceMs: options.paceMs ?? 0,
    rate,
    batches,
    models: options.models ?? defaultModels,
    promptCache: options.promptCache === false ? undefined : new PromptCache(now, options.promptCache),
    countTokens: options.countTokens ?? true,
    get url() {
      return url;
    },
    nextSeq: () => ++seq,
    onStall: (res) => {
      stalled.add(res);
      res.on('close', () => stalled.delete(res));
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const parsed = new URL(req.url ?? '/', 'http://emulator.local');
    const path = parsed.pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    // A batch may be far larger than one message (256 MB against 32 MB).
    const limit = path === '/v1/messages/batches' && method === 'POST' ? batches.options.maxBytes : maxBody;
    const { raw, text, tooLarge } = await readBody(req, limit);
    if (path.startsWith(controlPrefix)) return handleControl(emulator, req, res, path, text);

    let body: unknown;
    let badJson = false;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      badJson = true;
    }
    // Hashed so long conversations do not pile up as map keys.
    const attemptKey = createHash('sha1').update(`${method} ${path} `).update(raw).digest('hex');
    const attempt = (attempts.get(attemptKey) ?? 0) + 1;
    attempts.set(attemptKey, attempt);
    const key = readKey(req);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const version = headers['anthropic-version'];
    let step: FaultStep | undefined = script.take(method, path);
    let randomFault: string | undefined;
    if (!step && randomFaults && method === 'POST' && path === '/v1/messages') {
      ({ step, fault: randomFault } = randomStep(randomFaults, attemptKey, attempt));
      faultCounts[randomFault] = (faultCounts[randomFault] ?? 0) + 1;
    }
    const record: RecordedRequest = {
      requestId: `req_01Emu${(++requestSeq).toString(36).padStart(10, '0')}`,
      method,
      path,
      query: Object.fromEntries(parsed.searchParams),
      headers,
      body,
      arrivedAt: now(),
      socketId: socketIds.get(req.socket) ?? 0,
      attempt,
      authHeader: key.header,
      apiKey: key.key,
      anthropicVersion: version,
      step,
      randomFault,
    };
    requests.push(record);
    if (requests.length > maxRecords) requests.splice(0, requests.length - maxRecords);
    const limiter = (key.key !== undefined && keyLimiters.get(key.key)) || rate;
    const reply = new Reply(res, record, limiter, step);
    if (options.log) logWhenDone(options.log, record, res, now);

    if (step?.delayMs) await sleep(step.delayMs);
    if (step?.destroyBeforeHeaders) {
      req.socket.destroy();
      return;
    }
    if (step && isErrorStep(step)) return sendScripted(reply, step);
    if (tooLarge) return reply.error(413, 'request_too_large', 'Request exceeds the maximum allowed number of bytes.');
    if (signatures) {
      const refused = signatures.refusal(method, req.url ?? path, raw, headers);
      record.signatureProblem = refused?.problem;
      // Like a gateway: the reason in words, a code of its own, and its clock in `date`.
      if (refused) {
        return reply.error(401, 'authentication_error', refused.message, { date: new Date(now()).toUTCString() }, { signature_problem: refused.problem });
      }
    }
    const refusal = checkKey(key.key) ?? checkVersion(version);
    if (refusal) return reply.error(refusal.status, refusal.type, refusal.message);
    if (badJson) return reply.error(400, 'invalid_request_error', 'There was an error parsing the body');
    await route({ method, path, query: record.query, body, version: version ?? '', reply, rate: limiter, step, state });
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: `emulator bug: ${String(err)}` } }));
      } else res.destroy();
    });
  };
  const tls = options.tls;
  const server = tls ? createTlsServer({ key: tls.key, cert: tls.cert }, onRequest) : createServer(onRequest);
  // Long keep-alive so reuse assertions do not depend on timing.
  server.keepAliveTimeout = 60_000;
  // Over TLS a request's socket is the TLS socket, which 'secureConnection' hands out.
  server.on(tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    socketIds.set(socket, ++socketSeq);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  url = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const emulator: Emulator = {
    url,
    port,
    requests,
    get pendingSteps() {
      return script.pending;
    },
    script: (...steps: FaultStep[]) => script.add(steps),
    replaceScript: (steps: readonly FaultStep[]) => script.replace(steps),
    setRandomFaults: (config: RandomFaults | undefined) => {
      randomFaults = config;
      faultCounts = {};
    },
    randomFaultCounts: () => ({ ...faultCounts }),
    setCountTokens: (on: boolean) => {
      state.countTokens = on;
    },
    setRateLimits: (config: RateLimitConfig, forKey?: string) => {
      if (forKey === undefined) return rate.configure(config);
      const own = keyLimiters.get(forKey);
      if (own) own.configure(config);
      else keyLimiters.set(forKey, new RateLimiter(now, config));
    },
    reset: () => {
      requests.length = 0;
      attempts.clear();
      faultCounts = {};
      script.clear();
      batches.clear();
      signatures?.clear();
      keyLimiters.clear();
      rate.configure(options.rateLimits ?? {});
      state.promptCache?.clear();
      state.countTokens = options.countTokens ?? true;
    },
    close: async () => {
      for (const res of stalled) res.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
  return emulator;
}

function logWhenDone(log: (line: string) => void, record: RecordedRequest, res: ServerResponse, now: () => number): void {
  res.once('close', () => {
    // Built from the status, the step and response headers only: request headers (and keys) stay out.
    const ms = now() - record.arrivedAt;
    const left = record.responseHeaders?.['anthropic-ratelimit-requests-remaining'];
    const stream = (record.responseHeaders?.['content-type'] ?? '').startsWith('text/event-stream') ? ' stream' : '';
    const json = record.step ? JSON.stringify(record.step) : '';
    // A replayed fixture (`sse`) can be long; the log only needs to say which step it was.
    const step = json ? ` step=${json.length > 200 ? `${json.slice(0, 197)}...` : json}` : '';
    log(`${record.method} ${record.path} ${record.status ?? 'no response'}${stream} ${ms} ms, requests left ${left ?? '-'}${step}`);
  });
}

function sendScripted(reply: Reply, step: FaultStep): void {
  if (step.html502) return reply.raw(step.status ?? 502, 'text/html', proxyHtml502);
  const status = step.status ?? 200;
  if (step.body !== undefined) {
    const isText = typeof step.body === 'string';
    return reply.raw(status, isText ? 'text/plain' : 'application/json', isText ? (step.body as string) : JSON.stringify(step.body));
  }
  reply.error(status, step.errorType, step.message);
}
