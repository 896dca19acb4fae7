import type { AnswerMode, TurnStatus, TurnView, UsageView } from '../shared/chatTypes';
import { h } from './dom';
import { TurnElement } from './turnElement';
import type { TurnHost } from './turnElement';

/**
 * The scrolling list of turns. Follows the bottom while an answer streams unless the user has
 * scrolled up to read; keeps one active (streaming) turn.
 */
export class Transcript {
  readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private turns: TurnElement[] = [];
  private active: TurnElement | undefined;
  private busy = false;
  private follow = true;
  private scrollListener: ((top: number) => void) | undefined;

  constructor(private readonly host: TurnHost) {
    this.list = h('div', { class: 'turns' });
    this.empty = h('div', { class: 'empty' }, h('p', {}, 'Ask Claude anything about your code.'), h('p', { class: 'hint' }, 'Enter sends · Shift+Enter new line · Esc stops · ↑ edits your last message'));
    this.root = h('main', { class: 'transcript', 'aria-label': 'Conversation', tabindex: '-1' }, this.empty, this.list);
    this.root.addEventListener('scroll', () => {
      const r = this.root;
      this.follow = r.scrollHeight - r.scrollTop - r.clientHeight < 40;
      this.scrollListener?.(r.scrollTop);
    });
    // The renderer updates at most once per frame; follow the growth without polling.
    new ResizeObserver(() => {
      if (this.follow) this.root.scrollTop = this.root.scrollHeight;
    }).observe(this.list);
  }

  onScroll(listener: (top: number) => void): void {
    this.scrollListener = listener;
  }

  setConversation(turns: readonly TurnView[]): void {
    for (const t of this.turns) t.dispose();
    this.turns = turns.map((t) => new TurnElement(t, this.host));
    this.active = this.turns.find((t) => t.status === 'streaming');
    this.list.replaceChildren(...this.turns.map((t) => t.root));
    this.refresh();
  }

  addUser(turn: TurnView): void {
    this.add(new TurnElement(turn, this.host));
    this.follow = true;
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

  setUsage(usage: UsageView): void {
    this.active?.setUsage(usage);
  }

  showRetry(reason: string, attempt: number, maxRetries: number, delayMs: number): void {
    this.active?.showRetry(reason, attempt, maxRetries, delayMs);
  }

  finish(turn: TurnView): void {
    const el = this.turns.find((t) => t.id === turn.id);
    if (el) el.update(turn);
    else this.add(new TurnElement(turn, this.host));
    if (this.active?.id === turn.id) this.active = undefined;
    this.refresh();
  }

  fail(turnId: string, status: TurnStatus, message: string): void {
    const el = this.turns.find((t) => t.id === turnId);
    el?.fail(status, message);
    if (this.active?.id === turnId) this.active = undefined;
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

  stickToBottom(): void {
    this.follow = true;
    this.root.scrollTop = this.root.scrollHeight;
  }

  restoreScroll(top: number): void {
    this.root.scrollTop = top;
    this.follow = this.root.scrollHeight - top - this.root.clientHeight < 40;
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
