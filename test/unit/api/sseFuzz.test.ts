/**
 * SSE fuzzing, seeded and reproducible (change SEED to explore; CLAUDE_CHAT_FUZZ_REPORT=1 prints
 * the outcome counts). Re-chunking: any split of the same bytes gives the unchunked result, in the
 * decoder alone and end to end through each transport. Garbage: every mutated stream ends with
 * a message or a typed error; never a hang, never an unhandled rejection.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TRANSPORTS, BODY } from './harness';
import { within } from './settleWatch';
import { rechunk, startChunkServer } from './chunkServer';
import type { ChunkServer } from './chunkServer';
import { planMessage } from '../../emulator/messagePlan';
import { planToEvents } from '../../emulator/sseEvents';
import { randomInt, seededRandom } from '../../support/seededRandom';
import { AnthropicClient } from '../../../src/api/client';
import { AnthropicError } from '../../../src/api/errors';
import { SseDecoder } from '../../../src/api/stream/sseDecoder';

const SEED = 0x5e5e;
const DECODER_RUNS = 2000;
const RECHUNK_RUNS = 150;
const GARBAGE_RUNS = 250;
const report = process.env.CLAUDE_CHAT_FUZZ_REPORT === '1';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/sdk-sse');
const tools = [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
const SOURCES: Buffer[] = [
  planToEvents(planMessage({ ...BODY, max_tokens: 8192, messages: [{ role: 'user', content: 'long answer about ünïcödé 😀 and CJK 漢字' }] }, 1)).join(''),
  planToEvents(planMessage({ ...BODY, max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 }, tools, messages: [{ role: 'user', content: 'weather in Zürich?' }] }, 2)).join(''),
  fs.readFileSync(path.join(FIXTURES, 'basic_response.txt'), 'utf8'),
  fs.readFileSync(path.join(FIXTURES, 'tool_use_response.txt'), 'utf8'),
].map((s) => Buffer.from(s, 'utf8'));

/** One random mutation of `bytes` (seven kinds, from a cut to pure noise). */
function mutate(bytes: Buffer, random: () => number): Buffer {
  const at = (): number => Math.floor(random() * bytes.length);
  const noise = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => randomInt(random, 0, 255)));
  const lines = bytes.toString('utf8').split('\n');
  const line = (): number => Math.floor(random() * lines.length);
  switch (randomInt(random, 0, 6)) {
    case 0:
      return bytes.subarray(0, at());
    case 1: {
      const i = at();
      return Buffer.concat([bytes.subarray(0, i), noise(randomInt(random, 1, 40)), bytes.subarray(i)]);
    }
    case 2: {
      const copy = Buffer.from(bytes);
      for (let k = randomInt(random, 1, 20); k > 0; k--) copy[at()] = randomInt(random, 0, 255);
      return copy;
    }
    case 3: {
      const i = line();
      if (lines[i].startsWith('data:')) lines[i] = `data: ${noise(randomInt(random, 0, 60)).toString('latin1').replace(/[\r\n]/g, ' ')}`;
      return Buffer.from(lines.join('\n'));
    }
    case 4:
      lines.splice(line(), 1);
      return Buffer.from(lines.join('\n'));
    case 5: {
      const events = bytes.toString('utf8').split('\n\n');
      const i = Math.floor(random() * events.length);
      events.splice(i, 0, events[i]);
      return Buffer.from(events.join('\n\n'));
    }
    default:
      return noise(randomInt(random, 0, 500));
  }
}

describe('api: SSE fuzz', () => {
  it(`decoder: ${DECODER_RUNS} seeded re-chunkings give the unchunked events`, () => {
    const random = seededRandom(SEED);
    const decodeAll = (chunks: Buffer[]): unknown[] => {
      const d = new SseDecoder();
      return [...chunks.flatMap((c) => d.push(c)), ...d.end()];
    };
    const expected = SOURCES.map((s) => JSON.stringify(decodeAll([s])));
    for (let run = 0; run < DECODER_RUNS; run++) {
      const k = run % SOURCES.length;
      const chunks = rechunk(SOURCES[k], randomInt(random, 1, 400), random);
      assert.equal(JSON.stringify(decodeAll(chunks)), expected[k], `run ${run} (source ${k}, ${chunks.length} chunks)`);
    }
  });

  for (const transport of TRANSPORTS) {
    describe(`through the ${transport} transport`, () => {
      let server: ChunkServer;
      let client: AnthropicClient;
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
      before(async () => {
        server = await startChunkServer();
        // No breaker: every garbage stream must reach the transport (and take its queued answer).
        client = new AnthropicClient({ apiKey: 'test-key-1', baseURL: server.url, transport, maxRetries: 0, idleTimeoutMs: 2000, circuitBreaker: false });
        process.on('unhandledRejection', onUnhandled);
      });
      after(async () => {
        process.off('unhandledRejection', onUnhandled);
        client.dispose();
        await server.close();
      });

      const run = async (chunks: Buffer[]): Promise<{ message?: unknown; error?: unknown }> => {
        server.next(chunks);
        return within(
          client.messages.stream(BODY).finalMessage().then((message) => ({ message }), (error: unknown) => ({ error })),
          5000,
          'fuzzed stream',
        );
      };

      it(`${RECHUNK_RUNS} seeded re-chunkings give the unchunked final message`, async () => {
        const random = seededRandom(SEED + 1);
        const expected: string[] = [];
        for (const source of SOURCES) {
          const { message, error } = await run([source]);
          assert.equal(error, undefined);
          expected.push(JSON.stringify(message));
        }
        for (let i = 0; i < RECHUNK_RUNS; i++) {
          const k = i % SOURCES.length;
          const { message, error } = await run(rechunk(SOURCES[k], randomInt(random, 1, 200), random));
          assert.equal(error, undefined, `run ${i}: ${String(error)}`);
          assert.equal(JSON.stringify(message), expected[k], `run ${i} (source ${k})`);
        }
      });

      it(`${GARBAGE_RUNS} seeded garbage streams each end in a message or a typed error`, async () => {
        const random = seededRandom(SEED + 2);
        const outcomes: Record<string, number> = {};
        for (let i = 0; i < GARBAGE_RUNS; i++) {
          const bytes = mutate(SOURCES[i % SOURCES.length], random);
          const { error } = await run(rechunk(bytes, randomInt(random, 1, 30), random));
          if (error !== undefined) assert.ok(error instanceof AnthropicError, `run ${i}: untyped ${String(error)}`);
          const name = error === undefined ? 'message' : (error as Error).name;
          outcomes[name] = (outcomes[name] ?? 0) + 1;
        }
        await new Promise((r) => setImmediate(r));
        assert.deepEqual(unhandled, [], 'no unhandled rejections');
        if (report) console.log(`      ${transport} garbage outcomes: ${JSON.stringify(outcomes)}`);
      });
    });
  }
});
