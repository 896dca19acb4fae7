import type { ErrorKind, TokenUsage } from '../shared/chatTypes';
import { errorKind, errorMessage } from './errorMap';
import { mergeUsage, tokenUsage } from './tokenUsage';
import { STOPPED_BY_USER, STOP_REASON_PATTERN } from '../shared/stopReason';
import { timeout } from '../base/clock';
import type { Clock } from '../base/clock';
import type { ChatClient, ChatRequestBody, ChatRetryInfo, ChatStream } from './types';

/** Callbacks of one run; all are called on the extension host's event loop. */
export interface RunHooks {
  /** Coalesced text (at most one call per `coalesceMs`); every delta of the stream, in order. */
  onText(text: string): void;
  onRetry(info: ChatRetryInfo): void;
  onUsage(usage: TokenUsage): void;
}

/** How a run ended. The text is not in it: the hooks delivered all of it. */
export type RunOutcome =
  | { readonly kind: 'done'; readonly usage?: TokenUsage; readonly model?: string; readonly stopReason?: string }
  | { readonly kind: 'failed'; readonly errorKind: ErrorKind; readonly message: string; readonly usage?: TokenUsage };

/**
 * One streaming request: forwards text coalesced by time, retry waits and usage, and settles
 * with how it ended. The text has one owner, whoever receives `onText`: the stream retries only
 * before its first event, so its deltas add up to the final message (or to the partial one a
 * failure carries), and every delta is handed on before the run settles. Stop is the abort
 * signal; `retryNow` cuts a retry wait short.
 */
export class ChatRun {
  private readonly abortController = new AbortController();
  private stream: ChatStream | undefined;
  private pending = '';
  private timer: { dispose(): void } | undefined;
  private usage: TokenUsage | undefined;
  private stopped = false;

  constructor(
    private readonly client: ChatClient,
    private readonly clock: Clock,
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
        const u = tokenUsage(event.type === 'message_start' ? event.message?.usage : event.type === 'message_delta' ? event.usage : undefined);
        if (!u) return;
        this.usage = this.usage ? mergeUsage(this.usage, u) : u;
        this.hooks.onUsage(this.usage);
      });
      if (this.stopped) stream.abort();
      const message = await stream.finalMessage();
      this.flush();
      const usage = tokenUsage(message.usage) ?? this.usage;
      const stopReason = typeof message.stop_reason === 'string' && STOP_REASON_PATTERN.test(message.stop_reason) ? message.stop_reason : undefined;
      return { kind: 'done', ...(usage ? { usage } : {}), ...(message.model ? { model: message.model } : {}), ...(stopReason ? { stopReason } : {}) };
    } catch (e) {
      this.flush();
      const kind: ErrorKind = this.stopped ? 'aborted' : errorKind(e);
      const message = this.stopped ? STOPPED_BY_USER : errorMessage(e);
      return { kind: 'failed', errorKind: kind, message, ...(this.usage ? { usage: this.usage } : {}) };
    } finally {
      this.timer?.dispose();
      this.timer = undefined;
    }
  }

  private push(delta: string): void {
    if (this.stopped) return;
    this.pending += delta;
    if (!this.timer) this.timer = timeout(this.clock, () => this.flush(), this.coalesceMs);
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
