import { createHash } from 'crypto';
import { checkBudget, tokenLimitForCost, trimOptions } from '../budget/budget';
import type { BudgetPart } from '../budget/budget';
import { contextWindowFor } from '../budget/contextWindow';
import { TokenMeter } from '../budget/tokenMeter';
import type { MeterReading } from '../budget/tokenMeter';
import type { Disposable } from '../base/lifecycle';
import type { BudgetOption, BudgetOverrun, BudgetReading } from '../shared/budgetTypes';
import { priceOf } from '../shared/pricing';
import type { ChatSession } from './chatSession';
import { bodyChars, countBody, draftTurns, DRAFT_TURN_ID, turnChars } from './draftRequest';
import type { DraftInput } from './draftRequest';
import { errorKind } from './errorMap';
import type { ChatSettings, CountRequestBody } from './types';

/** Quiet time after the last keystroke before the draft is counted. */
export const METER_DEBOUNCE_MS = 400;

/** The draft as the panel describes it (chips by id; the host holds their text). */
export interface PanelDraft {
  readonly text: string;
  readonly chipIds: readonly string[];
  readonly editing: boolean;
  readonly omitTurnIds?: readonly string[];
}

/** Why the meter cannot count, in words (plain text for the panel). */
function unavailableReason(r: Extract<MeterReading, { state: 'unavailable' }>): string {
  if (r.unsupported) return 'This endpoint cannot count tokens (count_tokens is not available); showing an estimate. Sending still works.';
  const kind = errorKind(r.error);
  const why = kind === 'connection' || kind === 'timeout' ? 'offline or unreachable' : kind === 'authentication' || kind === 'no_key' ? 'no usable API key' : kind === 'rate_limit' ? 'rate limited' : 'the count failed';
  return `Could not count tokens (${why}); showing an estimate. Sending still works.`;
}

/**
 * The token budget of the chat: the composer's meter (the exact body the send would build, counted
 * with `count_tokens` through a {@link TokenMeter}: debounced, one at a time, cached per content
 * hash) and the check before sending (over the context window or the per-message cost limit, with
 * what could be left out). It never sends or cuts anything itself.
 */
export class ChatBudget implements Disposable {
  private readonly meter: TokenMeter<CountRequestBody>;
  /** Model of the body last handed to the meter (the reading's window and price are that model's). */
  private model = '';
  /** Local estimate of that body, shown when counting fails. */
  private estimate = 0;

  constructor(
    private readonly session: ChatSession,
    debounceMs = METER_DEBOUNCE_MS,
  ) {
    this.meter = new TokenMeter<CountRequestBody>({
      clock: session.clock,
      debounceMs,
      count: async (body, signal) => {
        const count = session.deps.client().messages.countTokens;
        if (!count) throw Object.assign(new Error('count_tokens is not available'), { status: 404 });
        // One retry at most: the meter is a hint, and a newer draft will ask again anyway.
        return (await count.call(session.deps.client().messages, body, { signal, maxRetries: 1 })).input_tokens;
      },
      keyOf: (body) => createHash('sha256').update(JSON.stringify(body)).digest('hex'),
      estimate: () => this.estimate,
      isUnsupported: (e) => {
        const status = typeof e === 'object' && e !== null ? (e as { status?: unknown }).status : undefined;
        return status === 404 || status === 405 || status === 501;
      },
      onReading: (r) => this.session.post({ type: 'budget/reading', reading: this.readingOf(r) }),
    });
  }

  /** The composer's draft changed: count what its send would carry once the user pauses. */
  draft(d: PanelDraft): void {
    const input = this.input(d);
    if (!input.text && this.session.conversation.turns.length === 0) {
      // Nothing to count yet: the meter shows only the window.
      this.meter.clear();
      this.session.post({ type: 'budget/reading', reading: { state: 'empty', tokens: 0, contextWindow: this.windowOf(this.session.model.current) } });
      return;
    }
    this.meter.update(() => this.body(input));
  }

