import type { ChatRequestBody, ChatSettings, ContextItem, MessageParam, ChatTurn, TextBlockParam } from './types';

/** Longest fence in `text`, so a context block is wrapped in a longer one and cannot be closed early. */
function fenceFor(text: string): string {
  let longest = 2;
  for (const m of text.matchAll(/`{3,}/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(longest + 1);
}

/** The user's prompt with its attached context, as the model sees it. */
export function userContent(text: string, context: readonly ContextItem[] | undefined): string {
  if (!context || context.length === 0) return text;
  const parts = context.map((c) => {
    const fence = fenceFor(c.text);
    const what = c.kind === 'selection' ? 'Selected code' : 'File';
    return `${what} (${c.label}):\n${fence}${c.language ?? ''}\n${c.text}\n${fence}`;
  });
  return `${parts.join('\n\n')}\n\n${text}`;
}

/** Options for {@link buildRequest}. */
export interface BuildOptions {
  /** Text of a partial answer to continue; sent as the final assistant message (prefill). */
  readonly prefill?: string;
}

/**
 * Builds the Messages API body from the stored turns. Empty assistant turns (failed before any
 * text) are skipped and neighbouring same-role messages merged, because the API wants turns to
 * alternate; with caching on, the system prompt and the last user turn carry `cache_control`
 * so each new turn reads the prefix from the cache.
 */
export function buildRequest(turns: readonly ChatTurn[], settings: ChatSettings, options: BuildOptions = {}): ChatRequestBody {
  const merged: { role: 'user' | 'assistant'; text: string }[] = [];
  for (const t of turns) {
    const text = t.role === 'user' ? userContent(t.text, t.context) : t.text;
    if (text.trim() === '') continue;
    const last = merged[merged.length - 1];
    if (last && last.role === t.role) last.text += `\n\n${text}`;
    else merged.push({ role: t.role, text });
  }
  // The API rejects a final assistant message that ends in whitespace.
  const prefill = options.prefill?.trimEnd();
  if (prefill) merged.push({ role: 'assistant', text: prefill });
  while (merged.length > 0 && merged[0].role === 'assistant') merged.shift();

  let lastUser = -1;
  merged.forEach((m, i) => {
    if (m.role === 'user') lastUser = i;
  });
  const messages: MessageParam[] = merged.map((m, i) => {
    if (settings.promptCaching && i === lastUser) {
      const block: TextBlockParam = { type: 'text', text: m.text, cache_control: { type: 'ephemeral' } };
      return { role: m.role, content: [block] };
    }
    return { role: m.role, content: m.text };
  });

  const body: { -readonly [K in keyof ChatRequestBody]: ChatRequestBody[K] } = {
    model: settings.model,
    max_tokens: settings.maxTokens,
    messages,
  };
  const system = settings.systemPrompt.trim();
  if (system) {
    body.system = settings.promptCaching ? [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }] : system;
  }
  // Extended thinking cannot be combined with an assistant prefill, nor with a custom temperature.
  const thinking = !prefill && settings.thinkingBudget >= 1024 && settings.thinkingBudget < settings.maxTokens;
  if (thinking) body.thinking = { type: 'enabled', budget_tokens: settings.thinkingBudget };
  if (!thinking && settings.apiVersion === '2023-06-01' && typeof settings.temperature === 'number') {
    body.temperature = settings.temperature;
  }
  return body;
}
