/**
 * Deterministic answers. The same prompt always yields the same text, so a "Continue"
 * after a mid-stream failure (prefill = the part already shown) completes the very
 * same answer.
 *
 * Canned prompts (case-insensitive, matched on the last user message):
 * - contains "long answer"  -> a long markdown document (about 30 KB, 100 sections, 100 code blocks)
 * - contains "short answer" -> one sentence
 * - starts with "echo "     -> the rest of the prompt, verbatim
 * - anything else           -> the default markdown answer that quotes the prompt
 */

/** One request message as the API accepts it (only what the emulator reads). */
export interface WireMessage {
  role: string;
  content: string | readonly WireBlock[];
}

/** A content block of a request message (only the fields the emulator reads). */
export interface WireBlock {
  type: string;
  text?: string;
  content?: unknown;
  citations?: unknown;
  [key: string]: unknown;
}

/** Text of a message: the string, or its text blocks joined. */
export function messageText(message: WireMessage | undefined): string {
  if (!message) return '';
  if (typeof message.content === 'string') return message.content;
  return message.content
    .filter((b) => b.type === 'text' && typeof b.text === 'string')
    .map((b) => b.text)
    .join('');
}

/** The last user message of a conversation. */
export function lastUserMessage(messages: readonly WireMessage[]): WireMessage | undefined {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === 'user') return messages[i];
  return undefined;
}

/** Rough token count (4 characters a token), never below 1. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Prompt as quoted inside an answer: one line, bounded length. */
function quote(prompt: string): string {
  const line = prompt.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

/** The answer text for a prompt (see the table at the top of this file). */
export function answerFor(prompt: string): string {
  const p = prompt.toLowerCase();
  if (p.startsWith('echo ')) return prompt.slice(5);
  if (p.includes('long answer')) return longAnswer(prompt);
  if (p.includes('short answer')) return `Short answer to "${quote(prompt)}": yes.`;
  return defaultAnswer(prompt);
}

/** The default answer: headings, emphasis, lists, non-ASCII text and two fenced code blocks. */
export function defaultAnswer(prompt: string): string {
  const q = quote(prompt);
  return [
    `## About "${q}"`,
    '',
    `This is a deterministic answer from the **local Anthropic emulator** to your prompt: "${q}". ` +
      'It exercises the renderer with *emphasis*, `inline code`, a [link](https://example.com/docs) ' +
      'and some non-ASCII text: naïve café, 日本語, emoji 🚀 ✓.',
    '',
    'Key points:',
    '',
    '- Streaming arrives as many small `text_delta` events.',
    '- Usage in `message_delta` is cumulative, never added.',
    '- Retries obey `retry-after` and `x-should-retry`.',
    '',
    '1. Send the request.',
    '2. Render each delta.',
    '',
    '```ts',
    'export function greet(name: string): string {',
    '  return `Hello, ${name}!`;',
    '}',
    '```',
    '',
    'The same idea in Python:',
    '',
    '```python',
    'def fib(n: int) -> int:',
    '    a, b = 0, 1',
    '    for _ in range(n):',
    '        a, b = b, a + b',
    '    return a',
    '```',
    '',
    '> Ask again and you will get exactly the same answer.',
  ].join('\n');
}

/** A long markdown document (100 sections) for scrolling and incremental-render checks. */
export function longAnswer(prompt: string, sections = 100): string {
  const parts = [`# A long answer to "${quote(prompt)}"`, ''];
  for (let i = 1; i <= sections; i++) {
    parts.push(
      `## Section ${i}`,
      '',
      `Paragraph ${i} explains a detail at length, with **bold**, *italic* and \`code\`. ` +
        'Streaming long answers must stay smooth: deltas are coalesced per frame and finished blocks are frozen.',
      '',
      `- item ${i}.1`,
      `- item ${i}.2 with ünïcödé`,
      '',
      i % 2 === 0 ? '```ts' : '```python',
      i % 2 === 0 ? `const section${i} = ${i} * 2;` : `section_${i} = ${i} * 2`,
      i % 2 === 0 ? `console.log(section${i});` : `print(section_${i})`,
      '```',
      '',
    );
  }
  parts.push('That is the end of the long answer.');
  return parts.join('\n');
}

/**
 * Cuts a text into small deltas (one or two words with their whitespace), deterministic
 * and lossless: joining the pieces gives the text back.
 */
export function splitDeltas(text: string, wordsPerDelta = 2): string[] {
  const words = text.match(/\s*\S+|\s+$/g) ?? [];
  const out: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerDelta) out.push(words.slice(i, i + wordsPerDelta).join(''));
  return out.length > 0 ? out : [text];
}

/** Cuts a JSON string into partial_json pieces of at most `size` characters. */
export function splitJson(json: string, size = 12): string[] {
  const out: string[] = [];
  for (let i = 0; i < json.length; i += size) out.push(json.slice(i, i + size));
  return out;
}
