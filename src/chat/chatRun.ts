import type { UsageView } from '../shared/chatTypes';
import { errorKind, errorMessage, partialText } from './errorMap';
import type { ErrorKind } from '../shared/chatTypes';
import { STOPPED_BY_USER, STOP_REASON_PATTERN } from '../shared/stopReason';
import type { ApiUsage, ChatClient, ChatClock, ChatRequestBody, ChatRetryInfo, ChatStream } from './types';

/** Converts API usage to the panel's shape (missing counts are 0). */
export function toUsageView(u: ApiUsage | undefined): UsageView | undefined {
  if (!u) return undefined;
  return {
    inputTokens: u.input_tokens ?? 0,
    outputTokens: u.output_tokens ?? 0,
    cacheCreationInputTokens: u.cache_creation_input_tokens ?? 0,
    cacheReadInputTokens: u.cache_read_input_tokens ?? 0,
  };
}

/** Callbacks of one run; all are called on the extension host's event loop. */
export interface RunHooks {
  /** Coalesced text (at most one call per `coalesceMs`). */
  onText(text: string): void;
  onRetry(info: ChatRetryInfo): void;
  onUsage(usage: UsageView): void;
}

/** How a run ended. */
export type RunOutcome =
  | { readonly kind: 'done'; readonly text: string; readonly usage?: UsageView; readonly model?: string; readonly stopReason?: string }
  | { readonly kind: 'failed'; readonly text: string; readonly errorKind: ErrorKind; readonly message: string; readonly usage?: UsageView };

/**
 * One streaming request: forwards text coalesced by time, retry waits and usage, and settles
 * with the full text, or with the text so far and the classified error. Stop is the abort
 * signal; `retryNow` cuts a retry wait short.
 */
export class ChatRun {
  private readonly abortController = new AbortController();
  private stream: ChatStream | undefined;
  private pending = '';
  private timer: { dispose(): void } | undefined;
  private text = '';
  private usage: UsageView | undefined;
  private stopped = false;

  constructor(
    private readonly client: ChatClient,
    private readonly clock: ChatClock,
    private readonly hooks: RunHooks,
    private readonly coalesceMs = 32,
  ) {}

  /** Stops the request; the run settles as failed with kind 'aborted'. */
  stop(): void {
    this.stopped = true;
    this.abortController.abort();
    try {
      this.stream?.abort();
    } catch {
      // Already finished.
    }
  }

  /** Cuts a retry wait short. */
  retryNow(): void {
    try {
      this.stream?.retryNow();
    } catch {
      // Not waiting: nothing to cut short.
    }
  }

  /** Streams `body`; never rejects. */
  async run(body: ChatRequestBody): Promise<RunOutcome> {
    try {
      const stream = this.client.messages.stream(body, { signal: this.abortController.signal });
      this.stream = stream;
      stream.on('text', (delta) => this.push(delta));
      stream.on('retry', (info) => this.hooks.onRetry(info));
      stream.on('event', (event) => {
        const u = toUsageView(event.type === 'message_start' ? event.message?.usage : event.type === 'message_delta' ? event.usage : undefined);
        if (!u) return;
        // message_delta usage is cumulative for output and may omit input counts: keep the larger.
        this.usage = this.usage ? mergeUsage(this.usage, u) : u;
        this.hooks.onUsage(this.usage);
      });
      if (this.stopped) stream.abort();
      const message = await stream.finalMessage();
      this.flush();
      const finalText = message.content.map((b) => (b.type === 'text' ? (b.text ?? '') : '')).join('');
      // The stream's own accumulation is authoritative; the deltas only fed the live view.
      if (finalText.length >= this.text.length) this.text = finalText;
      const usage = toUsageView(message.usage) ?? this.usage;
      const stopReason = typeof message.stop_reason === 'string' && STOP_REASON_PATTERN.test(message.stop_reason) ? message.stop_reason : undefined;
      return { kind: 'done', text: this.text, ...(usage ? { usage } : {}), ...(message.model ? { model: message.model } : {}), ...(stopReason ? { stopReason } : {}) };
    } catch (e) {
      this.flush();
      const fromError = partialText(e);
      if (fromError !== undefined && fromError.length > this.text.length) this.text = fromError;
      const kind: ErrorKind = this.stopped ? 'aborted' : errorKind(e);
      const message = this.stopped ? STOPPED_BY_USER : errorMessage(e);
      return { kind: 'failed', text: this.text, errorKind: kind, message, ...(this.usage ? { usage: this.usage } : {}) };
    } finally {
      this.timer?.dispose();
      this.timer = undefined;
    }
  }

  private push(delta: string): void {
    if (this.stopped) return;
    this.text += delta;
    this.pending += delta;
    if (!this.timer) this.timer = this.clock.setTimeout(() => this.flush(), this.coalesceMs);
  }

  private flush(): void {
    this.timer?.dispose();
    this.timer = undefined;
    if (!this.pending) return;
    const text = this.pending;
    this.pending = '';
    this.hooks.onText(text);
  }
}

function mergeUsage(a: UsageView, b: UsageView): UsageView {
  return {
    inputTokens: Math.max(a.inputTokens, b.inputTokens),
    outputTokens: Math.max(a.outputTokens, b.outputTokens),
    cacheCreationInputTokens: Math.max(a.cacheCreationInputTokens, b.cacheCreationInputTokens),
    cacheReadInputTokens: Math.max(a.cacheReadInputTokens, b.cacheReadInputTokens),
  };
}
