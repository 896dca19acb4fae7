import type { BudgetReading } from '../shared/budgetTypes';
import { compactTokens, meterText } from '../shared/budgetFormat';
import { formatCost } from '../shared/pricing';
import { h } from './dom';

/** Share of the window (or of the cost limit) from which the meter takes the warning colour. */
export const NEAR_SHARE = 0.9;

/** How full the next send is: what the colour and the (rare) announcement follow. */
export type MeterLevel = 'ok' | 'near' | 'over' | 'unavailable';

/** The level of a reading: over or near the window or the cost limit, or not counted at all. */
export function meterLevel(r: BudgetReading): MeterLevel {
  if (r.state === 'unavailable') return 'unavailable';
  const windowShare = r.tokens / r.contextWindow;
  const costShare = r.costLimitUsd && r.costUsd !== undefined ? r.costUsd / r.costLimitUsd : 0;
  const share = Math.max(windowShare, costShare);
  return share > 1 ? 'over' : share >= NEAR_SHARE ? 'near' : 'ok';
}

/** The meter's line: `12.3k / 200k tokens · ≈ $0.04`, marked while it is only an estimate. */
export function readingText(r: BudgetReading): string {
  if (r.state === 'empty') return `0 / ${compactTokens(r.contextWindow)} tokens`;
  if (r.state === 'unavailable') return `Token count unavailable · ~${compactTokens(r.tokens)} / ${compactTokens(r.contextWindow)} estimated`;
  const text = meterText(r.tokens, r.contextWindow, r.costUsd);
  return r.state === 'counting' ? `~${text} (estimate, counting…)` : text;
}

function announcement(level: MeterLevel, r: BudgetReading): string {
  switch (level) {
    case 'over':
      return `Over budget: ${readingText(r)}.`;
    case 'near':
      return `Near the limit: ${readingText(r)}.`;
    case 'unavailable':
      return r.reason ?? 'Token count unavailable.';
    case 'ok':
      return 'Within budget.';
  }
}

/**
 * The composer's token meter. The line changes as the user types, so it is not a live region
 * itself (a screen reader would read every count); a separate polite status speaks only when the
 * level changes (near, over, unavailable, back within budget).
 */
export class BudgetMeter {
  readonly root: HTMLElement;
  private readonly line: HTMLElement;
  private readonly live: HTMLElement;
  private level: MeterLevel | undefined;

  constructor() {
    this.line = h('span', { class: 'budget-meter-text' });
    this.live = h('span', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
    this.root = h('div', { class: 'budget-meter', hidden: true, 'data-level': 'ok' }, this.line, this.live);
  }

  /** The latest reading from the host. */
  set(r: BudgetReading): void {
    const level = meterLevel(r);
    this.root.hidden = false;
    this.root.dataset.level = level;
    this.root.dataset.state = r.state;
    this.line.textContent = readingText(r);
    const limit = r.costLimitUsd !== undefined ? ` Per-message limit: ${formatCost(r.costLimitUsd)}.` : '';
    this.root.title = r.state === 'unavailable' ? (r.reason ?? '') : `Input tokens the next message would send (conversation, attachments, draft and system prompt) against the context window.${limit}`;
    // The first reading sets the level quietly; only a change is worth saying.
    if (this.level !== undefined && level !== this.level) this.live.textContent = announcement(level, r);
    this.level = level;
  }
}
