import type { Conversation, ConversationSummary } from '../historyTypes';
import { HistoryCorruptError } from './errors';
import { migrateToCurrent } from './migrations';
import { validateConversation } from './validate';

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
  const header = {
    schemaVersion: conv.schemaVersion,
    id: conv.id,
    title: conv.title,
    createdAt: conv.createdAt,
    updatedAt: conv.updatedAt,
    messageCount: conv.messages.length,
    model: conv.model,
  };
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

/** Parses, migrates and validates a whole file. Throws HistoryCorruptError / HistoryNewerVersionError. */
export function decodeConversation(text: string, expectedId?: string): DecodedConversation {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new HistoryCorruptError(err instanceof Error ? err.message : String(err));
  }
  const { value, fromVersion } = migrateToCurrent(raw);
  return { conversation: validateConversation(value, expectedId), fromVersion };
}

/**
 * Reads the summary from the start of a file. Returns undefined when the start is not a current
 * header (old version, hand-edited, torn): the caller then decodes the whole file, which also
 * decides whether it is corrupt.
 */
export function decodeHeader(start: string, expectedId: string): ConversationSummary | undefined {
  const newline = start.indexOf('\n');
  if (newline < 0) {
    return undefined;
  }
  const line = start.slice(0, newline);
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
    typeof h.createdAt !== 'number' ||
    typeof h.updatedAt !== 'number' ||
    typeof h.messageCount !== 'number' ||
    (h.model !== undefined && typeof h.model !== 'string')
  ) {
    return undefined;
  }
  return summaryOf({
    id: h.id,
    title: h.title,
    createdAt: h.createdAt,
    updatedAt: h.updatedAt,
    messageCount: h.messageCount,
    model: h.model,
  });
}

/** Summary of a conversation already in memory. */
export function summarize(conv: Conversation): ConversationSummary {
  return summaryOf({
    id: conv.id,
    title: conv.title,
    createdAt: conv.createdAt,
    updatedAt: conv.updatedAt,
    messageCount: conv.messages.length,
    model: conv.model,
  });
}

function summaryOf(s: ConversationSummary): ConversationSummary {
  return s.model === undefined ? { id: s.id, title: s.title, createdAt: s.createdAt, updatedAt: s.updatedAt, messageCount: s.messageCount } : s;
}
