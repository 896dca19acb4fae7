import type { ContextChip, Conversation, StoredMessage } from './historyTypes';
import { STOPPED_BY_USER, stopReasonInfo } from '../shared/stopReason';

/** Options for {@link conversationToMarkdown}. */
export interface MarkdownExportOptions {
  /** Formats epoch ms for headings; injected so exports are stable in tests. Default: ISO 8601 UTC. */
  readonly formatTime?: (epochMs: number) => string;
  /** Include the text of attached context (selections, files). Default true. */
  readonly includeContext?: boolean;
}

const defaultFormat = (t: number): string => new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

/** A fence longer than any backtick run inside `text`, so embedded code cannot close it early. */
function fenceFor(text: string): string {
  let longest = 2;
  for (const run of text.match(/`+/g) ?? []) {
    longest = Math.max(longest, run.length);
  }
  return '`'.repeat(longest + 1);
}

/** One line: titles and labels are user data and must not start new markdown blocks. */
function inline(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function contextBlock(chip: ContextChip, includeText: boolean): string {
  const lines = [`> Context: ${inline(chip.label)}${chip.languageId ? ` (${chip.languageId})` : ''}`];
  if (includeText && chip.text !== undefined) {
    const fence = fenceFor(chip.text);
    lines.push('', `${fence}${chip.languageId ?? ''}`, chip.text.replace(/\n$/, ''), fence);
  }
  return lines.join('\n');
}

function messageBlock(m: StoredMessage, fmt: (t: number) => string, includeContext: boolean): string {
  const who = m.role === 'user' ? 'You' : `Claude${m.model ? ` (${m.model})` : ''}`;
  const parts = [`## ${who} · ${fmt(m.createdAt)}`];
  for (const chip of m.context ?? []) {
    parts.push(contextBlock(chip, includeContext));
  }
  parts.push(m.content.trim() ? m.content.replace(/\s+$/, '') : '_(no text)_');
  const stopped = m.status === 'partial' && m.error === STOPPED_BY_USER;
  if (stopped) {
    parts.push('_(stopped before the end)_');
  } else if (m.status === 'partial') {
    parts.push('_(answer incomplete)_');
  }
  if (!stopped && (m.status === 'error' || m.error)) {
    parts.push(`> **Error:** ${inline(m.error ?? 'the request failed')}`);
  }
  const reason = stopReasonInfo(m.stopReason);
  if (reason && m.stopReason) {
    parts.push(`> **Stop reason \`${inline(m.stopReason).replace(/`/g, '')}\`:** ${reason.text}`);
  }
  if (m.usage) {
    parts.push(`<sub>${m.usage.input_tokens} input / ${m.usage.output_tokens} output tokens</sub>`);
  }
  return parts.join('\n\n');
}

/**
 * Renders a conversation as a standalone Markdown document: a title, when it was held, then each
 * turn under its own heading. Assistant text is already markdown and is kept as is.
 */
export function conversationToMarkdown(conv: Conversation, options: MarkdownExportOptions = {}): string {
  const fmt = options.formatTime ?? defaultFormat;
  const includeContext = options.includeContext ?? true;
  const head = [`# ${inline(conv.title) || 'Untitled conversation'}`, '', `_Claude Chat conversation, ${fmt(conv.createdAt)} – ${fmt(conv.updatedAt)}_`];
  const body = conv.messages.map((m) => messageBlock(m, fmt, includeContext));
  return `${[head.join('\n'), ...body].join('\n\n---\n\n')}\n`;
}
