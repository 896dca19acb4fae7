import type * as vscode from 'vscode';
import type { HistoryStore } from '../state/historyStore';
import type { ContextChip } from '../state/historyTypes';
import type { Prompter } from './prompter';

/** Options of {@link ChatLike.ask}. */
export interface ChatAskOptions {
  /** Editor context; the controller sends each chip's `text` with the prompt and shows the label. */
  readonly context?: readonly ContextChip[];
  /** Cancelling it aborts the request (the progress notification's Cancel button). */
  readonly token?: vscode.CancellationToken;
}

/**
 * What the commands need from the chat panel's ChatController (src/chat). Structural, so this
 * folder compiles while src/chat is being written; the members marked optional are used when present.
 */
export interface ChatLike {
  /** Adds the prompt to the current conversation and streams the answer into the panel. */
  ask(prompt: string, options?: ChatAskOptions): Promise<unknown>;
  newChat(): unknown;
  stop(): unknown;
  readonly busy: boolean;
  readonly onDidChangeBusy: vscode.Event<boolean>;
  /** Shows a stored conversation in the panel (showHistory → Open). */
  openConversation?(id: string): unknown;
  /** Id of the conversation the panel shows (default for exportConversation). */
  readonly currentConversationId?: string;
}

/** A model as `GET /v1/models` lists it (the client's ModelInfo). */
export interface ModelLike {
  readonly id: string;
  readonly display_name?: string;
  readonly created_at?: string;
}

/** The parts of AnthropicClient the commands use. */
export interface ClientLike {
  readonly models: { list(): Promise<readonly ModelLike[]> };
  readonly metrics: { snapshot(): unknown };
}

/** Everything registerCommands needs; built by extension.ts. */
export interface CommandDeps {
  readonly chat: ChatLike;
  readonly history: HistoryStore;
  readonly client: ClientLike;
  readonly log: vscode.LogOutputChannel;
  /** Defaults to the real UI. */
  readonly prompter?: Prompter;
  /** Clock for the model cache; defaults to Date.now. */
  readonly now?: () => number;
  /** How long the model list is reused. Default 10 minutes. */
  readonly modelCacheTtlMs?: number;
}
