import type { Disposable } from '../base/lifecycle';
import type { ModelLimits } from '../budget/contextWindow';
import type { Clock } from '../base/clock';
import type { ChatClient, ChatLogger, ChatSettings, ContextItem, ConversationStore, EditorBridge } from './types';

/** Everything the chat controller needs; the composition root passes the real services. */
export interface ChatControllerDeps {
  /** A getter, so a reconfigured or replaced client is picked up per request. */
  readonly client: () => ChatClient;
  readonly settings: () => ChatSettings;
  readonly store: ConversationStore;
  readonly editor: EditorBridge;
  readonly logger: ChatLogger;
  readonly clock?: Clock;
  readonly newId?: () => string;
  /** Model ids for the picker (e.g. from client.models.list()); failures fall back to the setting. */
  readonly listModels?: () => Promise<readonly string[]>;
  /** What `/v1/models` said about each model's limits (its context window), once listed. */
  readonly modelLimits?: () => readonly ModelLimits[] | undefined;
  /** Quiet time of the composer's token meter after the last change (ms). */
  readonly meterDebounceMs?: number;
  /** Persists a model picked in the panel (e.g. updates `claudeChat.model`). */
  readonly setModel?: (model: string) => unknown;
  /** Plain-text banner, e.g. the emulator notice; read on every snapshot (undefined once dismissed). */
  readonly banner?: () => string | undefined;
  /** The user closed the banner: remember it. */
  readonly dismissBanner?: () => unknown;
  /** Remembers the conversation shown (per workspace), so a reload without panel state reopens it. */
  readonly rememberConversation?: (id: string) => unknown;
  /** Shows the panel (the view provider's `reveal`), focusing it unless `preserveFocus`. */
  readonly reveal?: (preserveFocus: boolean) => Promise<void>;
  /** The conversation last shown in this workspace. */
  readonly lastConversation?: () => string | undefined | Promise<string | undefined>;
  /** Keeps the composer's text (per workspace) as the panel reports it, so a reload cannot lose it. */
  readonly rememberDraft?: (text: string) => unknown;
  /** The composer's text last kept in this workspace; undefined when none was. */
  readonly lastDraft?: () => string | undefined | Promise<string | undefined>;
}

/** Options of `ChatController.ask`. */
export interface AskOptions {
  /** Context from a command. */
  readonly context?: ReadonlyArray<Omit<ContextItem, 'id'>>;
  /** The panel's request this answers, and the chips it attached. */
  readonly requestId?: string;
  readonly chipIds?: readonly string[];
  /** Earlier turns the user chose to leave out of this request (marked on the new user turn). */
  readonly omitTurnIds?: readonly string[];
  /** A vscode.CancellationToken (structural): cancelling stops the request. */
  readonly token?: { readonly isCancellationRequested: boolean; onCancellationRequested(cb: () => void): Disposable };
}
