/**
 * One soak conversation: a streamed echo prompt whose answer the emulator repeats verbatim, so
 * the exact text is known in advance. Every ending of the stream is counted, and a watchdog
 * aborts (and records) a call that outlives its budget.
 */
import type { AnthropicClient } from '../../src/api/client';
import type { AnthropicError } from '../../src/api/errors';
import type { Message } from '../../src/api/types';
import { randomInt } from '../../test/support/seededRandom';

/**
 * What happened to one conversation. Texts are checked at once and not kept: the heap check must
 * see the client's memory, not the soak's own records.
 */
export interface ConversationRecord {
  index: number;
  ok: boolean;
  /** For a success: the text equals the expected answer. */
  textExact?: boolean;
  errorName?: string;
  /** For a failure that carried a partial message: its text is a prefix of the expected answer. */
  partialIsPrefix?: boolean;
  latencyMs: number;
  ttftMs?: number;
  /** 'end' events, and finalMessage + error events: each must be exactly 1. */
  ends: number;
  outcomes: number;
  hung: boolean;
}

const WORDS = ['stream', 'socket', 'retry', 'Überprüfung', 'naïve', '漢字', 'emoji 🚀', 'code `x`', '**bold**', 'résumé', 'keep-alive', 'Ωmega', 'CRLF', 'ünïcödé', 'παράδειγμα', '—dash—'];

/** The echo prompt of conversation `index` (seeded: the same run, the same prompts). */
export function promptFor(random: () => number, index: number): { prompt: string; expected: string } {
  const words = Array.from({ length: randomInt(random, 12, 80) }, () => WORDS[randomInt(random, 0, WORDS.length - 1)]);
  const expected = `#${index} ${words.join(' ')}`;
  return { prompt: `echo ${expected}`, expected };
}

const textOf = (m: Message | undefined): string | undefined => m?.content.map((b) => (b.type === 'text' ? b.text : '')).join('');

/** Runs one conversation; resolves when it settled, or when the watchdog gave up on it. */
export async function converse(client: AnthropicClient, index: number, prompt: string, expected: string, budgetMs: number): Promise<ConversationRecord> {
  const started = performance.now();
  const record: ConversationRecord = { index, ok: false, latencyMs: 0, ends: 0, outcomes: 0, hung: false };
  const stream = client.messages.stream({ model: 'claude-sonnet-5-5', max_tokens: 4096, messages: [{ role: 'user', content: prompt }] });
  stream
    .on('text', () => (record.ttftMs ??= performance.now() - started))
    .on('end', () => record.ends++)
    .on('finalMessage', () => record.outcomes++)
    .on('error', () => record.outcomes++);
  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), budgetMs)));
  const outcome = await Promise.race([
    stream.finalMessage().then((message) => ({ message }), (error: AnthropicError) => ({ error })),
    watchdog,
  ]);
  clearTimeout(timer);
  record.latencyMs = performance.now() - started;
  if (outcome === 'hung') {
    record.hung = true;
    stream.abort();
    return record;
  }
  if ('message' in outcome) {
    record.ok = true;
    record.textExact = textOf(outcome.message) === expected;
  } else {
    record.errorName = outcome.error.name;
    const partial = textOf(outcome.error.partialMessage);
    if (partial !== undefined) record.partialIsPrefix = expected.startsWith(partial);
  }
  return record;
}
