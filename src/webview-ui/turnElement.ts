import type { TokenUsage, TurnEnd, TurnStatus, TurnView } from '../shared/chatTypes';
import { createMarkdownView, guardText } from './markdown/index';
import type { CodeAction, CodeBlockInfo, MarkdownView } from './markdown/index';
import { Countdown } from './countdown';
import type { UiClock } from './countdown';
import { h, icon, iconButton, textButton } from './dom';
import { retryText, usageText } from './format';
import { stopReasonInfo } from '../shared/stopReason';
import type { StopReasonInfo } from '../shared/stopReason';

/** Callbacks a turn needs from the panel. */
export interface TurnHost {
  readonly clock: UiClock;
  onCodeAction(action: CodeAction, block: CodeBlockInfo): void;
  onOpenLink(href: string): void;
}

/** Where a turn sits, which decides its buttons. */
export interface TurnContext {
  readonly lastOfRole: boolean;
  readonly last: boolean;
  readonly busy: boolean;
}

const STATUS_NOTE: Partial<Record<TurnStatus, string>> = {
  partial: 'Answer incomplete',
  stopped: 'Stopped — the text so far is kept',
  error: 'Failed',
};

/** The mark on a question sent without earlier messages (the user chose it before sending). */
function leftOutNote(n: number): HTMLElement {
  const what = n === 1 ? 'the oldest message' : `the ${n} oldest messages`;
  return h('span', { class: 'left-out', title: 'Left out to fit the token budget; they stay in the conversation and in history.' }, icon('fold-up'), `Sent without ${what}`);
}

const STOP_ICON: Record<StopReasonInfo['tone'], string> = { cut: 'warning', refusal: 'circle-slash', note: 'info' };

/**
 * One turn of the conversation. Assistant text goes through the incremental markdown renderer
 * (sanitized, one DOM update per frame); user text is a text node. Buttons carry `data-ui`
 * actions handled by the panel's single delegated listener.
 */
export class TurnElement {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly footer: HTMLElement;
  private markdown: MarkdownView | undefined;
  private countdown: Countdown | undefined;
  private turn: TurnView;
  private context: TurnContext = { last: false, lastOfRole: false, busy: false };

  constructor(turn: TurnView, private readonly host: TurnHost) {
    this.turn = turn;
    const who = turn.role === 'user' ? 'You' : 'Claude';
    this.body = h('div', { class: 'turn-body' });
    this.notice = h('div', { class: 'turn-notice', hidden: true });
    this.footer = h('div', { class: 'turn-footer' });
    this.root = h(
      'article',
      { class: `turn turn-${turn.role}`, 'data-turn-id': turn.id, 'aria-label': `${who} said` },
      h('div', { class: 'turn-head' }, icon(turn.role === 'user' ? 'account' : 'sparkle'), h('span', { class: 'turn-who' }, who)),
      this.body,
      this.notice,
      this.footer,
    );
    if (turn.role === 'assistant') {
      this.markdown = createMarkdownView(this.body, { onCodeAction: (a, b) => host.onCodeAction(a, b), onOpenLink: (href) => host.onOpenLink(href) });
      this.markdown.setText(turn.text, { streaming: turn.status === 'streaming' });
    } else {
      this.renderUser();
    }
    this.applyStatus();
  }

  get id(): string {
    return this.turn.id;
  }

  get role(): TurnView['role'] {
    return this.turn.role;
  }

  get status(): TurnStatus {
    return this.turn.status;
  }

  /** Raw text: markdown source for an answer (what Copy copies). */
  get text(): string {
    return this.markdown ? this.markdown.text : this.turn.text;
  }

  /** Streaming starts (a new answer, or continuing this partial one). */
  beginStreaming(): void {
    this.turn = { ...this.turn, status: 'streaming', errorMessage: undefined };
    if (this.markdown && this.markdown.text !== this.turn.text) this.markdown.setText(this.turn.text, { streaming: true });
    this.applyStatus();
  }

  /** Streamed text; the renderer coalesces to one DOM update per frame. */
  append(delta: string): void {
    this.clearRetry();
    this.markdown?.append(delta);
    if (delta) this.notice.hidden = true;
  }

  /** Replaces the whole turn (the host sent the conversation's full state). */
  update(turn: TurnView): void {
    this.clearRetry();
    const textChanged = turn.text !== this.text;
    this.turn = turn;
    if (this.markdown) {
      if (textChanged) this.markdown.setText(turn.text, { streaming: turn.status === 'streaming' });
      else if (turn.status !== 'streaming') this.markdown.finish();
    } else if (textChanged) {
      this.renderUser();
    }
    this.applyStatus();
  }

  /** Running token counts while the answer streams (cost follows with `done`). */
  setUsage(usage: TokenUsage): void {
    this.turn = { ...this.turn, usage };
    this.renderFooter();
  }

  /**
   * The answer ended: its status, usage and cost from the host. The text is the one streamed here
   * (the host's turn was built from the same deltas), so it is finished, not set again.
   */
  settle(end: TurnEnd): void {
    this.clearRetry();
    this.markdown?.finish();
    this.turn = { role: this.turn.role, text: this.text, ...(this.turn.chips ? { chips: this.turn.chips } : {}), ...end };
    this.applyStatus();
  }

