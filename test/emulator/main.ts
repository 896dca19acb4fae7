/**
 * Standalone emulator: `node out/test/emulator/main.js [--port 8787] [--host 127.0.0.1]
 * [--pace 15] [--batch-polls 1] [--batch-retry-after 1]
 * [--batch-mix '{"errored":0.1,"expired":0.05}'] [--rpm 4000] [--random-faults '<json>'] [--no-count-tokens] [--quiet]`. Prints `EMULATOR_URL=...` first (other processes parse
 * that line), then a plain banner. Stops on SIGINT/SIGTERM. With `CLAUDE_CHAT_EMULATOR_SIGNING_SECRET`
 * in the environment (not an argument: arguments show in `ps`) it acts as a signing gateway.
 */
import { startEmulator } from './server';
import type { RandomFaults } from './types';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const signingSecret = process.env.CLAUDE_CHAT_EMULATOR_SIGNING_SECRET || undefined;
  const emulator = await startEmulator({
    signingSecret,
    port: Number(arg('port', '8787')),
    host: arg('host', '127.0.0.1'),
    paceMs: Number(arg('pace', '15')),
    batchPolls: Number(arg('batch-polls', '1')),
    batches: {
      // Seconds between polls the emulator asks for (retry-after on a batch that has not ended).
      pollRetryAfter: process.argv.includes('--batch-retry-after') ? Number(arg('batch-retry-after', '1')) : undefined,
      mix: process.argv.includes('--batch-mix') ? (JSON.parse(arg('batch-mix', '{}')) as { errored?: number; expired?: number }) : undefined,
    },
    // A long interactive session must not grow without bound.
    maxRecords: 1000,
    // Realistic limits so the status bar shows plausible figures; --rpm lowers them for demos.
    rateLimits: {
      requests: { limit: Number(arg('rpm', '4000')) },
      tokens: { limit: 2_000_000 },
      inputTokens: { limit: 1_600_000 },
      outputTokens: { limit: 400_000 },
    },
    // Seeded random faults (a RandomFaults object as JSON), as the soak runs it.
    randomFaults: process.argv.includes('--random-faults') ? (JSON.parse(arg('random-faults', '{}')) as RandomFaults) : undefined,
    // A gateway without count_tokens (the composer's meter then says it cannot count).
    countTokens: !process.argv.includes('--no-count-tokens'),
    log: process.argv.includes('--quiet') ? undefined : (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
  });
  process.stdout.write(`EMULATOR_URL=${emulator.url}\n`);
  process.stdout.write(
    [
      'Local Anthropic emulator (offline, deterministic answers)',
      `  POST ${emulator.url}/v1/messages  (JSON and stream: true)`,
      `  GET  ${emulator.url}/v1/models`,
      `  POST ${emulator.url}/v1/messages/batches  (then GET .../{id}, .../{id}/results)`,
      `  control: ${emulator.url}/__emulator/{script,requests,reset,ratelimits,health}`,
      '  any key works except bad-* (401) and noperm-* (403); Ctrl+C stops',
      ...(signingSecret ? ['  gateway signing on: requests need x-timestamp, x-nonce and x-signature'] : []),
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`emulator failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
