import type { ConversationSummary } from '../shared/chatTypes';
import { h, iconButton } from './dom';
import { totalsText } from './format';

/** What the history list asks of the panel. */
export interface HistoryHost {
  open(id: string): void;
  rename(id: string, title: string): void;
  remove(id: string): void;
}

function when(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/**
 * The list of saved conversations (the host's list is the truth; this only draws it). Rename is
 * inline (webviews have no prompt()); delete asks for a second click because there is no undo.
 */
export class HistoryList {
  readonly root: HTMLElement;
  private readonly list: HTMLElement;
  private items: readonly ConversationSummary[] = [];
  private currentId = '';
  private confirming: string | undefined;

  constructor(private readonly host: HistoryHost) {
    this.list = h('ul', { class: 'history-list', 'aria-label': 'Conversations' });
    this.root = h('section', { class: 'history', 'aria-label': 'History', hidden: true }, h('h2', { class: 'history-title' }, 'History'), this.list);
    this.list.addEventListener('click', (e) => this.onClick(e));
    this.list.addEventListener('keydown', (e) => this.onKey(e));
  }

  get visible(): boolean {
    return !this.root.hidden;
  }

  setVisible(visible: boolean): void {
    this.root.hidden = !visible;
  }

  /** Moves focus into the list: the conversation shown, else the first. */
  focus(): void {
    (this.list.querySelector<HTMLElement>('.history-item.current .history-open') ?? this.list.querySelector<HTMLElement>('.history-open'))?.focus();
  }

  update(items: readonly ConversationSummary[], currentId: string): void {
    this.items = items;
    this.currentId = currentId;
    this.render();
  }

  private render(): void {
    if (this.items.length === 0) {
      this.list.replaceChildren(h('li', { class: 'history-empty' }, 'No saved conversations yet.'));
      return;
    }
    this.list.replaceChildren(
      ...this.items.map((c) => {
        const confirming = this.confirming === c.id;
        return h(
          'li',
          { class: `history-item${c.id === this.currentId ? ' current' : ''}`, 'data-id': c.id },
          h('button', { type: 'button', class: 'history-open', 'data-ui': 'history-open', 'aria-current': c.id === this.currentId ? 'true' : undefined, title: c.title },
            h('span', { class: 'history-name' }, c.title),
            h('span', { class: 'history-date' }, when(c.updatedAt)),
            c.tokens !== undefined ? h('span', { class: 'history-totals', title: 'Tokens and estimated cost of every answer' }, totalsText(c.tokens, c.cost)) : undefined),
          iconButton('edit', `Rename ${c.title}`, 'history-rename'),
          confirming
            ? h('button', { type: 'button', class: 'text-button danger', 'data-ui': 'history-delete-confirm' }, 'Delete?')
            : iconButton('trash', `Delete ${c.title}`, 'history-delete'),
        );
      }),
    );
  }

  private onClick(e: MouseEvent): void {
    const button = e.target instanceof Element ? e.target.closest<HTMLElement>('[data-ui]') : null;
    const item = button?.closest<HTMLElement>('.history-item');
    const id = item?.dataset.id;
    if (!button || !item || !id) return;
    switch (button.dataset.ui) {
      case 'history-open':
        this.host.open(id);
        return;
      case 'history-rename':
        this.beginRename(item, id);
        return;
      case 'history-delete':
        this.confirming = id;
        this.render();
        this.list.querySelector<HTMLElement>(`.history-item[data-id="${CSS.escape(id)}"] [data-ui="history-delete-confirm"]`)?.focus();
        return;
      case 'history-delete-confirm':
        this.confirming = undefined;
        this.host.remove(id);
        return;
    }
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this.confirming) {
      this.confirming = undefined;
      this.render();
    }
  }

  private beginRename(item: HTMLElement, id: string): void {
    const current = this.items.find((c) => c.id === id)?.title ?? '';
    const input = h('input', { type: 'text', class: 'history-rename-input', value: current, 'aria-label': 'New title', maxlength: '200' });
    const openButton = item.querySelector('.history-open');
    openButton?.replaceWith(input);
    input.focus();
    input.select();
    let done = false;
    const finish = (commit: boolean): void => {
      if (done) return;
      done = true;
      const title = input.value.trim();
      if (commit && title && title !== current) this.host.rename(id, title);
      this.render();
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') finish(true);
      else if (e.key === 'Escape') {
        e.stopPropagation();
        finish(false);
      }
    });
    input.addEventListener('blur', () => finish(true));
  }
}
