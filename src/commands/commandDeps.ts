import type * as vscode from 'vscode';
import type { HistoryStore } from '../history/historyStore';
import type { EditorContextItem } from '../editor/editorContext';
import type { Prompter } from '../ui/prompter';

/** A vscode.CancellationToken, structurally. */
export interface CancelToken {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(cb: () => void): { dispose(): void };
}

/** Options of {@link ChatLike.ask}. */
export interface ChatAskOptions {
  /** Editor context; the controller fences `text` under `label` in the user message. */
  readonly context?: readonly EditorContextItem[];
  /** Cancelling it aborts the request (the progress notification's Cancel button). */
  readonly token?: CancelToken;
}

/**
 * What the commands need from the chat panel's ChatController (src/chat). Structural, so this
 * folder does not depend on the controller's internals; optional members are used when present.
 */
export interface ChatLike {
  /** Adds the prompt to the current conversation and streams the answer into the panel. */
  ask(prompt: string, options?: ChatAskOptions): Promise<unknown>;
  newChat(): unknown;
  stop(): unknown;
  readonly busy: boolean;
  onDidChangeBusy(listener: (busy: boolean) => void): { dispose(): void };
  /** The conversation the panel shows (default for exportConversation). */
  readonly current?: { readonly id: string; readonly turns?: readonly unknown[] };
  /** Shows the conversation in the panel; resolves true when it is shown. */
  open(id: string): Promise<boolean>;
  /** Renames a conversation (through the controller: it may hold it in memory and would save the old title back). */
  rename(id: string, title: string): Promise<void>;
  /** Deletes a conversation (a new chat takes its place in the panel when it is the one shown). */
  delete(id: string): Promise<void>;
  /** Shows the chat panel (and focuses it unless `preserveFocus`). */
  reveal(preserveFocus?: boolean): Promise<void>;
  /** Resolves when the controller's pending saves are on disk. */
  flushSaves?(): Promise<void>;
  /** Shows or hides the panel's own conversation list. */
  toggleHistoryList?(): void;
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
  /** The "Claude Chat" LogOutputChannel; `openLog` shows it. */
  readonly log: vscode.LogOutputChannel;
  /** Defaults to the real UI; the extension passes its PrompterRef so tests can answer. */
  readonly prompter?: Prompter;
  /** Clock for the model cache and relative times; defaults to Date.now. */
  readonly now?: () => number;
  /** How long the model list is reused. Default 10 minutes. */
  readonly modelCacheTtlMs?: number;
}
