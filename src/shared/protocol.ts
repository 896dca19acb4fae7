/**
 * The typed message protocol between the chat panel (webview) and the extension host.
 * Both directions are discriminated unions on `type`; every message is parsed from `unknown`
 * at the receiving side (`parseToHost.ts` / `parseToWebview.ts`, beside this file; they import
 * these types, so this file does not re-export them) and handled with an exhaustive switch
 * (`assertNever` from src/base). Requests carry a `requestId` chosen by the webview;
 * each request ends with exactly one `done` or `error` carrying the same id.
 */
import type { AnswerMode, ChipView, ConversationSummary, ErrorKind, LogLevel, PanelState, TurnView, UsageView } from './chatTypes';

export type { ChipView, ConversationSummary, ConversationView, ErrorKind, PanelState, TurnStatus, TurnView, UsageView, Role, ChipKind, AnswerMode, LogLevel } from './chatTypes';
export { ERROR_KINDS, TURN_STATUSES, CHIP_KINDS, ROLES, ANSWER_MODES, LOG_LEVELS } from './chatTypes';

// ---------------------------------------------------------------- webview -> host

/** Messages the panel sends to the host. */
export type ToHost =
  /**
   * The panel has loaded and listens; the host flushes its queue and sends `init`. After a reload
   * it names the conversation it showed (from its view state), and says how long its page took
   * to load, in ms since the page's navigation started (for the log).
   */
  | { readonly type: 'ready'; readonly conversationId?: string; readonly loadedMs?: number }
  /** Ask: a new user turn with the ids of the attached context chips. */
  | { readonly type: 'send'; readonly requestId: string; readonly text: string; readonly chipIds: readonly string[] }
  /** Stop the request (abort the stream or cancel a retry wait). */
  | { readonly type: 'stop'; readonly requestId: string }
  /** Cut a retry wait short. */
  | { readonly type: 'retryNow'; readonly requestId: string }
  /** Drop the last answer and ask again. */
  | { readonly type: 'regenerate'; readonly requestId: string }
  /** Replace the last user message (and its answer) and resend. */
  | { readonly type: 'editLast'; readonly requestId: string; readonly text: string }
  /** Continue a partial answer (resend with it as an assistant prefill). */
  | { readonly type: 'continue'; readonly requestId: string }
  /** Copy text (an answer or a code block) to the clipboard. */
  | { readonly type: 'copy'; readonly text: string }
  /** Insert code at the cursor of the active editor. */
  | { readonly type: 'insertCode'; readonly code: string; readonly language?: string }
  /** Open code in a new untitled editor. */
  | { readonly type: 'newFile'; readonly code: string; readonly language?: string }
  /** Open a link (the host accepts http/https only). */
  | { readonly type: 'openLink'; readonly href: string }
  | { readonly type: 'newChat' }
  | { readonly type: 'switchConversation'; readonly conversationId: string }
  | { readonly type: 'renameConversation'; readonly conversationId: string; readonly title: string }
  | { readonly type: 'deleteConversation'; readonly conversationId: string }
  | { readonly type: 'pickModel'; readonly model: string }
  | { readonly type: 'attachSelection' }
  | { readonly type: 'attachFile' }
  | { readonly type: 'removeChip'; readonly chipId: string }
  /** The user closed the banner; the host stops showing it (remembered). */
  | { readonly type: 'dismissBanner' }
  /** A panel-side problem worth logging on the host (never contains model output). */
  | { readonly type: 'log'; readonly level: LogLevel; readonly message: string };


/** The `type` tags of {@link ToHost}. */
export type ToHostType = ToHost['type'];

// ---------------------------------------------------------------- host -> webview


/** Messages the host sends to the panel. */
export type ToWebview =
  /** Full state, first message after `ready`. */
  | { readonly type: 'init'; readonly state: PanelState }
  /** Full state again (after switching, deleting, new chat). */
  | { readonly type: 'state'; readonly state: PanelState }
  /** The host accepted a prompt: the user turn as stored (the panel replaces its echo). */
  | { readonly type: 'userMessage'; readonly requestId: string; readonly turn: TurnView }
  /** An answer starts streaming into `turnId` (a new turn, or an existing partial one to continue). */
  | { readonly type: 'answerStart'; readonly requestId: string; readonly turnId: string; readonly mode: AnswerMode; readonly model: string }
  /** Coalesced text of the answer. */
  | { readonly type: 'delta'; readonly requestId: string; readonly text: string }
  /** The client waits before retrying; `until` is epoch ms. */
  | {
      readonly type: 'retryWait';
      readonly requestId: string;
      readonly attempt: number;
      readonly maxRetries: number;
      readonly delayMs: number;
      readonly until: number;
      readonly reason: string;
    }
  /** Running usage of the answer in flight. */
  | { readonly type: 'usage'; readonly requestId: string; readonly usage: UsageView }
  /** The answer finished; `turn` is the stored assistant turn. */
  | { readonly type: 'done'; readonly requestId: string; readonly turn: TurnView; readonly usage?: UsageView; readonly cost?: number }
  /** The request failed; with `partial`, the answer text so far is kept (turn status 'partial'). */
  | {
      readonly type: 'error';
      readonly requestId?: string;
      readonly message: string;
      readonly kind: ErrorKind;
      readonly partial?: true;
      readonly turnId?: string;
    }
  | { readonly type: 'history'; readonly items: readonly ConversationSummary[] }
  | { readonly type: 'chips'; readonly chips: readonly ChipView[] }
  | { readonly type: 'busy'; readonly requestId?: string }
  | { readonly type: 'models'; readonly models: readonly string[]; readonly model: string }
  /** Short feedback such as "Copied" (plain text). */
  | { readonly type: 'notice'; readonly message: string; readonly level: LogLevel }
  /** Show or hide the panel's conversation list (the view title's history button). */
  | { readonly type: 'toggleHistory' };

/** The `type` tags of {@link ToWebview}. */
export type ToWebviewType = ToWebview['type'];

/** Result of parsing a message from `unknown`; never throws. */
export type ParseResult<T> = { readonly ok: true; readonly message: T } | { readonly ok: false; readonly error: string };