  /**
   * Before sending `d`: undefined to send, or the overrun (by how much, and the options). A count
   * that fails lets the send go: the meter already says it could not count, and the API decides.
   */
  async check(d: PanelDraft): Promise<BudgetOverrun | undefined> {
    const input = this.input(d);
    const body = this.body(input);
    const reading = await this.meter.countNow(body);
    if (reading.state !== 'counted') return undefined;
    const { tokens } = reading;
    const settings = this.settings();
    const contextWindow = this.windowOf(body.model, settings);
    const costUsd = this.inputCost(body.model, tokens);
    const costLimitUsd = settings.maxCostPerMessage && settings.maxCostPerMessage > 0 ? settings.maxCostPerMessage : undefined;
    const verdict = checkBudget({ tokens, contextWindow, inputCostUsd: costUsd, costLimitUsd });
    if (!verdict.overWindow && !verdict.overCost) return undefined;
    const price = priceOf(body.model);
    const costTokens = verdict.overCost ? tokenLimitForCost(costLimitUsd, price ? price.input / 1_000_000 : undefined) : undefined;
    const limitTokens = Math.min(verdict.overWindow ? contextWindow : Infinity, costTokens ?? Infinity);
    const turns = draftTurns(this.session.conversation, input, this.session.clock.now()).filter((t) => t.id !== DRAFT_TURN_ID);
    // Edit mode: the edited question is the draft, never offered.
    const earlier = input.editing ? turns.slice(0, -1) : turns;
    const parts: BudgetPart[] = earlier.map((t) => ({ id: t.id, kind: t.role, label: '', chars: turnChars(t) }));
    const attachments: BudgetPart[] = input.editing ? [] : input.context.map((c) => ({ id: c.id, kind: 'attachment', label: c.label, chars: c.text.length }));
    const options: BudgetOption[] = trimOptions(parts, attachments, tokens, bodyChars(body), limitTokens).map((o) =>
      o.kind === 'oldestTurns'
        ? { kind: 'oldestTurns', turnIds: o.ids, turns: o.ids.length, estimatedTokens: o.estimatedTokens, fits: o.fits }
        : { kind: 'attachment', chipId: o.id, label: o.label, estimatedTokens: o.estimatedTokens, fits: o.fits },
    );
    return {
      tokens,
      contextWindow,
      ...(costUsd !== undefined ? { costUsd } : {}),
      ...(costLimitUsd !== undefined ? { costLimitUsd } : {}),
      overWindow: verdict.overWindow,
      overCost: verdict.overCost,
      options,
    };
  }

  dispose(): void {
    this.meter.dispose();
  }

  private settings(): ChatSettings {
    return { ...this.session.deps.settings(), model: this.session.model.current };
  }

  private input(d: PanelDraft): DraftInput {
    return { text: d.text, context: this.session.chips.peek(d.chipIds), editing: d.editing, ...(d.omitTurnIds && d.omitTurnIds.length > 0 ? { omit: new Set(d.omitTurnIds) } : {}) };
  }

  private body(input: DraftInput): CountRequestBody {
    const settings = this.settings();
    this.model = settings.model;
    const body = countBody(draftTurns(this.session.conversation, input, this.session.clock.now()), settings);
    this.estimate = Math.ceil(bodyChars(body) / 4);
    return body;
  }

  private windowOf(model: string, settings: ChatSettings = this.settings()): number {
    return contextWindowFor(model, { override: settings.contextWindow, models: this.session.deps.modelLimits?.() }).tokens;
  }

  /** Input cost of `tokens` at the model's list price (USD), or undefined without a price. */
  private inputCost(model: string, tokens: number): number | undefined {
    const price = priceOf(model);
    return price ? (tokens * price.input) / 1_000_000 : undefined;
  }

  private readingOf(r: MeterReading): BudgetReading {
    const model = this.model || this.session.model.current;
    const settings = this.settings();
    const contextWindow = this.windowOf(model, settings);
    const limit = settings.maxCostPerMessage && settings.maxCostPerMessage > 0 ? { costLimitUsd: settings.maxCostPerMessage } : {};
    const tokens = r.state === 'counted' ? r.tokens : r.state === 'counting' ? (r.estimate ?? 0) : undefined;
    if (r.state === 'unavailable') return { state: 'unavailable', tokens: this.estimate, contextWindow, ...limit, reason: unavailableReason(r) };
    const costUsd = tokens !== undefined ? this.inputCost(model, tokens) : undefined;
    return { state: r.state, tokens: tokens ?? 0, contextWindow, ...(costUsd !== undefined ? { costUsd } : {}), ...limit };
  }
}
