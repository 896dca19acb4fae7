/**
 * The benchmark server, run as a child process so its CPU is not counted: answers
 * POST /v1/messages from pre-rendered bytes (big stream, small stream or a JSON message,
 * chosen by the prompt). Prints `BENCH_URL=...` when listening.
 * Usage: node out/bench/api/benchServer.js --deltas 200000
 */
import { createServer } from 'node:http';
import { bigPrompt, renderMessage, renderStream, smallPrompt } from './payloads';

const deltasArg = process.argv.indexOf('--deltas');
const deltas = deltasArg > 0 ? Number(process.argv[deltasArg + 1]) : 200_000;
const big = Buffer.from(renderStream(deltas));
const small = Buffer.from(renderStream(5));
const message = Buffer.from(renderMessage());
const sseHeaders = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': 'req_bench' };
const jsonHeaders = { 'content-type': 'application/json', 'content-length': String(message.length), 'request-id': 'req_bench' };

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    if (!body.includes('"stream":true')) {
      res.writeHead(200, jsonHeaders);
      res.end(message);
      return;
    }
    res.writeHead(200, sseHeaders);
    if (body.includes(bigPrompt)) res.end(big);
    else if (body.includes(smallPrompt)) res.end(small);
    else res.end(small);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`BENCH_URL=http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
