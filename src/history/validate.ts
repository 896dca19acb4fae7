import { toOneLine } from '../shared/textKinds';
import type { ContextChip, Conversation, MessageUsage, StoredMessage } from './historyTypes';
import { HISTORY_SCHEMA_VERSION } from './historyTypes';
import { HistoryCorruptError } from './errors';

/** Conversation ids double as file names, so they are restricted to a safe alphabet. */
export const CONVERSATION_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

type Obj = Record<string, unknown>;

/** Longest title kept; the list and quick picks show one line. */
export const MAX_TITLE_LENGTH = 200;

/**
 * One line, trimmed, capped, without control characters or lone surrogates: titles come from
 * prompts, user input and hand-edited files, and go to the panel, whose parser refuses anything else.
 */
export function normalizeTitle(title: string): string {
  return toOneLine(title, MAX_TITLE_LENGTH, 'Untitled conversation');
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(reason: string): never {
  throw new HistoryCorruptError(reason);
}

function str(o: Obj, key: string, where: string): string {
  const v = o[key];
  return typeof v === 'string' ? v : fail(`${where}.${key} is not a string`);
}

/** Latest time a JavaScript Date can hold (epoch ms); anything larger cannot be shown as a date. */
const MAX_TIME = 8.64e15;

/** An epoch-ms time: an integer a Date can show (a huge or fractional number is damage, not a date). */
export function isTime(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_TIME;
}

/** A count (messages, tokens): a non-negative safe integer. */
export function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function time(o: Obj, key: string, where: string): number {
  const v = o[key];
  return isTime(v) ? v : fail(`${where}.${key} is not a time (epoch milliseconds)`);
}

function count(o: Obj, key: string, where: string): number {
  const v = o[key];
  return isCount(v) ? v : fail(`${where}.${key} is not a count (a non-negative integer)`);
}

function optCount(o: Obj, key: string, where: string): number | undefined {
  return o[key] === undefined ? undefined : count(o, key, where);
}

function optLine(o: Obj, key: string, where: string): number | undefined {
  const v = optCount(o, key, where);
  return v === 0 ? fail(`${where}.${key} is not a line number (they start at 1)`) : v;
}

function optStr(o: Obj, key: string, where: string): string | undefined {
  return o[key] === undefined ? undefined : str(o, key, where);
}

function usage(v: unknown, where: string): MessageUsage | undefined {
  if (v === undefined) {
    return undefined;
  }
  if (!isObj(v)) {
    fail(`${where}.usage is not an object`);
  }
  return stripUndefined({
    input_tokens: count(v, 'input_tokens', `${where}.usage`),
    output_tokens: count(v, 'output_tokens', `${where}.usage`),
    cache_creation_input_tokens: optCount(v, 'cache_creation_input_tokens', `${where}.usage`),
    cache_read_input_tokens: optCount(v, 'cache_read_input_tokens', `${where}.usage`),
  });
}

function chip(v: unknown, where: string): ContextChip {
  if (!isObj(v)) {
    fail(`${where} is not an object`);
  }
  const kind = v.kind;
  if (kind !== 'selection' && kind !== 'file') {
    fail(`${where}.kind is not selection|file`);
  }
  return stripUndefined({
    kind,
    label: str(v, 'label', where),
    fileName: optStr(v, 'fileName', where),
    uri: optStr(v, 'uri', where),
    languageId: optStr(v, 'languageId', where),
    startLine: optLine(v, 'startLine', where),
    endLine: optLine(v, 'endLine', where),
    text: optStr(v, 'text', where),
  });
}

/** Ids of the earlier messages a request was sent without (the user chose to leave them out). */
function optIds(o: Obj, key: string, where: string): string[] | undefined {
  const v = o[key];
  if (v === undefined) {
    return undefined;
  }
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) {
    fail(`${where}.${key} is not a list of message ids`);
  }
  return [...v];
}

