import type { LogLevel, TurnView } from '../shared/chatTypes';
import { systemClock } from '../base/clock';
import { AnswerFlows } from './answerFlows';
import { AnswerLifecycle } from './answerLifecycle';
import { ChatBudget } from './chatBudget';
import type { PanelDraft } from './chatBudget';
import { ChatSession } from './chatSession';
import type { StateReply } from './chatSession';
import type { AskOptions, ChatControllerDeps } from './controllerDeps';
import { ConversationBrowser } from './conversationBrowser';
import type { Disposable } from '../base/lifecycle';
import { handleEditorAction } from './editorActions';
import type { EditorAction } from './editorActions';
import { handlePanelMessage } from './panelMessages';
import type { PanelMessageTarget } from './panelMessages';
import { RequestError } from './requestError';
import type { ChatConversation } from './types';
import type { ViewPort } from './viewChannel';

export type { AskOptions, ChatControllerDeps } from './controllerDeps';

type StateRequest = 'conversation/new' | 'conversation/open' | 'conversation/rename' | 'conversation/delete';

/**
 * The chat panel's host side, with one typed method per thing the panel or a command can ask
 * for. A method given the `requestId` of a panel request replies to it; called by a command (no
 * `requestId`), it tells the panel what changed instead. The parts: {@link ChatSession} (the
 * conversation shown, the channel, saves), {@link AnswerLifecycle} (one answer), {@link AnswerFlows}
 * (ask, regenerate, edit, continue), {@link ConversationBrowser} (new, open, rename, delete,
 * reopen), `handlePanelMessage` (the panel's messages to these methods). The host is the source of
 * truth; the panel renders what it is sent.
 */
export class ChatController implements PanelMessageTarget, Disposable {
  private readonly session: ChatSession;
  private readonly answers: AnswerLifecycle;
  private readonly flows: AnswerFlows;
  private readonly browser: ConversationBrowser;
  private readonly budget: ChatBudget;
  /** Whether the kept draft was offered to a panel (once per extension host). */
  private draftOffered = false;
  /** Fires when an answer starts or ends (drives the `claudeChat.busy` context key). */
  readonly onDidChangeBusy: AnswerLifecycle['onDidChangeBusy'];

  constructor(private readonly deps: ChatControllerDeps) {
    const newId = deps.newId ?? (() => globalThis.crypto.randomUUID());
    this.session = new ChatSession(deps, deps.clock ?? systemClock, newId);
    this.answers = new AnswerLifecycle(this.session);
    this.flows = new AnswerFlows(this.session, this.answers);
    this.browser = new ConversationBrowser(this.session, this.answers);
    this.budget = new ChatBudget(this.session, deps.meterDebounceMs);
    this.onDidChangeBusy = this.answers.onDidChangeBusy;
  }

  /** True while an answer streams or waits for a retry. */
  get busy(): boolean {
    return this.answers.busy;
  }

  /** The conversation shown now (for export commands). */
  get current(): ChatConversation {
    return this.session.conversation;
  }

  /** Connects a webview (resolved by VS Code at `resolvedAt`, epoch ms); returns the disposable that disconnects it. */
  attachView(port: ViewPort, resolvedAt?: number): Disposable {
    this.session.timing.attached(resolvedAt);
    this.session.channel.attach(port);
    const sub = port.onDidReceiveMessage((raw) => void this.handleMessage(raw));
    return {
      dispose: () => {
        sub.dispose();
        this.session.channel.detach(port);
      },
    };
  }

  /** Handles one raw message from the panel; never throws. */
  handleMessage(raw: unknown): Promise<void> {
    return handlePanelMessage(raw, this, this.deps.logger, (m) => this.session.post(m));
  }

  /** The panel listens: the reply is the full state, sent before anything queued for it. */
  async ready(requestId: string, conversationId?: string, loadedMs?: number): Promise<void> {
    const { state } = await this.browser.ready(conversationId, loadedMs);
    const draft = await this.keptDraft();
    this.session.channel.markReady({ type: 'panel/ready', requestId, state, ...(draft !== undefined ? { draft } : {}) });
    void this.refreshModels();
  }

