import type { ChipView, LogLevel } from '../shared/chatTypes';
import { BudgetMeter } from './budgetMeter';
import { BudgetWarning } from './budgetWarning';
import type { UiClock } from './countdown';
import { h, icon, iconButton } from './dom';

/** How long a status line ("Copied to the clipboard.") stays. */
export const STATUS_MS = 4000;

/** What the composer asks the panel to do. */
export interface ComposerHost {
  /** The user asks to send; the panel calls {@link Composer.sent} once it went (after the budget check). */
  send(text: string, editing: boolean): void;
  stop(): void;
  /** Up arrow in an empty input: returns the last user message to edit, if any. */
  lastUserText(): string | undefined;
  draftChanged(text: string): void;
}

/**
 * The input area: chips, textarea, send/stop. Keyboard first: Enter sends, Shift+Enter is a
 * newline, Escape stops a running answer (or leaves edit mode), Up in an empty input edits the
 * last message. IME composition is respected (Enter then confirms a candidate, it does not send).
 */
export class Composer {
  readonly root: HTMLElement;
  readonly input: HTMLTextAreaElement;
  /** The token meter under the input. */
  readonly meter = new BudgetMeter();
  /** The over-budget warning above the input. */
  readonly warning = new BudgetWarning();
  private readonly chips: HTMLElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly editBanner: HTMLElement;
  private readonly status: HTMLElement;
  private statusTimer: { dispose(): void } | undefined;
  private busy = false;
  private editing = false;

  constructor(
    private readonly host: ComposerHost,
    private readonly clock: UiClock,
  ) {
    this.input = h('textarea', {
      class: 'composer-input',
      rows: '3',
      placeholder: 'Ask Claude… (Enter to send, Shift+Enter for a new line)',
      'aria-label': 'Message to Claude',
    });
    this.chips = h('div', { class: 'chips', 'aria-label': 'Attached context' });
    this.sendButton = iconButton('send', 'Send (Enter)', 'send', { class: 'icon-button send' });
    this.stopButton = iconButton('debug-stop', 'Stop (Escape)', 'stop', { class: 'icon-button stop', hidden: true });
    this.editBanner = h('div', { class: 'edit-banner', hidden: true }, icon('edit'), h('span', {}, 'Editing your last message — Enter resends, Escape cancels'));
    this.status = h('span', { class: 'composer-status', hidden: true });
    this.root = h(
      'div',
      { class: 'composer' },
      this.editBanner,
      this.warning.root,
      h(
        'div',
        { class: 'composer-tools' },
        iconButton('selection', 'Attach selection', 'attach-selection'),
        iconButton('file-add', 'Attach current file', 'attach-file'),
        this.chips,
        this.status,
      ),
      h('div', { class: 'composer-row' }, this.input, h('div', { class: 'composer-buttons' }, this.sendButton, this.stopButton)),
      this.meter.root,
    );
    this.input.addEventListener('keydown', (e) => this.onKey(e));
    this.input.addEventListener('input', () => host.draftChanged(this.input.value));
  }

  /** Submits the input (button or Enter); the draft stays until the panel says it was sent. */
  submit(): void {
    const text = this.input.value;
    if (!text.trim() || this.busy) return;
    this.host.send(text, this.editing);
  }

  /** The message went: the input empties and edit mode ends. */
  sent(): void {
    this.setEditing(false);
    this.input.value = '';
    this.host.draftChanged('');
  }

  /** The draft replaces the last question. */
  get isEditing(): boolean {
    return this.editing;
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.sendButton.hidden = busy;
    this.stopButton.hidden = !busy;
    this.root.classList.toggle('busy', busy);
  }

  setDraft(text: string): void {
    this.input.value = text;
  }

  setChips(chips: readonly ChipView[]): void {
    this.chips.replaceChildren(
      ...chips.map((c) =>
        h(
          'span',
          { class: 'chip', 'data-chip': c.id, title: c.label },
          icon(c.kind === 'file' ? 'file' : 'selection'),
          h('span', { class: 'chip-label' }, c.label),
          iconButton('close', `Remove ${c.label}`, 'remove-chip', { 'data-chip': c.id, class: 'icon-button chip-remove' }),
        ),
      ),
    );
  }

  /** A prompt the host held back (over the budget) becomes the draft, after any text already typed, out of edit mode; saved and counted like typing. Returns what the input holds. */
  holdDraft(text: string): string {
    // Words the user had typed stay: the held prompt goes after them, never over them.
    const own = this.input.value.trimEnd();
    const value = own.trim() && own.trim() !== text.trim() ? `${own}\n\n${text}` : text;
    this.setEditing(false);
    this.input.value = value;
    this.host.draftChanged(value);
    return value;
  }

  /** Ids of the chips to send with the next message. */
  chipIds(): string[] {
    return Array.from(this.chips.querySelectorAll<HTMLElement>('.chip[data-chip]'), (el) => el.dataset.chip ?? '').filter(Boolean);
  }

  /** Puts the last user message into the input for editing. */
  startEdit(text: string): void {
    this.setEditing(true);
    this.input.value = text;
    this.input.focus();
    this.input.setSelectionRange(text.length, text.length);
    this.host.draftChanged(text);
  }

  focus(): void {
    this.input.focus();
  }

  /** A short transient status in the tool row (it takes no room from the transcript). */
  showStatus(message: string, level: LogLevel): void {
    this.statusTimer?.dispose();
    this.status.replaceChildren(icon(level === 'info' ? 'check' : level === 'warn' ? 'warning' : 'error'), h('span', {}, message));
    this.status.className = `composer-status ${level}`;
    this.status.title = message;
    this.status.hidden = false;
    const timer = this.clock.every(STATUS_MS, () => {
      timer.dispose();
      this.status.hidden = true;
    });
    this.statusTimer = timer;
  }

  private setEditing(editing: boolean): void {
    this.editing = editing;
    this.editBanner.hidden = !editing;
    this.root.classList.toggle('editing', editing);
  }

  private onKey(e: KeyboardEvent): void {
    if (e.isComposing) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      this.submit();
    } else if (e.key === 'Escape') {
      if (this.busy) {
        e.preventDefault();
        this.host.stop();
      } else if (this.editing) {
        e.preventDefault();
        this.setEditing(false);
        this.input.value = '';
        this.host.draftChanged('');
      }
    } else if (e.key === 'ArrowUp' && this.input.value === '' && !this.busy) {
      const last = this.host.lastUserText();
      if (last !== undefined) {
        e.preventDefault();
        this.startEdit(last);
      }
    }
  }
}
