/**
 * The typed message protocol between the chat panel (webview) and the extension host.
 *
 * One map per direction from message name to [payload, reply]. Names say their area
 * (`answer/ask`, `conversation/rename`). A message whose reply is `void` is a notification; every
 * other one is a request: it carries a `requestId` chosen by its sender and gets exactly one
 * reply, a message of the same name and `requestId` travelling the other way, or `request/error`
 * with that `requestId` when it could not be carried out. Every message is parsed from `unknown`
 * at the receiving side (`parseToHost.ts` / `parseToWebview.ts`, beside this file; they import
 * these types, so this file does not re-export them) and handled with an exhaustive switch
 * (`assertNever` from src/base).
 */
import type { BudgetOverrun, BudgetReading } from './budgetTypes';
import type { AnswerMode, ChipView, ConversationSummary, ErrorKind, LogLevel, PanelState, TokenUsage, TurnEnd, TurnView } from './chatTypes';

export type { ChipView, ConversationSummary, ConversationView, ErrorKind, PanelState, TurnStatus, TurnView, TurnEnd, TokenUsage, Role, ChipKind, AnswerMode, LogLevel } from './chatTypes';
export { ERROR_KINDS, TURN_STATUSES, CHIP_KINDS, ROLES, ANSWER_MODES, LOG_LEVELS } from './chatTypes';

/** A message without fields of its own. */
type NoFields = Record<never, never>;

/** Short feedback for the panel's status line ("Copied to the clipboard."), plain text. */
export interface Notice {
  readonly message: string;
  readonly level: LogLevel;
}

/** The reply to a request that changes what the whole panel shows. */
interface StateReply {
  readonly state: PanelState;
  /** Why the request changed less than asked (e.g. the conversation to open no longer exists). */
  readonly notice?: Notice;
}

/** The reply to `panel/ready`: the state, and the draft the host kept for this workspace. */
interface ReadyReply extends StateReply {
  /**
   * The composer's text as the host last heard it (kept in the workspace's storage): a browser
   * reload in code-server can restore webview state up to a minute old, so the host's copy wins.
   * Absent when the host has none.
   */
  readonly draft?: string;
}

/** The reply to a request that only has an outcome to tell. */
interface NoticeReply {
  readonly notice?: Notice;
}

/** The reply to an answer request: the settled turn (its text is what the deltas carried). */
interface AnswerReply {
  readonly turn: TurnEnd;
}

/** The reply to a request about the context attached to the next prompt. */
interface ChipsReply {
  readonly chips: readonly ChipView[];
  /** Why nothing was attached (no selection, no open file). */
  readonly notice?: Notice;
}

/** The draft as the composer holds it: what the next send would carry. */
interface Draft {
  readonly text: string;
  readonly chipIds: readonly string[];
  /** The draft replaces the last question (edit mode). */
  readonly editing: boolean;
}

/** Earlier turns the user chose to leave out of the request (never cut without asking). */
interface LeaveOut {
  readonly omitTurnIds?: readonly string[];
}

/** The panel's messages to the host: name -> [payload, reply]. */
export interface PanelToHost {
  /**
   * The panel has loaded and listens; the reply is the full state. After a reload it names the
   * conversation it showed (from its view state), and says how long its page took to load, in ms
   * since the page's navigation started (for the log).
   */
  'panel/ready': [{ readonly conversationId?: string; readonly loadedMs?: number }, ReadyReply];
  /** The user closed the banner; the host stops showing it (remembered). */
  'panel/dismissBanner': [NoFields, NoFields];
  /** A panel-side problem worth logging on the host (never contains model output). */
  'panel/log': [{ readonly level: LogLevel; readonly message: string }, void];
  /** Ask: a new user turn with the ids of the attached context chips. */
  'answer/ask': [{ readonly text: string; readonly chipIds: readonly string[] } & LeaveOut, AnswerReply];
  /** Drop the last answer and ask again. */
  'answer/regenerate': [NoFields, AnswerReply];
  /** Replace the last user message (and its answer) and ask again. */
  'answer/editLast': [{ readonly text: string } & LeaveOut, AnswerReply];
  /** The draft changed: the host counts what the send would carry and posts `budget/reading` (debounced, cached). */
  'composer/draft': [Draft, void];
  /** Before sending: over the context window or the cost limit? No `overrun`: send. */
  'budget/check': [Draft & LeaveOut, { readonly overrun?: BudgetOverrun }];
  /** Continue a partial answer (resend with it as an assistant prefill). */
  'answer/continue': [NoFields, AnswerReply];
  /** Stop the answer of request `answerId` (abort the stream or cancel a retry wait); its request gets the reply. */
  'answer/stop': [{ readonly answerId: string }, void];
  /** Cut the retry wait of the answer of request `answerId` short. */
  'answer/retryNow': [{ readonly answerId: string }, void];
  /** Copy text (an answer or a code block) to the clipboard. */
  'editor/copy': [{ readonly text: string }, NoticeReply];
  /** Insert code at the cursor of the active editor. */
  'editor/insertCode': [{ readonly code: string; readonly language?: string }, NoticeReply];
  /** Open code in a new untitled editor. */
  'editor/newFile': [{ readonly code: string; readonly language?: string }, NoticeReply];
  /** Open a link (the host accepts http/https only). */
  'editor/openLink': [{ readonly href: string }, NoticeReply];
  'conversation/new': [NoFields, StateReply];
  'conversation/open': [{ readonly conversationId: string }, StateReply];
  'conversation/rename': [{ readonly conversationId: string; readonly title: string }, StateReply];
  'conversation/delete': [{ readonly conversationId: string }, StateReply];
  'model/pick': [{ readonly model: string }, { readonly models: readonly string[]; readonly model: string }];
  'context/attachSelection': [NoFields, ChipsReply];
  'context/attachFile': [NoFields, ChipsReply];
  'context/removeChip': [{ readonly chipId: string }, ChipsReply];
}

