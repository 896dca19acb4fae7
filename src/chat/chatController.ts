import type { PanelState, TurnView } from '../shared/chatTypes';
import { assertNever } from '../base/assertNever';
import { parseToHost } from '../shared/parseToHost';
import type { ToHost, ToWebview } from '../shared/protocol';
import { ChatRun } from './chatRun';
import { invalidMessageReply, settleAnswer, startAnswer, withEditedQuestion, withoutLastAnswer } from './answerState';
import { conversationView, emptyConversation, historyRows, replaceTurn, titleFrom, turnView } from './conversation';
import { Emitter } from '../base/emitter';
import type { Disposable } from '../base/lifecycle';
import { buildRequest } from './requestBuilder';
import { ViewChannel } from './viewChannel';
import type { ViewPort } from './viewChannel';
import type { ChatClock, ContextItem, StoredConversation, StoredTurn } from './types';
import { systemChatClock } from './controllerDeps';
import type { AskOptions, ChatControllerDeps } from './controllerDeps';
import { ModelChoice } from './modelChoice';
import { handleEditorAction } from './editorActions';
import { ConversationSaver } from './conversationSaver';
import { ChipTray } from './chipTray';
import { PanelTiming } from './panelTiming';
import { reopenConversation, settleStreaming } from './reopen';

export type { AskOptions, ChatControllerDeps } from './controllerDeps';

interface ActiveRequest {
  readonly requestId: string;
  readonly turnId: string;
  readonly run: ChatRun;
  readonly finished: Promise<void>;
}

/**
 * Owns the conversation shown in the panel: builds requests from it, streams answers through
 * the client, maps request ids to runs (stop, retry now), keeps partial answers, persists via
 * the store (at least once a second while streaming) and talks to the panel through the
 * typed protocol. The host is the source of truth; the panel renders what it is sent.
 */
export class ChatController implements Disposable {
  private readonly channel = new ViewChannel();
  private readonly clock: ChatClock;
  private readonly newId: () => string;
  private conversation: StoredConversation;
  private readonly chips: ChipTray;
  private active: ActiveRequest | undefined;
  private readonly model: ModelChoice;
  private restored = false;
  private readonly saver: ConversationSaver;
  private readonly timing: PanelTiming;
  private readonly _onDidChangeBusy = new Emitter<boolean>();
  /** Fires when a request starts or ends (drives the `claudeChat.busy` context key). */
  readonly onDidChangeBusy = this._onDidChangeBusy.event;

  constructor(private readonly deps: ChatControllerDeps) {
    this.clock = deps.clock ?? systemChatClock;
    this.newId = deps.newId ?? (() => globalThis.crypto.randomUUID());
    this.conversation = emptyConversation(this.newId(), this.clock.now());
    this.saver = new ConversationSaver(deps.store, this.clock, deps.logger);
    this.chips = new ChipTray(this.newId);
    this.timing = new PanelTiming(this.clock, deps.logger);
    this.model = new ModelChoice(() => deps.settings().model, this.timing, deps.logger, () => this.clock.now(), deps.listModels);
  }

  /** True while an answer streams or waits for a retry. */
  get busy(): boolean {
    return this.active !== undefined;
  }

  /** The conversation shown now (for export commands). */
  get current(): StoredConversation {
    return this.conversation;
  }

  /** Connects a webview (resolved by VS Code at `resolvedAt`, epoch ms); returns the disposable that disconnects it. */
  attachView(port: ViewPort, resolvedAt?: number): Disposable {
    this.timing.attached(resolvedAt);
    this.channel.attach(port);
    const sub = port.onDidReceiveMessage((raw) => void this.handleMessage(raw));
    return {
      dispose: () => {
        sub.dispose();
        this.channel.detach(port);
      },
    };
  }

