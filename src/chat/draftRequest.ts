import { withEditedQuestion } from './answerState';
import { buildRequest, userContent } from './requestBuilder';
import type { ChatConversation, ChatRequestBody, ChatSettings, ChatTurn, ContextItem, CountRequestBody } from './types';

/** What the composer holds: the next message, its attachments, and the earlier turns to leave out. */
export interface DraftInput {
  readonly text: string;
  readonly context: readonly ContextItem[];
  /** The draft replaces the last question (edit mode). */
  readonly editing: boolean;
  readonly omit?: ReadonlySet<string>;
}

/** The id the draft's own turn gets in the turn list (never a stored id: those come from newId). */
export const DRAFT_TURN_ID = 'draft';

/**
 * The turns the send would be built from: the conversation (without the turns left out) and the
 * draft as its newest user turn, or, in edit mode, the conversation cut back to before the last
 * question with the draft in its place. An empty draft adds nothing.
 */
export function draftTurns(c: ChatConversation, draft: DraftInput, now: number): ChatTurn[] {
  const base = draft.editing && draft.text ? (withEditedQuestion(c, draft.text, DRAFT_TURN_ID, now)?.turns ?? c.turns) : c.turns;
  const kept = draft.omit && draft.omit.size > 0 ? base.filter((t) => !draft.omit?.has(t.id)) : [...base];
  if (draft.editing || !draft.text) return kept;
  return [...kept, { id: DRAFT_TURN_ID, role: 'user', text: draft.text, status: 'complete', ...(draft.context.length ? { context: draft.context } : {}) }];
}

/**
 * The body `count_tokens` gets for the send: exactly what `messages.stream` would get (the same
 * builder), without the fields that do not change the input. A final assistant message (an empty
 * draft after an answer) is trimmed at its end, as the API wants of a last assistant turn.
 */
export function countBody(turns: readonly ChatTurn[], settings: ChatSettings): CountRequestBody {
  const full: ChatRequestBody = buildRequest(turns, settings);
  const messages = [...full.messages];
  const last = messages[messages.length - 1];
  if (last && last.role === 'assistant' && typeof last.content === 'string') messages[messages.length - 1] = { role: 'assistant', content: last.content.trimEnd() };
  return {
    model: full.model,
    messages,
    ...(full.system !== undefined ? { system: full.system } : {}),
    ...(full.thinking !== undefined ? { thinking: full.thinking } : {}),
  };
}

/** Characters the model reads of a turn (its text and attached context, as the request carries them). */
export function turnChars(t: ChatTurn): number {
  return t.role === 'user' ? userContent(t.text, t.context).length : t.text.length;
}

/** Characters of a count body's text (system prompt and messages): the local estimate's base. */
export function bodyChars(body: CountRequestBody): number {
  const text = (c: string | readonly { readonly text: string }[] | undefined): number =>
    c === undefined ? 0 : typeof c === 'string' ? c.length : c.reduce((n, b) => n + b.text.length, 0);
  return text(body.system) + body.messages.reduce((n, m) => n + text(m.content), 0);
}
