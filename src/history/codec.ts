import type { Conversation, ConversationHeader, MessageUsage } from './historyTypes';
import { HistoryCorruptError } from './errors';
import { migrateToCurrent } from './migrations';
import { usageTotals } from '../shared/usageTotals';
import { isCount, isTime, normalizeTitle, validateConversation } from './validate';

/**
 * File layout: valid JSON whose first line holds every field except the messages, so the list can
 * read a few KB per file instead of whole conversations:
 *
 *   {"schemaVersion":1,"id":"…","title":"…","createdAt":…,"updatedAt":…,"messageCount":3,
 *   "messages":[
 *   {…},
 *   {…}
 *   ]}
 *
 * JSON.stringify escapes newlines inside strings, so the first raw newline always ends the header.
 */
export function encodeConversation(conv: Conversation): string {
  // Key order is the file format: schemaVersion first, then the list row (what decodeHeader reads).
  const header = { schemaVersion: conv.schemaVersion, ...summarize(conv) };
  const head = JSON.stringify(header).slice(0, -1);
  const body = conv.messages.map((m) => JSON.stringify(m)).join(',\n');
  return `${head},\n"messages":[${body ? `\n${body}\n` : ''}]}\n`;
}

/** Result of decoding a whole file. */
export interface DecodedConversation {
  readonly conversation: Conversation;
  /** Version the file was written in; lower than current means it should be rewritten. */
  readonly fromVersion: number;
}

/**
 * Strict UTF-8: a byte sequence that is not UTF-8 is damage, and decoding it leniently would turn
 * it into U+FFFD and write that back on the next save. A leading BOM (an editor's) is dropped.
 */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function utf8(bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new HistoryCorruptError('the file is not valid UTF-8');
  }
}

/** Parses, migrates and validates a whole file. Throws HistoryCorruptError / HistoryNewerVersionError. */
export function decodeConversation(bytes: Uint8Array, expectedId?: string): DecodedConversation {
  let raw: unknown;
  try {
    raw = JSON.parse(utf8(bytes));
  } catch (err) {
    throw err instanceof HistoryCorruptError ? err : new HistoryCorruptError(err instanceof Error ? err.message : String(err));
  }
  const { value, fromVersion } = migrateToCurrent(raw);
  return { conversation: validateConversation(value, expectedId), fromVersion };
}

/**
 * Reads the summary from the start of a file. Returns undefined when the start is not a current
 * header (old version, hand-edited, torn, damaged): the caller then decodes the whole file, which
 * also decides whether it is corrupt.
 */
export function decodeHeader(start: Uint8Array, expectedId: string): ConversationHeader | undefined {
  // 0x0A never occurs inside a multi-byte UTF-8 sequence, so the line ends at the first one.
  const newline = start.indexOf(0x0a);
  if (newline < 0) {
    return undefined;
  }
  let line: string;
  try {
    line = UTF8.decode(start.subarray(0, newline));
  } catch {
    return undefined;
  }
  if (!line.endsWith(',')) {
    return undefined;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(`${line.slice(0, -1)}}`);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) {
    return undefined;
  }
  const h = raw as Record<string, unknown>;
  if (
    h.schemaVersion !== 1 ||
    h.id !== expectedId ||
    typeof h.title !== 'string' ||
    !isTime(h.createdAt) ||
    !isTime(h.updatedAt) ||
    !isCount(h.messageCount) ||
    (h.model !== undefined && typeof h.model !== 'string')
  ) {
    return undefined;
  }
  const usage = headerUsage(h.usage);
  const costUsd = typeof h.costUsd === 'number' && Number.isFinite(h.costUsd) && h.costUsd >= 0 ? h.costUsd : undefined;
  return summaryOf({
    id: h.id,
    title: normalizeTitle(h.title),
    createdAt: h.createdAt,
    updatedAt: h.updatedAt,
    messageCount: h.messageCount,
    model: h.model,
    ...(usage ? { usage } : {}),
    ...(usage && costUsd !== undefined ? { costUsd } : {}),
  });
}

/** The header's summed usage; a damaged one is left out (the list shows no totals), never fatal. */
function headerUsage(v: unknown): MessageUsage | undefined {
  if (typeof v !== 'object' || v === null) {
    return undefined;
  }
  const u = v as Record<string, unknown>;
  const keys = ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const;
  if (!keys.every((k) => isCount(u[k]))) {
    return undefined;
  }
  return { input_tokens: u.input_tokens as number, output_tokens: u.output_tokens as number, cache_creation_input_tokens: u.cache_creation_input_tokens as number, cache_read_input_tokens: u.cache_read_input_tokens as number };
}

/** Summary of a conversation already in memory, with the totals of its answers' stored usage. */
export function summarize(conv: Conversation): ConversationHeader {
  const totals = usageTotals(conv.messages);
  return summaryOf({
    id: conv.id,
    title: conv.title,
    createdAt: conv.createdAt,
    updatedAt: conv.updatedAt,
    messageCount: conv.messages.length,
    model: conv.model,
    ...(totals ? { usage: totals.usage } : {}),
    ...(totals?.costUsd !== undefined ? { costUsd: totals.costUsd } : {}),
  });
}

/** The header without absent fields (the key order is the file format). */
function summaryOf(s: ConversationHeader): ConversationHeader {
  const { model, usage, costUsd } = s;
  return {
    id: s.id,
    title: s.title,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    messageCount: s.messageCount,
    ...(model !== undefined ? { model } : {}),
    ...(usage !== undefined ? { usage } : {}),
    ...(costUsd !== undefined ? { costUsd } : {}),
  };
}
