import type { ConversationSummary, PanelState } from '../shared/chatTypes';
import type { Notice, ToWebview } from '../shared/protocol';
import { ChipTray } from './chipTray';
import { conversationView, emptyConversation, historyRows, replaceTurn } from './conversation';
import type { ChatControllerDeps } from './controllerDeps';
import { ConversationSaver } from './conversationSaver';
import { ModelChoice } from './modelChoice';
import { PanelTiming } from './panelTiming';
import type { Clock } from '../base/clock';
import type { ChatConversation, ChatTurn } from './types';
import { ViewChannel } from './viewChannel';

/** The reply to a request that changes what the whole panel shows. */
export interface StateReply {
  readonly state: PanelState;
  readonly notice?: Notice;
}

/**
 * What the controller's parts share: the conversation shown (the host's one owner of its text,
 * the streaming answer included), the channel to the panel, the saver, the chips and the model.
 */
export class ChatSession {
  readonly channel = new ViewChannel();
  readonly saver: ConversationSaver;
  readonly chips: ChipTray;
  readonly model: ModelChoice;
  readonly timing: PanelTiming;
  private current: ChatConversation;

  constructor(
    readonly deps: ChatControllerDeps,
    readonly clock: Clock,
    readonly newId: () => string,
  ) {
    this.current = emptyConversation(newId(), clock.now());
    this.saver = new ConversationSaver(deps.store, clock, deps.logger);
    this.chips = new ChipTray(newId);
    this.timing = new PanelTiming(clock, deps.logger);
    this.model = new ModelChoice(() => deps.settings().model, this.timing, deps.logger, () => clock.now(), deps.listModels);
  }

  /** The conversation shown now. */
  get conversation(): ChatConversation {
    return this.current;
  }

  /** Shows `c` from now on (the caller tells the panel). */
  set(c: ChatConversation): void {
    this.current = c;
  }

  /** A new, empty conversation. */
  reset(): void {
    this.current = emptyConversation(this.newId(), this.clock.now());
  }

  /** Changes turn `turnId` of the conversation shown. */
  patchTurn(turnId: string, patch: (t: ChatTurn) => Partial<ChatTurn>): void {
    const turn = this.current.turns.find((t) => t.id === turnId);
    if (turn) this.current = replaceTurn(this.current, turnId, patch(turn), this.clock.now());
  }

  post(message: ToWebview): void {
    this.channel.post(message);
  }

  /** Saves the conversation now (after earlier saves). */
  save(): void {
    this.saver.save(this.current);
  }

  /** Saves the conversation within the second (a streaming answer). */
  scheduleSave(): void {
    this.saver.schedule(() => this.current);
  }

  /**
   * The state the panel is about to show: its conversation is also the one to reopen in this
   * workspace. The conversation is read after the last await, so no delta posted meanwhile is
   * missing from it (a panel that is not ready yet does not get them).
   */
  async snapshot(busyRequestId: string | undefined): Promise<PanelState> {
    void Promise.resolve(this.deps.rememberConversation?.(this.current.id)).catch(() => undefined);
    const history = await this.historyRows();
    const banner = this.deps.banner?.();
    return {
      conversation: conversationView(this.current),
      history,
      models: this.model.list,
      model: this.model.current,
      chips: this.chips.views(),
      ...(busyRequestId !== undefined ? { busyRequestId } : {}),
      ...(banner ? { banner } : {}),
    };
  }

  /** The history list: stored conversations and the one shown, newest first. */
  async historyRows(): Promise<ConversationSummary[]> {
    return historyRows(this.deps.store, this.current, this.deps.logger);
  }

  async postHistory(): Promise<void> {
    await this.saver.idle();
    this.post({ type: 'history/list', items: await this.historyRows() });
  }
}
