/**
 * The narrow interfaces the chat controller needs from its neighbours. They are structural on
 * purpose: the composition root (extension.ts) hands in the real AnthropicClient, Settings and
 * HistoryStore (or thin adapters), and tests hand in the real client against the emulator.
 */
import type { ChipKind, ConversationSummary, TurnView } from '../shared/chatTypes';

/** The settings the controller reads for each request (extension.ts maps `claudeChat.*` here). */
export interface ChatSettings {
  readonly model: string;
  readonly apiVersion: '2026-10-21' | '2023-06-01';
  readonly maxTokens: number;
  /** null/undefined: not sent. Only ever sent under 2023-06-01 (the current version rejects it). */
  readonly temperature?: number | null;
  readonly systemPrompt: string;
  readonly promptCaching: boolean;
  /** 0: thinking off; otherwise at least 1024 and below maxTokens. */
  readonly thinkingBudget: number;
  /** Context window override in tokens (0 or absent: from the model data, else the table). */
  readonly contextWindow?: number;
  /** Per-message cost limit in USD (0 or absent: none). */
  readonly maxCostPerMessage?: number;
}

/** Wire shapes the controller builds (a subset of the Messages API request). */
export interface TextBlockParam {
  readonly type: 'text';
  readonly text: string;
  readonly cache_control?: { readonly type: 'ephemeral' };
}

/** One message of a request. */
export interface MessageParam {
  readonly role: 'user' | 'assistant';
  readonly content: string | readonly TextBlockParam[];
}

/** The request body for `messages.stream`. */
export interface ChatRequestBody {
  readonly model: string;
  readonly max_tokens: number;
  readonly messages: readonly MessageParam[];
  readonly system?: string | readonly TextBlockParam[];
  readonly temperature?: number;
  readonly thinking?: { readonly type: 'enabled'; readonly budget_tokens: number };
  readonly stream?: boolean;
}

/** Usage as the API reports it. */
export interface ApiUsage {
  readonly input_tokens?: number | null;
  readonly output_tokens?: number | null;
  readonly cache_creation_input_tokens?: number | null;
  readonly cache_read_input_tokens?: number | null;
}

/** The parts of an API Message the controller reads. */
export interface ApiMessage {
  readonly model?: string;
  readonly content: ReadonlyArray<{ readonly type: string; readonly text?: string }>;
  readonly usage?: ApiUsage;
  readonly stop_reason?: string | null;
}

/** The client's retry notice (docs/CONTRACTS.md RetryInfo). */
export interface ChatRetryInfo {
  readonly attempt: number;
  readonly maxRetries: number;
  readonly delayMs: number;
  readonly until: number;
  readonly reason: string;
  readonly status?: number;
}

/** A raw stream event; only `message_start` / `message_delta` usage is read from it. */
export interface ChatStreamEvent {
  readonly type: string;
  readonly message?: { readonly usage?: ApiUsage };
  readonly usage?: ApiUsage;
}

/** The MessageStream surface the controller uses (docs/CONTRACTS.md). */
export interface ChatStream {
  on(event: 'text', cb: (delta: string) => void): unknown;
  on(event: 'retry', cb: (info: ChatRetryInfo) => void): unknown;
  on(event: 'event', cb: (event: ChatStreamEvent) => void): unknown;
  finalMessage(): Promise<ApiMessage>;
  abort(): void;
  retryNow(): void;
}

/** The body of `messages.countTokens`: the request without what does not change its input. */
export type CountRequestBody = Omit<ChatRequestBody, 'max_tokens' | 'temperature' | 'stream'>;

/** The AnthropicClient surface the controller uses. */
export interface ChatClient {
  readonly messages: {
    stream(body: ChatRequestBody, options?: { signal?: AbortSignal }): ChatStream;
    /** For the composer's meter; a client without it leaves the meter unavailable. */
    countTokens?(body: CountRequestBody, options?: { signal?: AbortSignal; maxRetries?: number }): Promise<{ readonly input_tokens: number }>;
  };
}

/** Context attached to a prompt, as stored with the user turn so a regenerate rebuilds it. */
export interface ContextItem {
  readonly id: string;
  readonly kind: ChipKind;
  readonly label: string;
  readonly text: string;
  readonly language?: string;
}

/**
 * A turn as the chat holds it: the view without what is derived when it is shown (the cost, from
 * model and usage; the chip labels, from the context), plus the context text that went with it
 * (history stores it as a StoredMessage).
 */
export interface ChatTurn extends Omit<TurnView, 'cost' | 'cacheSavings' | 'chips' | 'leftOut'> {
  readonly context?: readonly ContextItem[];
  /** A user turn sent without these earlier turns (ids), as the user chose before sending. */
  readonly omitted?: readonly string[];
  /** Epoch ms. */
  readonly createdAt?: number;
}

/** The conversation the chat holds in memory (historyAdapter.ts turns it into the stored Conversation). */
export interface ChatConversation {
  readonly id: string;
  readonly title: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly turns: readonly ChatTurn[];
}

/** Persistence the controller needs (HistoryStore from src/state, or an adapter over it). */
export interface ConversationStore {
  list(): Promise<readonly ConversationSummary[]>;
  load(id: string): Promise<ChatConversation | undefined>;
  save(conversation: ChatConversation): Promise<void>;
  delete(id: string): Promise<void>;
}

/** Editor-side effects, implemented with the vscode API in vscodeBridge.ts. */
export interface EditorBridge {
  /** The active editor's selection as context, or undefined when there is none. */
  selection(): Omit<ContextItem, 'id'> | undefined;
  /** The active editor's whole document as context. */
  activeFile(): Omit<ContextItem, 'id'> | undefined;
  copy(text: string): Promise<void>;
  /** Inserts at the cursor; false when no editor is open. */
  insertCode(code: string): Promise<boolean>;
  newFile(code: string, language?: string): Promise<void>;
  openExternal(href: string): Promise<void>;
}

/** Logger surface (a LogOutputChannel fits). */
export interface ChatLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
