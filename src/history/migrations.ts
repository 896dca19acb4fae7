import { HISTORY_SCHEMA_VERSION } from './historyTypes';
import { HistoryCorruptError, HistoryNewerVersionError } from './errors';

type Obj = Record<string, unknown>;

/** Turns a file of version `n` into version `n + 1`. Each step is pure and never throws on extra fields. */
type Migration = (raw: Obj) => Obj;

/**
 * Version 0 is the pre-release prototype's format, kept as the template for real migrations:
 * `{ id, name, created: ISO date, turns: [{ speaker: 'human' | 'assistant', text, at?: ISO date }] }`,
 * with no `schemaVersion` field. Version 1 is {@link Conversation}.
 */
function v0ToV1(raw: Obj): Obj {
  const created = parseDate(raw.created);
  const turns = Array.isArray(raw.turns) ? raw.turns : [];
  const messages = turns.map((t: unknown, i: number) => {
    const turn = (typeof t === 'object' && t !== null ? t : {}) as Obj;
    return {
      id: `m${i + 1}`,
      role: turn.speaker === 'human' ? 'user' : 'assistant',
      content: typeof turn.text === 'string' ? turn.text : '',
      // v0 kept only finished turns.
      status: 'complete',
      createdAt: parseDate(turn.at) ?? created ?? 0,
    };
  });
  const updatedAt = messages.reduce((max, m) => Math.max(max, m.createdAt), created ?? 0);
  return {
    schemaVersion: 1,
    id: raw.id,
    title: typeof raw.name === 'string' && raw.name.trim() ? raw.name : 'Untitled conversation',
    createdAt: created ?? updatedAt,
    updatedAt,
    messages,
  };
}

function parseDate(v: unknown): number | undefined {
  if (typeof v !== 'string') {
    return undefined;
  }
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/** `MIGRATIONS[n]` upgrades version n to n + 1. */
const MIGRATIONS: readonly Migration[] = [v0ToV1];

/** Version of a parsed file: its `schemaVersion`, or 0 for the prototype format that had none. */
export function schemaVersionOf(raw: Obj): number {
  const v = raw.schemaVersion;
  if (v === undefined) {
    return 0;
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new HistoryCorruptError(`schemaVersion ${JSON.stringify(v)} is not a version number`);
  }
  return v;
}

/**
 * Brings a parsed file up to {@link HISTORY_SCHEMA_VERSION}. Returns the upgraded object and the
 * version it started from (so the caller can rewrite the file once). A newer file throws
 * {@link HistoryNewerVersionError}: we cannot know what a downgrade would lose.
 */
export function migrateToCurrent(raw: unknown): { value: Obj; fromVersion: number } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new HistoryCorruptError('the file does not hold a JSON object');
  }
  let value = raw as Obj;
  const fromVersion = schemaVersionOf(value);
  if (fromVersion > HISTORY_SCHEMA_VERSION) {
    throw new HistoryNewerVersionError(fromVersion);
  }
  for (let v = fromVersion; v < HISTORY_SCHEMA_VERSION; v++) {
    value = MIGRATIONS[v](value);
  }
  return { value, fromVersion };
}
