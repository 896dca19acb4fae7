/** `client.messages`: create, stream, countTokens. */
import type { Message, MessageCreateBody, CountTokensBody, RequestOptions } from '../types';
import type { ClientCore } from '../core/clientCore';
import { MessageStream } from '../stream/messageStream';
import { validateBody } from '../validate';
import { APIConnectionError, AnthropicError } from '../errors';

/** Splits `betas` (sent as `anthropic-beta`) from the wire body. */
function splitBody<T extends { betas?: string[] }>(body: T): { wire: Record<string, unknown>; betas: string[] } {
  const { betas, ...wire } = body;
  return { wire: wire as Record<string, unknown>, betas: betas ?? [] };
}

/** Messages API. */
export class MessagesResource {
  constructor(private readonly core: ClientCore) {}

  /** Sends one message and waits for the whole answer (never de-duplicated). */
  async create(body: MessageCreateBody, options: RequestOptions = {}): Promise<Message> {
    const config = this.core.config();
    validateBody(body, config.apiVersion, { requireMaxTokens: true });
    if (body.stream) {
      // A streaming body through create(): stream it and return the accumulated message.
      const { stream: _ignored, ...rest } = body;
      return this.stream(rest, options).finalMessage();
    }
    const { wire, betas } = splitBody(body);
    const exchange = await this.core.executor.send({
      method: 'POST', path: '/v1/messages', body: wire, model: body.model, signal: options.signal, options, betas,
    });
    try {
      const text = await exchange.body.text();
      const message = JSON.parse(text) as Message;
      exchange.finish({ usage: message.usage });
      return message;
    } catch (error) {
      const e = error instanceof AnthropicError ? error : new APIConnectionError(`Invalid response body: ${String(error)}`, { cause: error });
      exchange.finish({ error: e });
      throw e;
    }
  }

  /** Streams one message; retries happen only before the first event. */
  stream(body: MessageCreateBody, options: RequestOptions = {}): MessageStream {
    const config = this.core.config();
    const { wire, betas } = splitBody(body);
    let invalid: unknown;
    try {
      validateBody(body, config.apiVersion, { requireMaxTokens: true });
    } catch (error) {
      invalid = error;
    }
    return new MessageStream(
      async (ctx) => {
        if (invalid) throw invalid;
        return this.core.executor.send({
          method: 'POST', path: '/v1/messages', body: { ...wire, stream: true }, model: body.model, stream: true,
          signal: ctx.signal, options, betas, onRetry: ctx.onRetry, wake: ctx.wake,
        });
      },
      {
        clock: this.core.clock,
        onFirstToken: (ms) => this.core.metrics.addTtft(ms),
      },
      options.signal,
    );
  }

  /** Counts input tokens; identical calls in flight share one request. */
  async countTokens(body: CountTokensBody, options: RequestOptions = {}): Promise<{ input_tokens: number }> {
    validateBody(body, this.core.config().apiVersion, { requireMaxTokens: false });
    const { wire, betas } = splitBody(body);
    return this.core.readJson<{ input_tokens: number }>(
      { method: 'POST', path: '/v1/messages/count_tokens', body: wire, model: body.model, options, betas },
      options.signal,
    );
  }
}
