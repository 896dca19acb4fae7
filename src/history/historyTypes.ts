/**
 * Conversation history types shared by the history store (src/state), the chat controller
 * (src/chat) and the commands. Plain data, no vscode import: these are what lands on disk.
 */

/** Schema version written by this build. Bump it and add a migration in history/migrations.ts. */
export const HISTORY_SCHEMA_VERSION = 1;

/** Who wrote a message. Only user/assistant turns are stored; the system prompt comes from settings. */
export type MessageRole = 'user' | 'assistant';

/**
 * `partial`: an answer still streaming, or cut short (stopped, crashed, stream error after content);
 * `error`: the request failed and `error` holds a user-readable reason (never a key).
 */
export type MessageStatus = 'complete' | 'partial' | 'error';

/** Token usage of an assistant answer, as the API reports it (cumulative, snake_case like the wire). */
export interface MessageUsage {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cache_creation_input_tokens?: number;
  readonly cache_read_input_tokens?: number;
}

/** Kind of editor context attached to a prompt. */
export type ContextChipKind = 'selection' | 'file';

/**
 * Editor context sent with a prompt (shown as a chip in the panel). `text` is what was sent to the
 * model; keeping it makes an exported or reopened conversation self-explanatory.
 */
export interface ContextChip {
  readonly kind: ContextChipKind;
  /** Short label for the chip, e.g. `util.ts:12-30`. */
  readonly label: string;
  /** Workspace-relative path or file name (never an absolute home path in exports). */
  readonly fileName?: string;
  /** Document URI as a string, to reveal the source later. */
  readonly uri?: string;
  readonly languageId?: string;
  /** 1-based inclusive line range of a selection. */
  readonly startLine?: number;
  readonly endLine?: number;
  readonly text?: string;
}

/** One stored turn. */
export interface StoredMessage {
  /** Unique inside its conversation. */
  readonly id: string;
  readonly role: MessageRole;
  /** Plain text of the message (assistant: the concatenated text blocks, markdown). */
  readonly content: string;
  readonly status: MessageStatus;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly model?: string;
  readonly usage?: MessageUsage;
  readonly stopReason?: string;
  /** Request id of the API call that produced an assistant message, for support. */
  readonly requestId?: string;
  /** User-readable error for status `error` (or a `partial` cut short by an error). */
  readonly error?: string;
  readonly context?: readonly ContextChip[];
  /** A user message sent without these earlier messages (ids): the user chose to leave them out to fit the budget. */
  readonly omitted?: readonly string[];
}

/** A whole conversation: one JSON file per conversation on disk. */
export interface Conversation {
  readonly schemaVersion: typeof HISTORY_SCHEMA_VERSION;
  /** `[A-Za-z0-9_-]{1,64}`: it is the file name. */
  readonly id: string;
  readonly title: string;
  /** Epoch ms. */
  readonly createdAt: number;
  /** Epoch ms of the last change; the list is ordered by it, newest first. */
  readonly updatedAt: number;
  /** Model of the last answer, for the list. */
  readonly model?: string;
  readonly messages: readonly StoredMessage[];
}

/** What the list shows, read from a file's header line without parsing the messages. */
export interface ConversationHeader {
  readonly id: string;
  readonly title: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly messageCount: number;
  readonly model?: string;
  /** Every answer's usage summed (written since totals were kept; older files have none until saved again). */
  readonly usage?: MessageUsage;
  /** Estimated cost of the answers with a known price (USD), at the time of the save. */
  readonly costUsd?: number;
}

/**
 * Why a history file could not be used: `corrupt` (torn, not UTF-8, wrong shape), `newerVersion`
 * (a higher schemaVersion), `tooLarge` (over the size limit), `notAFile` (a folder, symbolic link,
 * pipe or device named like a conversation), `unreadable` (permissions, I/O error).
 */
export type HistoryProblemKind = 'corrupt' | 'newerVersion' | 'tooLarge' | 'notAFile' | 'unreadable';

/**
 * Fired once per bad file. A corrupt file and a symbolic link are moved aside to `movedTo`
 * (`<name>.corrupt-<ts>.json`, same folder); everything else is left where it is (no `movedTo`)
 * and reported once per session. Nothing is ever deleted.
 */
export interface HistoryProblem {
  readonly kind: HistoryProblemKind;
  /** Absolute path of the original file. */
  readonly file: string;
  /** Absolute path the file was moved to, when it was moved. */
  readonly movedTo?: string;
  /** Short user-readable reason, e.g. `Unexpected end of JSON input`. */
  readonly reason: string;
}