  /** Asks a question (from a command); resolves with the final assistant turn when the request ends. */
  async ask(prompt: string, options: AskOptions = {}): Promise<TurnView | undefined> {
    const requestId = this.newId();
    const context = (options.context ?? []).map((c) => ({ ...c, id: this.newId() }));
    const sub = options.token?.onCancellationRequested(() => this.stopRequest(requestId));
    try {
      if (options.token?.isCancellationRequested) return undefined;
      return await this.send(requestId, prompt, context);
    } finally {
      sub?.dispose();
    }
  }

  /** Starts a new, empty conversation (stopping a running answer first). */
  async newChat(): Promise<void> {
    await this.stopAndWait();
    this.conversation = emptyConversation(this.newId(), this.clock.now());
    this.chips.clear();
    await this.postState('state');
  }

  /** Sends the panel its state again (the banner or the models changed on the host). */
  refreshState(): void {
    if (this.channel.isReady) void this.postState('state');
  }

  /** Stops the running answer, if any. */
  stop(): void {
    if (this.active) this.stopRequest(this.active.requestId);
  }

  /** Handles one raw message from the panel; never throws. */
  async handleMessage(raw: unknown): Promise<void> {
    const parsed = parseToHost(raw);
    if (!parsed.ok) {
      this.deps.logger.warn(`Ignored an invalid message from the chat panel: ${parsed.error}`);
      this.post(invalidMessageReply(raw, parsed.error));
      return;
    }
    try {
      await this.dispatch(parsed.message);
    } catch (e) {
      this.deps.logger.error(`Chat panel message "${parsed.message.type}" failed: ${e instanceof Error ? e.message : String(e)}`);
      this.post({ type: 'notice', level: 'error', message: 'That did not work; the details are in the log (Claude: Open Log).' });
    }
  }