function message(v: unknown, where: string): StoredMessage {
  if (!isObj(v)) {
    fail(`${where} is not an object`);
  }
  const role = v.role;
  if (role !== 'user' && role !== 'assistant') {
    fail(`${where}.role is not user|assistant`);
  }
  const status = v.status;
  if (status !== 'complete' && status !== 'partial' && status !== 'error') {
    fail(`${where}.status is not complete|partial|error`);
  }
  const context = v.context;
  if (context !== undefined && !Array.isArray(context)) {
    fail(`${where}.context is not an array`);
  }
  return stripUndefined({
    id: str(v, 'id', where),
    role,
    content: str(v, 'content', where),
    status,
    createdAt: time(v, 'createdAt', where),
    model: optStr(v, 'model', where),
    usage: usage(v.usage, where),
    stopReason: optStr(v, 'stopReason', where),
    requestId: optStr(v, 'requestId', where),
    error: optStr(v, 'error', where),
    context: context?.map((c, i) => chip(c, `${where}.context[${i}]`)),
    omitted: optIds(v, 'omitted', where),
  });
}

/** Drops undefined fields so a round trip writes the same bytes it read. */
function stripUndefined<T extends object>(o: T): T {
  for (const key of Object.keys(o) as (keyof T)[]) {
    if (o[key] === undefined) {
      delete o[key];
    }
  }
  return o;
}

/**
 * Checks a parsed (and migrated) file against the current schema and returns a clean copy.
 * Unknown fields are dropped; anything missing or mistyped throws {@link HistoryCorruptError}.
 */
export function validateConversation(value: unknown, expectedId?: string): Conversation {
  if (!isObj(value)) {
    fail('the file does not hold a JSON object');
  }
  if (value.schemaVersion !== HISTORY_SCHEMA_VERSION) {
    fail(`schemaVersion is ${String(value.schemaVersion)}, expected ${HISTORY_SCHEMA_VERSION}`);
  }
  const id = str(value, 'id', 'conversation');
  if (!CONVERSATION_ID_PATTERN.test(id)) {
    fail('conversation.id has characters a file name cannot hold');
  }
  if (expectedId !== undefined && id !== expectedId) {
    fail(`conversation.id ${id} does not match its file name ${expectedId}.json`);
  }
  const messages = value.messages;
  if (!Array.isArray(messages)) {
    fail('conversation.messages is not an array');
  }
  // The summary line repeats the count: when it disagrees, something other than a save changed the file.
  if (value.messageCount !== undefined && count(value, 'messageCount', 'conversation') !== messages.length) {
    fail(`the summary line counts ${String(value.messageCount)} messages, the file holds ${messages.length}`);
  }
  // The summary line's totals are derived from the messages; a mistyped one is damage like any other field.
  if (value.usage !== undefined && usage(value.usage, 'conversation') === undefined) {
    fail('conversation.usage is not a usage object');
  }
  if (value.costUsd !== undefined && !(typeof value.costUsd === 'number' && Number.isFinite(value.costUsd) && value.costUsd >= 0)) {
    fail('conversation.costUsd is not a non-negative number');
  }
  const checked = messages.map((m, i) => message(m, `messages[${i}]`));
  const ids = new Set<string>();
  for (const m of checked) {
    if (ids.has(m.id)) {
      fail(`message id ${JSON.stringify(m.id)} appears twice`);
    }
    ids.add(m.id);
  }
  return stripUndefined({
    schemaVersion: HISTORY_SCHEMA_VERSION,
    id,
    // A hand-edited title may hold what the panel refuses; normalizing is idempotent for ours.
    title: normalizeTitle(str(value, 'title', 'conversation')),
    createdAt: time(value, 'createdAt', 'conversation'),
    updatedAt: time(value, 'updatedAt', 'conversation'),
    model: optStr(value, 'model', 'conversation'),
    messages: checked,
  });
}