/** The host's messages to the panel: name -> [payload, reply]. The host asks nothing: all are notifications. */
export interface HostToPanel {
  /** Full state again, when the host changed it on its own (a command, before answering again). */
  'conversation/state': [{ readonly state: PanelState }, void];
  /** The host accepted a prompt: the user turn as stored. */
  'answer/userTurn': [{ readonly requestId: string; readonly turn: TurnView }, void];
  /** An answer starts streaming into `turnId` (a new turn, or a partial one to continue); the panel is busy until its reply. */
  'answer/start': [{ readonly requestId: string; readonly turnId: string; readonly mode: AnswerMode; readonly model: string }, void];
  /** Coalesced text of the answer. */
  'answer/delta': [{ readonly requestId: string; readonly text: string }, void];
  /** The client waits before retrying; `until` is epoch ms. */
  'answer/retryWait': [
    {
      readonly requestId: string;
      readonly attempt: number;
      readonly maxRetries: number;
      readonly delayMs: number;
      readonly until: number;
      readonly reason: string;
    },
    void,
  ];
  /** Running usage of the answer in flight, with the API's field names. */
  'answer/usage': [{ readonly requestId: string; readonly usage: TokenUsage }, void];
  'history/list': [{ readonly items: readonly ConversationSummary[] }, void];
  /** The composer's meter: what the next send would cost, counted or estimated. */
  'budget/reading': [{ readonly reading: BudgetReading }, void];
  /**
   * A prompt from a command was over the context window or the cost limit and was not sent: it
   * becomes the composer's draft with its chips `chipIds` (already in `context/chips`), and the
   * warning offers `overrun`'s choices, as if the user had pressed Send.
   */
  'budget/held': [{ readonly text: string; readonly chipIds: readonly string[]; readonly overrun: BudgetOverrun }, void];
  /** The chips left after a prompt took its own. */
  'context/chips': [{ readonly chips: readonly ChipView[] }, void];
  'model/list': [{ readonly models: readonly string[]; readonly model: string }, void];
  'panel/notice': [Notice, void];
  /** Show or hide the panel's conversation list (the view title's history button). */
  'panel/toggleHistory': [NoFields, void];
  /** The one failure reply: the request `requestId` (absent when the message had no usable one) was not carried out. */
  'request/error': [{ readonly requestId?: string; readonly message: string; readonly kind: ErrorKind }, void];
}

/** Names of {@link PanelToHost} messages that are requests (their reply is not `void`). */
export type PanelRequestType = { [K in keyof PanelToHost]: PanelToHost[K][1] extends void ? never : K }[keyof PanelToHost];

/** One message of a map: its name in `type`, its payload, and a `requestId` when it is a request. */
type Message<M extends { [P in keyof M]: [unknown, unknown] }, K extends keyof M> = { readonly type: K } & (M[K][1] extends void ? unknown : { readonly requestId: string }) & M[K][0];

/** Messages the panel sends to the host. */
export type ToHost = { [K in keyof PanelToHost]: Message<PanelToHost, K> }[keyof PanelToHost];

/** The `type` tags of {@link ToHost}. */
export type ToHostType = ToHost['type'];

/** A panel request before its sender gives it a `requestId`. */
export type RequestBody = { [K in PanelRequestType]: Omit<ToHostOf<K>, 'requestId'> }[PanelRequestType];

/** The reply to the panel's request `K`. */
export type Reply<K extends PanelRequestType> = { readonly type: K; readonly requestId: string } & PanelToHost[K][1];

/** Messages the host sends to the panel: replies to its requests, and the host's own notifications. */
export type ToWebview = { [K in PanelRequestType]: Reply<K> }[PanelRequestType] | { [K in keyof HostToPanel]: Message<HostToPanel, K> }[keyof HostToPanel];

/** The `type` tags of {@link ToWebview}. */
export type ToWebviewType = ToWebview['type'];

/** A host message of type `K`. */
export type ToWebviewOf<K extends ToWebviewType> = Extract<ToWebview, { readonly type: K }>;

/** A panel message of type `K`. */
export type ToHostOf<K extends ToHostType> = Extract<ToHost, { readonly type: K }>;

/** Result of parsing a message from `unknown`; never throws. */
export type ParseResult<T> = { readonly ok: true; readonly message: T } | { readonly ok: false; readonly error: string };