  /**
   * Asks a question: a new user turn with `options.context` (a command) or the panel's chips
   * `options.chipIds`, then the answer. Resolves with the final assistant turn when the answer
   * ends; undefined when it could not start (the panel is told why), was cancelled first, or (a
   * command's prompt) was over the token budget and is held in the panel instead.
   */
  async ask(prompt: string, options: AskOptions = {}): Promise<TurnView | undefined> {
    const requestId = options.requestId ?? this.session.newId();
    const { chips } = this.session;
    const sub = options.token?.onCancellationRequested(() => this.answers.stop(requestId));
    try {
      const chipIds = options.chipIds ?? (await this.commandChips(prompt, options.context ?? []));
      if (chipIds === undefined) return undefined;
      const context = chips.take(chipIds);
      if (options.chipIds || context.length > 0) this.session.post({ type: 'context/chips', chips: chips.views() });
      if (options.token?.isCancellationRequested) return undefined;
      return await this.refused(requestId, () => this.flows.ask(requestId, prompt, context, options.omitTurnIds));
    } finally {
      sub?.dispose();
    }
  }

  /**
   * A command's prompt gets the check the panel's Send gets: its context joins the chips and the
   * draft is checked. Within the budget (or when counting fails: the API decides), the chip ids to
   * send with. Over it, undefined: nothing is sent, and the panel holds the prompt as its draft
   * with the warning and its choices (`budget/held`), so the user decides there.
   */
  private async commandChips(prompt: string, context: NonNullable<AskOptions['context']>): Promise<string[] | undefined> {
    const chipIds = context.map((c) => this.session.chips.add(c));
    const overrun = await this.budget.check({ text: prompt, chipIds, editing: false }).catch((e: unknown) => {
      this.deps.logger.warn(`token budget check failed, sending anyway: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    });
    if (!overrun) return chipIds;
    this.session.post({ type: 'context/chips', chips: this.session.chips.views() });
    this.session.post({ type: 'budget/held', text: prompt, chipIds, overrun });
    return undefined;
  }

  /** Answers the last question again. */
  regenerate(requestId = this.session.newId()): Promise<TurnView | undefined> {
    return this.refused(requestId, () => this.flows.regenerate(requestId));
  }

  /** Replaces the last question with `text` and answers it (without the earlier turns `omitTurnIds`, when given). */
  editLast(text: string, requestId = this.session.newId(), omitTurnIds?: readonly string[]): Promise<TurnView | undefined> {
    return this.refused(requestId, () => this.flows.editLast(requestId, text, omitTurnIds));
  }

  /** The composer's draft changed: the meter counts what its send would carry (a `budget/reading` follows). */
  draftChanged(draft: PanelDraft): void {
    this.budget.draft(draft);
    void Promise.resolve(this.deps.rememberDraft?.(draft.text)).catch(() => undefined);
  }

  /**
   * The draft the host kept, for the first `panel/ready` in this extension host only (a reload):
   * later the panel's own state is current. A failed read is no draft, never an error.
   */
  private async keptDraft(): Promise<string | undefined> {
    if (this.draftOffered) return undefined;
    this.draftOffered = true;
    return Promise.resolve(this.deps.lastDraft?.()).catch(() => undefined);
  }

  /** Before the panel sends `draft`: replies with the overrun when it is over the context window or the cost limit. */
  async checkBudget(requestId: string, draft: PanelDraft): Promise<void> {
    const overrun = await this.budget.check(draft);
    this.session.post({ type: 'budget/check', requestId, ...(overrun ? { overrun } : {}) });
  }

  /** Continues the last, partial answer. */
  continueAnswer(requestId = this.session.newId()): Promise<TurnView | undefined> {
    return this.refused(requestId, () => this.flows.continueAnswer(requestId));
  }

  /** Stops the answer of request `requestId` (the running one when omitted). */
  stop(requestId?: string): void {
    this.answers.stop(requestId);
  }

  /** Cuts the retry wait of the answer of request `requestId` short. */
  retryNow(requestId: string): void {
    this.answers.retryNow(requestId);
  }

  /** Starts a new, empty conversation (stopping a running answer first). */
  async newChat(requestId?: string): Promise<void> {
    this.replyState('conversation/new', requestId, await this.browser.newChat());
  }

  /** Shows stored conversation `id`; resolves true when it is shown. */
  async open(id: string, requestId?: string): Promise<boolean> {
    this.replyState('conversation/open', requestId, await this.browser.open(id));
    return this.session.conversation.id === id;
  }

  /** Renames conversation `id` (the one shown too, which would otherwise save its old title back). */
  async rename(id: string, title: string, requestId?: string): Promise<void> {
    this.replyState('conversation/rename', requestId, await this.browser.rename(id, title));
  }

  /** Deletes conversation `id`. */
  async delete(id: string, requestId?: string): Promise<void> {
    this.replyState('conversation/delete', requestId, await this.browser.remove(id));
  }

  /** The model of the next answers, picked in the panel (remembered in the setting). */
  async pickModel(model: string, requestId?: string): Promise<void> {
    this.session.model.pick(model);
    await this.deps.setModel?.(model);
    const list = { models: this.session.model.list, model };
    this.session.post(requestId ? { type: 'model/pick', requestId, ...list } : { type: 'model/list', ...list });
  }

  /** Attaches the selection or the active file, or removes a chip; replies with the chips. */
  attachContext(requestId: string, what: 'context/attachSelection' | 'context/attachFile' | { readonly remove: string }): void {
    const result = this.session.chips.handle(what, this.deps.editor);
    this.session.post({ type: typeof what === 'string' ? what : 'context/removeChip', requestId, ...result });
  }

  /** Carries out a code-block or link action; replies with its outcome. */
  async editorAction(requestId: string, action: EditorAction): Promise<void> {
    const notice = await handleEditorAction(action, this.deps.editor);
    this.session.post({ type: action.type, requestId, ...(notice ? { notice } : {}) });
  }

  /** The user closed the banner. */
  async dismissBanner(requestId: string): Promise<void> {
    await this.deps.dismissBanner?.();
    this.session.post({ type: 'panel/dismissBanner', requestId });
  }

  /** A panel-side problem, into the log. */
  log(level: LogLevel, message: string): void {
    this.deps.logger[level](`[panel] ${message}`);
  }

  /** Shows the panel (before a command streams into it), focusing it unless `preserveFocus`. */
  async reveal(preserveFocus = false): Promise<void> {
    await this.deps.reveal?.(preserveFocus);
  }

  /** Shows or hides the panel's conversation list (the view title's history button). */
  toggleHistoryList(): void {
    this.session.post({ type: 'panel/toggleHistory' });
  }

  /** Sends the panel its state again (the banner or the models changed on the host). */
  refreshState(): void {
    if (this.session.channel.isReady) void this.session.snapshot(this.answers.requestId).then((state) => this.session.post({ type: 'conversation/state', state }));
  }

  /** Writes a scheduled save now; resolves when every save is on disk (export, deactivate, tests). */
  flushSaves(): Promise<void> {
    return this.session.saver.flush();
  }

  dispose(): void {
    this.budget.dispose();
    this.answers.dispose();
    this.session.saver.dispose();
  }

  /** Runs an answer flow; one that cannot start replies `request/error` to its request. */
  private async refused(requestId: string, flow: () => Promise<TurnView | undefined>): Promise<TurnView | undefined> {
    try {
      return await flow();
    } catch (e) {
      if (!(e instanceof RequestError)) throw e;
      this.session.post({ type: 'request/error', requestId, kind: e.kind, message: e.message });
      return undefined;
    }
  }

  private replyState(type: StateRequest, requestId: string | undefined, reply: StateReply): void {
    if (requestId !== undefined) {
      this.session.post({ type, requestId, ...reply });
      return;
    }
    this.session.post({ type: 'conversation/state', state: reply.state });
    if (reply.notice) this.session.post({ type: 'panel/notice', ...reply.notice });
  }

  private async refreshModels(): Promise<void> {
    if (await this.session.model.refresh()) this.session.post({ type: 'model/list', models: this.session.model.list, model: this.session.model.current });
  }
}