  /** Shows the retry wait with a countdown and [Retry now] [Cancel]. */
  showRetry(reason: string, attempt: number, maxRetries: number, delayMs: number): void {
    this.clearRetry();
    const line = h('span', { class: 'retry-text' });
    this.notice.replaceChildren(
      icon('sync'),
      line,
      textButton('Retry now', 'retry-now', undefined, { class: 'text-button primary' }),
      textButton('Cancel', 'stop'),
    );
    this.notice.className = 'turn-notice retry';
    this.notice.hidden = false;
    this.countdown = new Countdown(delayMs, this.host.clock, (s) => {
      line.textContent = retryText(reason, s, attempt, maxRetries);
    });
  }

  /** Draws the footer for the turn's place in the conversation. */
  renderFooter(ctx: TurnContext = this.context): void {
    this.context = ctx;
    const buttons: HTMLElement[] = [];
    const t = this.turn;
    if (t.role === 'assistant') {
      // The API reports output tokens when the answer ends (message_delta); until then only input is known.
      const final = t.stopReason !== undefined || t.status === 'complete';
      if (t.usage && t.status !== 'streaming') buttons.push(h('span', { class: 'usage', title: final ? 'Tokens of this answer and its estimated cost' : 'The API reports output tokens only for an answer that ends normally' }, usageText(t.usage, t.cost, final, false, t.cacheSavings)));
      else if (t.usage) buttons.push(h('span', { class: 'usage', title: 'Input tokens of this answer' }, usageText(t.usage, undefined, false, true)));
      buttons.push(h('span', { class: 'spacer' }));
      if (this.text) buttons.push(iconButton('copy', 'Copy answer', 'copy-answer', { 'data-turn': t.id }));
      if (ctx.last && !ctx.busy) {
        const continuable = t.status === 'partial' || t.status === 'stopped' || (t.status === 'complete' && stopReasonInfo(t.stopReason)?.continuable === true);
        if (continuable && this.text) buttons.push(textButton('Continue', 'continue', 'debug-continue', { class: 'text-button primary', title: 'Ask Claude to carry on from where this answer ends' }));
        if (t.status === 'partial' || t.status === 'error') buttons.push(textButton('Retry', 'regenerate', 'refresh'));
        else buttons.push(iconButton('refresh', 'Regenerate answer', 'regenerate'));
      }
    } else {
      if (t.leftOut) buttons.push(leftOutNote(t.leftOut));
      if (ctx.lastOfRole && !ctx.busy) buttons.push(h('span', { class: 'spacer' }), iconButton('edit', 'Edit and resend (Up arrow)', 'edit-last'));
    }
    this.footer.replaceChildren(...buttons);
    this.footer.hidden = buttons.length === 0;
  }

  dispose(): void {
    this.clearRetry();
    this.markdown?.dispose();
    this.root.remove();
  }

  private renderUser(): void {
    const chips = (this.turn.chips ?? []).map((c) => h('span', { class: 'chip static' }, icon(c.kind === 'file' ? 'file' : 'selection'), c.label));
    const text = h('div', { class: 'user-text' }, this.turn.text);
    // Same treatment as answers: bidi controls shown, a huge pasted word laid out only where visible.
    guardText(text);
    this.body.replaceChildren(...(chips.length ? [h('div', { class: 'chips' }, ...chips)] : []), text);
  }

  private clearRetry(): void {
    if (!this.countdown) return;
    this.countdown.dispose();
    this.countdown = undefined;
    this.applyStatus();
  }

  private applyStatus(): void {
    const t = this.turn;
    this.root.dataset.status = t.status;
    const streaming = t.status === 'streaming';
    // Polite live region, busy while streaming: screen readers read the answer once, when it settles.
    if (t.role === 'assistant') {
      this.body.setAttribute('aria-live', 'polite');
      this.body.setAttribute('aria-busy', streaming ? 'true' : 'false');
    }
    if (this.countdown) return;
    this.root.dataset.stopReason = t.stopReason ?? '';
    const note = STATUS_NOTE[t.status];
    const reason = t.status === 'complete' ? stopReasonInfo(t.stopReason) : undefined;
    if (reason) {
      this.notice.className = `turn-notice stop-reason ${reason.tone}`;
      this.notice.hidden = false;
      this.notice.replaceChildren(icon(STOP_ICON[reason.tone]), h('span', {}, reason.text));
      return;
    }
    if (!note) {
      this.notice.hidden = !streaming || this.text.length > 0;
      this.notice.className = 'turn-notice thinking';
      this.notice.replaceChildren(icon('loading codicon-modifier-spin'), h('span', {}, 'Thinking…'));
      return;
    }
    this.notice.className = `turn-notice ${t.status}`;
    this.notice.hidden = false;
    // A stopped answer's own message ("Stopped.") would only repeat the note.
    const text = t.errorMessage && t.status !== 'stopped' ? `${note}: ${t.errorMessage}` : note;
    this.notice.replaceChildren(icon(t.status === 'stopped' ? 'debug-stop' : 'warning'), h('span', {}, text));
  }
}
