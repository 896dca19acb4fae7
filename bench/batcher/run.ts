/**
 * Request batcher benchmark (`npm run bench`): `batcher.add` x 10,000 items (queued, split into
 * batches, polled, results read and settled) against `messages.create` x 10,000 at concurrency 16,
 * both against the emulator in a child process (its CPU is not counted), CPU per item measured in
 * this process. Also the heap held per item while queued and while its batch is waiting.
 * Options: --quick (fewer rounds) --items 10000 --batch-size 2500 --rounds 3 --concurrency 16 --strict
 */
import * as path from 'node:path';
import { AnthropicClient } from '../../src/api/client';
import type { Message, MessageCreateBody } from '../../src/api/types';
import { collectGarbage, cpuOf, median, throughput } from '../api/measure';
import type { BenchRow } from '../api/report';
import { formatTable, row, writeResults } from '../api/report';
import { log, num } from '../api/options';
import { startEmulatorChild } from '../soak/emulatorChild';

const root = path.resolve(__dirname, '../../..');

const body = (i: number): MessageCreateBody => ({ model: 'claude-sonnet-5-5', max_tokens: 64, messages: [{ role: 'user', content: `echo item ${i}` }] });
const textOf = (m: Message): string => (m.content[0]?.type === 'text' ? m.content[0].text : '');

function newClient(url: string, batchSize: number): AnthropicClient {
  return new AnthropicClient({
    apiKey: 'test-key-1', baseURL: url, circuitBreaker: false,
    batcher: { maxBatchSize: batchSize, maxDelayMs: 0, pollIntervalMs: 1, minPollIntervalMs: 1 },
  });
}

/** CPU ms per item of `messages.create` x n at `concurrency`. */
async function createRun(client: AnthropicClient, n: number, concurrency: number): Promise<number> {
  let next = 0;
  const { cpuMs } = await cpuOf(() => throughput(n, concurrency, async () => {
    const i = next++;
    const m = await client.messages.create(body(i));
    if (textOf(m) !== `item ${i}`) throw new Error(`create ${i} answered ${textOf(m)}`);
  }));
  return cpuMs / n;
}

/** CPU ms per item of `batcher.add` x n, until every item settled. */
async function batcherRun(client: AnthropicClient, n: number): Promise<number> {
  const { cpuMs, value } = await cpuOf(() => Promise.all(Array.from({ length: n }, (_, i) => client.batcher.add(body(i)))));
  value.forEach((m, i) => {
    if (textOf(m) !== `item ${i}`) throw new Error(`item ${i} answered ${textOf(m)}`);
  });
  return cpuMs / n;
}

/** Heap bytes per item while queued and while its batch waits (no poll comes during the measurement). */
async function heldPerItem(url: string, n: number): Promise<{ queued: number; waiting: number }> {
  const client = new AnthropicClient({ apiKey: 'test-key-1', baseURL: url, batcher: { maxDelayMs: 3_600_000, pollIntervalMs: 3_600_000 } });
  const heap = (): number => {
    collectGarbage();
    return process.memoryUsage().heapUsed;
  };
  const bodies = Array.from({ length: n }, (_, i) => body(i));
  const promises = new Array<Promise<Message>>(n);
  const before = heap();
  for (let i = 0; i < n; i++) promises[i] = client.batcher.add(bodies[i]);
  const queued = heap();
  await client.batcher.flush();
  const waiting = heap();
  client.dispose();
  await Promise.allSettled(promises);
  return { queued: (queued - before) / n, waiting: (waiting - before) / n };
}

async function main(): Promise<void> {
  const items = num('items', 10_000);
  const batchSize = num('batch-size', 2_500);
  const rounds = num('rounds', 3, 1);
  const concurrency = num('concurrency', 16);
  // The soak's emulator process with no fault drawn: its CPU is not counted, its limits are far above the run's traffic.
  const emulator = await startEmulatorChild({ seed: 1 });
  const client = newClient(emulator.url, batchSize);
  const rows: BenchRow[] = [];
  try {
    log('warm-up...');
    await createRun(client, 2_000, concurrency);
    await batcherRun(client, items);
    const creates: number[] = [];
    const adds: number[] = [];
    for (let r = 0; r < rounds; r++) {
      // Alternate who goes first, so neither always runs on the warmer half.
      if (r % 2 === 0) {
        adds.push(await batcherRun(client, items));
        creates.push(await createRun(client, items, concurrency));
      } else {
        creates.push(await createRun(client, items, concurrency));
        adds.push(await batcherRun(client, items));
      }
      log(`  round ${r + 1}/${rounds}: batcher.add ${adds.at(-1)?.toFixed(4)} ms/item, messages.create ${creates.at(-1)?.toFixed(4)} ms/item`);
    }
    const ratio = median(adds.map((a, i) => a / creates[i]));
    rows.push(row(`batcher.add x ${items} (batches of ${batchSize}), CPU per item vs messages.create @${concurrency}`, median(adds), median(creates), 'ms', '<= 0.5', undefined, ratio));
    log('heap held per item...');
    const held = await heldPerItem(emulator.url, items);
    rows.push(row(`heap per item while queued (params kept serialized)`, held.queued, null, 'bytes', 'info'));
    rows.push(row(`heap per item while its batch is waiting`, held.waiting, null, 'bytes', 'info'));
    process.stdout.write(`\nRequest batcher benchmark (node ${process.version})\n${formatTable(rows)}\n`);
    const file = path.join(root, 'bench/results/batcher.json');
    writeResults(file, rows, { items, batchSize, rounds, concurrency, cpuMsPerItem: { batcher: adds, create: creates }, heldBytesPerItem: held });
    process.stdout.write(`\nresults: ${path.relative(root, file)}\n`);
    if (process.argv.includes('--strict') && rows.some((r) => r.pass === false)) process.exitCode = 1;
  } finally {
    client.dispose();
    emulator.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
