import type { AnswerMode, TokenUsage, TurnEnd, TurnView } from '../shared/chatTypes';
import { h } from './dom';
import { ScrollFollow } from './scrollFollow';
import { TurnElement } from './turnElement';
import type { TurnHost } from './turnElement';

/**
 * The scrolling list of turns, with one active (streaming) turn. Scrolling follows the bottom
 * while the user is there ({@link ScrollFollow}). A new state of the same conversation updates
 * the turns by id instead of rebuilding them, so regenerate or a rename leaves the reader where
 * they were.
 */
export class Transcript {
  /** The transcript with its "Jump to latest" button over it. */
  readonly root: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly scroll: ScrollFollow;
  private turns: TurnElement[] = [];
  private active: TurnElement | undefined;
  private conversationId: string | undefined;
  private busy = false;
  private scrollListener: ((top: number) => void) | undefined;

  constructor(private readonly host: TurnHost) {
    this.list = h('div', { class: 'turns' });
    this.empty = h('div', { class: 'empty' }, h('p', {}, 'Ask Claude anything about your code.'), h('p', { class: 'hint' }, 'Enter sends · Shift+Enter new line · Esc stops · ↑ edits your last message'));
    this.scroller = h('main', { class: 'transcript', 'aria-label': 'Conversation', tabindex: '0' }, this.empty, this.list);
    this.scroll = new ScrollFollow(this.scroller, this.list, (top) => this.scrollListener?.(top));
    this.root = h('div', { class: 'transcript-frame' }, this.scroller, this.scroll.jumpButton);
  }

  onScroll(listener: (top: number) => void): void {
    this.scrollListener = listener;
  }

  /**
   * Shows `turns` of conversation `id`. Another conversation is drawn afresh at its end; the
   * same one is updated in place (turns kept, removed or added by id).
   */
  setConversation(id: string, turns: readonly TurnView[]): void {
    const same = id === this.conversationId;
    this.conversationId = id;
    const existing = new Map(same ? this.turns.map((t) => [t.id, t] as const) : []);
    const next = turns.map((view) => {
      const el = existing.get(view.id);
      if (!el || el.role !== view.role) return new TurnElement(view, this.host);
      existing.delete(view.id);
      if (el.status !== 'streaming' || view.status !== 'streaming') el.update(view);
      return el;
    });
    for (const el of same ? existing.values() : this.turns) el.dispose();
    this.turns = next;
    next.forEach((el, i) => {
      if (this.list.children[i] !== el.root) this.list.insertBefore(el.root, this.list.children[i] ?? null);
    });
    this.active = this.turns.find((t) => t.status === 'streaming');
    this.refresh();
    if (!same) this.scroll.follow();
  }

  /** The user's turn as the host stored it: it scrolls into view, and the answer is followed. */
  addUser(turn: TurnView): void {
    this.add(new TurnElement(turn, this.host));
    this.scroll.follow();
  }

  beginAnswer(turnId: string, mode: AnswerMode, model: string): void {
    let el = mode === 'continue' ? this.turns.find((t) => t.id === turnId) : undefined;
    if (!el) {
      el = new TurnElement({ id: turnId, role: 'assistant', text: '', status: 'streaming', model }, this.host);
      this.add(el);
    }
    el.beginStreaming();
    this.active = el;
    this.refresh();
  }

  appendToActive(text: string): void {
    this.active?.append(text);
  }

  setUsage(usage: TokenUsage): void {
    this.active?.setUsage(usage);
  }

  showRetry(reason: string, attempt: number, maxRetries: number, delayMs: number): void {
    this.active?.showRetry(reason, attempt, maxRetries, delayMs);
  }

  /** The answer in turn `end.id` ended (complete, stopped, partial or failed); its text stays as streamed. */
  settle(end: TurnEnd): void {
    this.turns.find((t) => t.id === end.id)?.settle(end);
    if (this.active?.id === end.id) this.active = undefined;
    this.refresh();
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.refresh();
  }

  lastUserText(): string | undefined {
    for (let i = this.turns.length - 1; i >= 0; i--) if (this.turns[i].role === 'user') return this.turns[i].text;
    return undefined;
  }

  textOf(turnId: string): string | undefined {
    return this.turns.find((t) => t.id === turnId)?.text;
  }

  /** Goes to the newest content and follows it (sending, the jump button). */
  stickToBottom(): void {
    this.scroll.follow();
  }

  restoreScroll(top: number): void {
    this.scroll.restore(top);
  }

  private add(el: TurnElement): void {
    this.turns.push(el);
    this.list.append(el.root);
    this.refresh();
  }

  /** Redraws footers: only the last turns get regenerate / continue / edit. */
  private refresh(): void {
    this.empty.hidden = this.turns.length > 0;
    const lastUser = [...this.turns].reverse().find((t) => t.role === 'user');
    this.turns.forEach((t, i) => t.renderFooter({ last: i === this.turns.length - 1, lastOfRole: t === lastUser, busy: this.busy }));
  }
}
