import type { BudgetOption, BudgetOverrun } from '../shared/budgetTypes';
import { compactTokens } from '../shared/budgetFormat';
import { formatCost } from '../shared/pricing';
import { h, icon, textButton } from './dom';

/** What the warning says is over, and by how much (the difference rounded to a millionth of a dollar: 0.06 - 0.05 is not 0.0099999). */
export function overrunText(o: BudgetOverrun): string {
  const parts: string[] = [];
  if (o.overWindow) parts.push(`${compactTokens(o.tokens)} tokens is ${compactTokens(o.tokens - o.contextWindow)} over the ${compactTokens(o.contextWindow)} context window`);
  if (o.overCost && o.costUsd !== undefined && o.costLimitUsd !== undefined) parts.push(`≈ ${formatCost(o.costUsd)} is ${formatCost(Math.round((o.costUsd - o.costLimitUsd) * 1e6) / 1e6)} over your ${formatCost(o.costLimitUsd)} per-message limit`);
  return `Not sent: ${parts.join('; ')}.`;
}

function optionLabel(o: BudgetOption): string {
  const after = `≈ ${compactTokens(o.estimatedTokens)} tokens${o.fits ? '' : ', still over'}`;
  if (o.kind === 'oldestTurns') return `Leave out the ${o.turns === 1 ? 'oldest message' : `${o.turns} oldest messages`} (${after})`;
  return `Remove ${o.label} (${after})`;
}

/**
 * The inline warning shown instead of sending over the context window or the cost limit. It
 * offers what could be left out (never cuts on its own), "Send anyway" only for the cost limit
 * (over the window the API would refuse), and Cancel. Keyboard: focus moves to its first action,
 * Tab walks the actions, Escape cancels. Labels are text nodes (attachment names are untrusted).
 */
export class BudgetWarning {
  readonly root: HTMLElement;
  private readonly message: HTMLElement;
  private readonly actions: HTMLElement;
  private readonly note: HTMLElement;

  constructor() {
    this.message = h('p', { class: 'budget-warning-text' });
    this.note = h('p', { class: 'budget-warning-note' });
    this.actions = h('div', { class: 'budget-warning-actions', role: 'group', 'aria-label': 'What to do' });
    this.root = h('section', { class: 'budget-warning', role: 'alert', hidden: true }, h('div', { class: 'budget-warning-head' }, icon('warning'), this.message), this.note, this.actions);
  }

  get visible(): boolean {
    return !this.root.hidden;
  }

  /** Shows the overrun and its options, and focuses the first action. */
  show(o: BudgetOverrun): void {
    this.message.textContent = overrunText(o);
    const trims = o.options.some((x) => x.kind === 'oldestTurns');
    this.note.textContent = trims ? 'Messages left out stay here and in history; only this request goes without them, and its question is marked.' : '';
    this.note.hidden = !trims;
    const buttons = o.options.map((x) =>
      x.kind === 'oldestTurns'
        ? textButton(optionLabel(x), 'budget-trim', 'fold-up', { 'data-turns': x.turnIds.join(' '), title: optionLabel(x) })
        : textButton(optionLabel(x), 'budget-remove', 'close', { 'data-chip': x.chipId, title: optionLabel(x) }),
    );
    if (!o.overWindow && o.overCost) buttons.push(textButton('Send anyway', 'budget-send-anyway', 'send', { class: 'text-button danger' }));
    buttons.push(textButton('Cancel', 'budget-cancel'));
    this.actions.replaceChildren(...buttons);
    this.root.hidden = false;
    buttons[0]?.focus();
  }

  hide(): void {
    this.root.hidden = true;
    this.actions.replaceChildren();
  }
}