  private async dispatch(m: ToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        await this.onReady(m.conversationId, m.loadedMs);
        return;
      case 'dismissBanner':
        await this.deps.dismissBanner?.();
        return;
      case 'send': {
        const context = this.chips.take(m.chipIds);
        this.post({ type: 'chips', chips: this.chips.views() });
        await this.send(m.requestId, m.text, context);
        return;
      }
      case 'stop':
        this.stopRequest(m.requestId);
        return;
      case 'retryNow':
        if (this.active?.requestId === m.requestId) this.active.run.retryNow();
        return;
      case 'regenerate':
        await this.regenerate(m.requestId);
        return;
      case 'editLast':
        await this.editLast(m.requestId, m.text);
        return;
      case 'continue':
        await this.continueAnswer(m.requestId);
        return;
      case 'copy':
      case 'insertCode':
      case 'newFile':
      case 'openLink':
        await handleEditorAction(m, this.deps.editor, (msg) => this.post(msg));
        return;
      case 'newChat':
        await this.newChat();
        return;
      case 'switchConversation':
        await this.switchTo(m.conversationId);
        return;
      case 'renameConversation':
        await this.rename(m.conversationId, m.title);
        return;
      case 'deleteConversation':
        await this.remove(m.conversationId);
        return;
      case 'pickModel':
        this.model.pick(m.model);
        await this.deps.setModel?.(m.model);
        this.post({ type: 'models', models: this.model.list, model: m.model });
        return;
      case 'attachSelection':
      case 'attachFile':
      case 'removeChip':
        this.post(this.chips.handle(m, this.deps.editor));
        return;
      case 'log':
        this.deps.logger[m.level](`[panel] ${m.message}`);
        return;
      default:
        assertNever(m, 'panel message');
    }
  }

  private async send(requestId: string, text: string, context: readonly ContextItem[]): Promise<TurnView | undefined> {
    if (this.rejectIfBusy(requestId)) return undefined;
    const now = this.clock.now();
    const userTurn: StoredTurn = { id: this.newId(), role: 'user', text, status: 'complete', createdAt: now, ...(context.length ? { context } : {}) };
    const first = this.conversation.turns.length === 0;
    this.conversation = { ...this.conversation, title: first ? titleFrom(text) : this.conversation.title, updatedAt: now, turns: [...this.conversation.turns, userTurn] };
    this.post({ type: 'userMessage', requestId, turn: turnView(userTurn) });
    return this.answer(requestId, 'new');
  }

  private async regenerate(requestId: string): Promise<void> {
    if (this.rejectIfBusy(requestId)) return;
    const next = withoutLastAnswer(this.conversation, this.clock.now());
    if (!next) return this.fail(requestId, 'There is no question to answer again.');
    this.conversation = next;
    await this.postState('state');
    await this.answer(requestId, 'new');
  }

  private async editLast(requestId: string, text: string): Promise<void> {
    if (this.rejectIfBusy(requestId)) return;
    const next = withEditedQuestion(this.conversation, text, this.newId(), this.clock.now());
    if (!next) return this.fail(requestId, 'There is no message to edit.');
    this.conversation = next;
    await this.postState('state');
    await this.answer(requestId, 'new');
  }

  private async continueAnswer(requestId: string): Promise<void> {
    if (this.rejectIfBusy(requestId)) return;
    const last = this.conversation.turns[this.conversation.turns.length - 1];
    if (!last || last.role !== 'assistant' || !last.text.trim()) return this.fail(requestId, 'There is no partial answer to continue.');
    await this.answer(requestId, 'continue');
  }

  /** Streams an answer into a new assistant turn, or (continue) onto the last one. */
  private async answer(requestId: string, mode: 'new' | 'continue'): Promise<TurnView | undefined> {
    const settings = { ...this.deps.settings(), model: this.model.current };
    const start = startAnswer(this.conversation, mode, this.newId, settings.model, this.clock.now());
    const { turnId } = start;
    this.conversation = start.conversation;
    const body = buildRequest(start.history, settings, mode === 'continue' ? { prefill: start.prefix } : {});
    const conversationId = this.conversation.id;
    const run = new ChatRun(this.deps.client(), this.clock, {
      onText: (text) => {
        if (this.conversation.id !== conversationId) return;
        const t = this.conversation.turns.find((x) => x.id === turnId);
        this.conversation = replaceTurn(this.conversation, turnId, { text: (t?.text ?? '') + text }, this.clock.now());
        this.post({ type: 'delta', requestId, text });
        this.saver.schedule(() => this.conversation);
      },
      onRetry: (info) => this.post({ type: 'retryWait', requestId, attempt: info.attempt, maxRetries: info.maxRetries, delayMs: Math.max(0, info.delayMs), until: info.until, reason: info.reason.slice(0, 500) }),
      onUsage: (usage) => this.post({ type: 'usage', requestId, usage }),
    });
    let settle: () => void = () => undefined;
    const finished = new Promise<void>((r) => (settle = r));
    this.active = { requestId, turnId, run, finished };
    this._onDidChangeBusy.fire(true);
    this.post({ type: 'busy', requestId });
    this.post({ type: 'answerStart', requestId, turnId, mode, model: settings.model });
    this.save();
    try {
      const outcome = await run.run(body);
      const end = settleAnswer(this.conversation, requestId, start, settings.model, outcome, this.clock.now());
      this.conversation = end.conversation;
      if (outcome.kind === 'failed' && outcome.errorKind !== 'aborted') this.deps.logger.warn(`Chat request failed (${outcome.errorKind}): ${outcome.message}`);
      this.post(end.message);
      return end.turn;
    } finally {
      this.active = undefined;
      this.save();
      this._onDidChangeBusy.fire(false);
      this.post({ type: 'busy' });
      void this.postHistory();
      settle();
    }
  }

  private rejectIfBusy(requestId: string): boolean {
    if (!this.active) return false;
    this.post({ type: 'error', requestId, kind: 'protocol', message: 'An answer is still streaming; stop it first.' });
    return true;
  }

  private fail(requestId: string, message: string): void {
    this.post({ type: 'error', requestId, kind: 'invalid_request', message });
  }

  private stopRequest(requestId: string): void {
    if (this.active?.requestId === requestId) this.active.run.stop();
  }

  private async stopAndWait(): Promise<void> {
    const active = this.active;
    if (!active) return;
    active.run.stop();
    await active.finished;
    await this.saver.idle();
  }

  private async switchTo(id: string): Promise<void> {
    if (id === this.conversation.id) return;
    await this.stopAndWait();
    await this.saver.idle();
    const loaded = await this.deps.store.load(id);
    if (!loaded) {
      this.post({ type: 'notice', level: 'warn', message: 'That conversation no longer exists.' });
      await this.postHistory();
      return;
    }
    this.conversation = settleStreaming(loaded);
    await this.postState('state');
  }

  /**
   * The panel listens: send it everything. The first `ready` in this extension host (a window
   * reload, or the first open) reopens the conversation the panel showed (see reopen.ts).
   */
  private async onReady(viewId: string | undefined, loadedMs: number | undefined): Promise<void> {
    this.timing.ready();
    let restoreMs: number | undefined;
    if (!this.restored && this.conversation.turns.length === 0 && !this.active) {
      const start = this.clock.now();
      const found = await reopenConversation(this.deps.store, viewId, await this.deps.lastConversation?.(), this.deps.logger);
      if (found && this.conversation.turns.length === 0 && !this.active) this.conversation = found.conversation;
      this.deps.logger.info(found ? `Reopened the conversation shown before (named by ${found.from === 'view' ? "the panel's view state" : 'this workspace'}).` : 'No earlier conversation to reopen: a new chat.');
      restoreMs = this.clock.now() - start;
    }
    this.restored = true;
    this.channel.markReady({ type: 'init', state: await this.snapshot() });
    this.timing.stateSent(loadedMs, restoreMs);
    void this.refreshModels();
  }

  /** Shows or hides the panel's conversation list (the view title's history button). */
  toggleHistoryList(): void {
    this.post({ type: 'toggleHistory' });
  }

  private async rename(id: string, title: string): Promise<void> {
    if (id === this.conversation.id) {
      this.conversation = { ...this.conversation, title };
      if (this.conversation.turns.length > 0) this.save();
      await this.saver.idle();
    } else {
      const c = await this.deps.store.load(id);
      if (c) await this.deps.store.save({ ...c, title });
    }
    await this.postState('state');
  }

  private async remove(id: string): Promise<void> {
    if (id === this.conversation.id) {
      await this.stopAndWait();
      this.conversation = emptyConversation(this.newId(), this.clock.now());
    }
    await this.deps.store.delete(id);
    await this.postState('state');
  }

  /** Resolves when pending saves are written (tests, deactivate). */
  flushSaves(): Promise<void> {
    return this.saver.idle();
  }

  private save(): void {
    this.saver.save(this.conversation);
  }

  private post(message: ToWebview): void {
    this.channel.post(message);
  }

  private async postState(type: 'init' | 'state'): Promise<void> {
    this.post({ type, state: await this.snapshot() });
  }

  /** The state the panel is about to show: its conversation is also the one to reopen in this workspace. */
  private async snapshot(): Promise<PanelState> {
    void Promise.resolve(this.deps.rememberConversation?.(this.conversation.id)).catch(() => undefined);
    const banner = this.deps.banner?.();
    return {
      conversation: conversationView(this.conversation),
      history: await historyRows(this.deps.store, this.conversation, this.deps.logger),
      models: this.model.list,
      model: this.model.current,
      chips: this.chips.views(),
      ...(this.active ? { busyRequestId: this.active.requestId } : {}),
      ...(banner ? { banner } : {}),
    };
  }

  private async postHistory(): Promise<void> {
    await this.saver.idle();
    this.post({ type: 'history', items: await historyRows(this.deps.store, this.conversation, this.deps.logger) });
  }

  private async refreshModels(): Promise<void> {
    if (await this.model.refresh()) this.post({ type: 'models', models: this.model.list, model: this.model.current });
  }

  dispose(): void {
    this.active?.run.stop();
    this.saver.dispose();
    this._onDidChangeBusy.dispose();
  }
}

