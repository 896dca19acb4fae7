/**
 * Why an answer ended, in words: the API's `stop_reason` of the final message, as the panel,
 * the Markdown export and the history show it. One table, so every place says the same.
 */

/** How a stop reason is shown. */
export interface StopReasonInfo {
  /** One sentence for the notice under the answer. */
  readonly text: string;
  /** The panel offers Continue (an assistant prefill of the text so far). */
  readonly continuable: boolean;
  /** `refusal` is marked as such; `cut` means text is missing; `note` is informational. */
  readonly tone: 'cut' | 'refusal' | 'note';
}

const KNOWN: Readonly<Record<string, StopReasonInfo>> = {
  max_tokens: {
    text: 'Cut off at the token limit (max_tokens). Continue lets Claude carry on; claudeChat.maxTokens sets the limit.',
    continuable: true,
    tone: 'cut',
  },
  pause_turn: { text: 'Claude paused a long-running turn (pause_turn). Continue lets it resume.', continuable: true, tone: 'note' },
  refusal: { text: 'Claude declined to answer this request (refusal).', continuable: false, tone: 'refusal' },
  stop_sequence: { text: 'Ended at a stop sequence (stop_sequence).', continuable: false, tone: 'note' },
  tool_use: { text: 'Claude asked to use a tool (tool_use); this chat does not run tools.', continuable: false, tone: 'note' },
  model_context_window_exceeded: {
    text: "Cut off: the conversation filled the model's context window (model_context_window_exceeded). Start a new chat to go on.",
    continuable: false,
    tone: 'cut',
  },
};

/** A stop reason as the API sends it: lower-case words joined by underscores. */
export const STOP_REASON_PATTERN = /^[a-z0-9_]{1,64}$/;

/**
 * What to show for `reason`; undefined for a normal end (`end_turn`) or no reason at all.
 * A value this build does not know yet is shown as it is, generically.
 */
export function stopReasonInfo(reason: string | undefined): StopReasonInfo | undefined {
  if (reason === undefined || reason === 'end_turn') return undefined;
  const known = Object.prototype.hasOwnProperty.call(KNOWN, reason) ? KNOWN[reason] : undefined;
  return known ?? { text: `Ended early (stop reason: ${reason}).`, continuable: false, tone: 'note' };
}

/**
 * The error text kept with an answer the user stopped. History stores a stopped answer as
 * `partial` with this text, which is how it is recognised again after a reload.
 */
export const STOPPED_BY_USER = 'Stopped.';
