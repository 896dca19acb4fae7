import type { RequestBody, Reply, ToWebview } from '../shared/protocol';
import type { Composer } from './composer';

/** What the send flow needs from the panel. */
export interface SendFlowHost {
  /** Sends a request; returns its id. */
  request(body: RequestBody): string;
  /** The message went (the transcript follows the answer). */
  sent(): void;
}

interface Pending {
  readonly text: string;
  readonly editing: boolean;
  chipIds: string[];
  omitTurnIds: string[];
  checkId: string;
}

/**
 * Sending with the token budget: Send first asks the host whether the message fits
 * (`budget/check`, answered from the meter's cache when the draft was counted while typing); when it
 * is over the context window or the cost limit, nothing is sent and the composer's warning offers
 * what to leave out. The user's choice is sent with the message (`omitTurnIds`), never made for them.
 */
export class SendFlow {
  private pending: Pending | undefined;

  constructor(
    private readonly composer: Composer,
    private readonly host: SendFlowHost,
  ) {}

  /** True while a check is out or the warning waits for a choice. */
  get active(): boolean {
    return this.pending !== undefined;
  }

  /** The user pressed Send. */
  start(text: string, editing: boolean): void {
    if (this.pending && !this.composer.warning.visible) return;
    this.composer.warning.hide();
    this.pending = { text, editing, chipIds: editing ? [] : this.composer.chipIds(), omitTurnIds: [], checkId: '' };
    this.check();
  }

  /**
   * A command's prompt over the budget (`budget/held`): the host did not send it. It is the draft
   * now, and the warning waits for a choice exactly as after Send (a pending check of the user's is dropped).
   */
  hold(m: Extract<ToWebview, { type: 'budget/held' }>): void {
    const text = this.composer.holdDraft(m.text);
    if (text === m.text) {
      this.pending = { text, editing: false, chipIds: [...m.chipIds], omitTurnIds: [], checkId: '' };
      this.composer.warning.show(m.overrun);
      return;
    }
    // The user's own draft was kept before the prompt: what the input holds now is what a send
    // would carry (with every chip shown), so it is checked again as it is.
    this.pending = { text, editing: false, chipIds: this.composer.chipIds(), omitTurnIds: [], checkId: '' };
    this.check();
  }

  /** The host's answer to a check. */
  onCheck(m: Reply<'budget/check'>): void {
    const p = this.pending;
    if (!p || p.checkId !== m.requestId) return;
    if (m.overrun) this.composer.warning.show(m.overrun);
    else this.send();
  }

  /** A check that failed on the host does not stop the message: the API decides. */
  onError(requestId: string | undefined): void {
    if (this.pending && requestId !== undefined && this.pending.checkId === requestId) this.send();
  }

  /** A warning button (`data-ui` budget-*); false when `action` is not one. */
  action(action: string | undefined, el: HTMLElement): boolean {
    const p = this.pending;
    switch (action) {
      case 'budget-trim':
        if (p) {
          p.omitTurnIds = (el.dataset.turns ?? '').split(' ').filter(Boolean);
          this.check();
        }
        return true;
      case 'budget-remove': {
        const chipId = el.dataset.chip;
        if (p && chipId) {
          this.host.request({ type: 'context/removeChip', chipId });
          p.chipIds = p.chipIds.filter((c) => c !== chipId);
          this.check();
        }
        return true;
      }
      case 'budget-send-anyway':
        if (p) this.send();
        return true;
      case 'budget-cancel':
        this.cancel();
        return true;
      default:
        return false;
    }
  }

  /** Cancel: nothing is sent, the draft stays in the input. */
  cancel(): void {
    this.pending = undefined;
    this.composer.warning.hide();
    this.composer.focus();
  }

  private check(): void {
    const p = this.pending;
    if (!p) return;
    p.checkId = this.host.request({ type: 'budget/check', text: p.text, chipIds: p.chipIds, editing: p.editing, ...(p.omitTurnIds.length ? { omitTurnIds: p.omitTurnIds } : {}) });
  }

  private send(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    this.composer.warning.hide();
    const omit = p.omitTurnIds.length ? { omitTurnIds: p.omitTurnIds } : {};
    if (p.editing) this.host.request({ type: 'answer/editLast', text: p.text, ...omit });
    else this.host.request({ type: 'answer/ask', text: p.text, chipIds: p.chipIds, ...omit });
    this.composer.sent();
    this.composer.focus();
    this.host.sent();
  }
}
