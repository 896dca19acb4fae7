import type { Clock } from '../base/clock';
import type { ChatLogger } from './types';

/**
 * Writes where the time of opening the panel goes to the log: from the moment VS Code created
 * the view to its page's `ready` (VS Code building the webview, then our bundle loading and
 * drawing), restoring the conversation, and the first state sent; the model list separately,
 * since the panel does not wait for it.
 */
export class PanelTiming {
  private attachedAt: number | undefined;
  private readyAt: number | undefined;
  private reported = false;

  constructor(
    private readonly clock: Clock,
    private readonly logger: ChatLogger,
  ) {}

  /** VS Code resolved the view at `at` (its page started loading then); default now. */
  attached(at = this.clock.now()): void {
    this.attachedAt = at;
    this.readyAt = undefined;
    this.reported = false;
  }

  /** The page said `ready`. */
  ready(): void {
    this.readyAt = this.clock.now();
  }

  /** The first full state went to the page; logs the breakdown once per page. */
  stateSent(loadedMs: number | undefined, restoreMs: number | undefined): void {
    if (this.reported || this.attachedAt === undefined || this.readyAt === undefined) return;
    this.reported = true;
    const now = this.clock.now();
    const parts = [`ready after ${this.readyAt - this.attachedAt} ms`];
    if (loadedMs !== undefined) parts.push(`its page loaded in ${Math.round(loadedMs)} ms`);
    if (restoreMs !== undefined) parts.push(`conversation reopened in ${restoreMs} ms`);
    parts.push(`first state sent ${now - this.readyAt} ms after ready`);
    this.logger.info(`Chat panel shown in ${now - this.attachedAt} ms (${parts.join(', ')}).`);
  }

  /** The model list for the picker arrived (or failed) after `ms`. */
  models(count: number | undefined, ms: number): void {
    this.logger.info(count === undefined ? `Model list failed after ${ms} ms.` : `Model list: ${count} models in ${ms} ms.`);
  }
}
