/**
 * View-model types the panel and the host share. They describe what the panel shows, not how
 * the host stores it (the HistoryStore has its own record shape; src/chat maps between them).
 */

/**
 * Token counts of one answer with the API's own field names, from the stream to the panel and
 * the history file alike (cumulative, never summed by us; a count the API left out is 0).
 */
export interface TokenUsage {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cache_creation_input_tokens: number;
  readonly cache_read_input_tokens: number;
}

/** Lifecycle of an assistant turn as shown in the panel. */
export const TURN_STATUSES = ['complete', 'streaming', 'partial', 'stopped', 'error'] as const;
/** See {@link TURN_STATUSES}. */
export type TurnStatus = (typeof TURN_STATUSES)[number];

/** Roles of a turn. */
export const ROLES = ['user', 'assistant'] as const;
/** See {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** Kinds of context that can be attached to a prompt. */
export const CHIP_KINDS = ['selection', 'file'] as const;
/** See {@link CHIP_KINDS}. */
export type ChipKind = (typeof CHIP_KINDS)[number];

/** A context chip as the panel shows it; the host keeps the content, the panel only the label. */
export interface ChipView {
  readonly id: string;
  readonly kind: ChipKind;
  /** e.g. "main.ts:10-24" or "main.ts". */
  readonly label: string;
}

/** One turn of a conversation. `text` is raw markdown for the assistant, plain text for the user. */
export interface TurnView {
  readonly id: string;
  readonly role: Role;
  readonly text: string;
  readonly status: TurnStatus;
  readonly model?: string;
  readonly usage?: TokenUsage;
  /** US dollars, estimated from `model` and `usage` when the turn is shown; absent when the model has no known price. */
  readonly cost?: number;
  /** US dollars the answer's cache reads saved against the full input price (present only when above 0). */
  readonly cacheSavings?: number;
  /** A user turn sent without this many earlier turns (the user chose to leave them out to fit the budget). */
  readonly leftOut?: number;
  /** Labels of the context that went with a user turn. */
  readonly chips?: readonly ChipView[];
  /** Why an assistant turn ended early (status partial / error). */
  readonly errorMessage?: string;
  /** The API's `stop_reason` of a finished answer (`end_turn`, `max_tokens`, `refusal`, ...). */
  readonly stopReason?: string;
}

/** How an answer ended: its turn without the text, which the panel already has from the deltas. */
export type TurnEnd = Omit<TurnView, 'role' | 'text' | 'chips' | 'leftOut'>;

/** A conversation as the panel renders it. */
export interface ConversationView {
  readonly id: string;
  readonly title: string;
  readonly turns: readonly TurnView[];
}

/** One row of the history list. */
export interface ConversationSummary {
  readonly id: string;
  readonly title: string;
  /** Epoch ms of the last change. */
  readonly updatedAt: number;
  /** Tokens of every answer (input, output and cache reads and writes); absent for a file written before totals were kept. */
  readonly tokens?: number;
  /** Estimated cost of every answer with a known price (USD). */
  readonly cost?: number;
}

/** Error categories the panel distinguishes (the client's error classes, plus panel-side ones). */
export const ERROR_KINDS = [
  'invalid_request',
  'authentication',
  'permission',
  'not_found',
  'request_too_large',
  'rate_limit',
  'api',
  'overloaded',
  'connection',
  'timeout',
  'aborted',
  'circuit_open',
  'no_key',
  'protocol',
  'unknown',
] as const;
/** See {@link ERROR_KINDS}. */
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Everything the panel needs to draw itself from scratch. */
export interface PanelState {
  readonly conversation: ConversationView;
  readonly history: readonly ConversationSummary[];
  readonly models: readonly string[];
  readonly model: string;
  readonly chips: readonly ChipView[];
  /** Request id of the answer in flight, if any. */
  readonly busyRequestId?: string;
  /** Plain-text banner, e.g. the emulator notice. */
  readonly banner?: string;
}

/** Levels of `log` and `notice` messages. */
export const LOG_LEVELS = ['info', 'warn', 'error'] as const;
/** See {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Why an answer is being streamed into a turn: a fresh answer, or continuing a partial one. */
export const ANSWER_MODES = ['new', 'continue'] as const;
/** See {@link ANSWER_MODES}. */
export type AnswerMode = (typeof ANSWER_MODES)[number];
