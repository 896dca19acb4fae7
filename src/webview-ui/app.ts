import type { PanelState } from '../shared/chatTypes';
import { assertNever } from '../base/assertNever';
import { parseToWebview } from '../shared/parseToWebview';
import type { RequestBody, ToHost, ToWebview, ToWebviewOf } from '../shared/protocol';
import { Composer } from './composer';
import type { UiClock } from './countdown';
import { h } from './dom';
import { Header } from './header';
import { HistoryList } from './historyList';
import { SendFlow } from './sendFlow';
import type { CodeAction, CodeBlockInfo } from './markdown/index';
import { Transcript } from './transcript';
import type { HostChannel, ViewState } from './vscodeApi';

/**
 * The panel: renders what the host sends and turns user input into protocol messages. The host
 * is the source of truth for the conversation; the panel only keeps its view state (draft,
 * scroll, history open) with getState/setState.
 */
export class App {
  private readonly header: Header;
  private readonly history: HistoryList;
  private readonly transcript: Transcript;
  private readonly composer: Composer;
  private readonly sending: SendFlow;
  private readonly status: HTMLElement;
  private viewState: ViewState;
  private busyRequestId: string | undefined;
  private conversationId = '';
  private requestCounter = 0;
  private restoredScroll = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly channel: HostChannel,
    clock: UiClock,
  ) {
    this.viewState = channel.loadState();
    this.header = new Header({ pickModel: (model) => this.request({ type: 'model/pick', model }) });
    this.history = new HistoryList({
      open: (conversationId) => this.request({ type: 'conversation/open', conversationId }),
      rename: (conversationId, title) => this.request({ type: 'conversation/rename', conversationId, title }),
      remove: (conversationId) => this.request({ type: 'conversation/delete', conversationId }),
    });
    this.transcript = new Transcript({
      clock,
      onCodeAction: (action, block) => this.codeAction(action, block),
      onOpenLink: (href) => this.request({ type: 'editor/openLink', href }),
    });
    this.composer = new Composer({
      send: (text, editing) => this.send(text, editing),
      stop: () => this.stop(),
      lastUserText: () => this.transcript.lastUserText(),
      draftChanged: (draft) => {
        this.saveViewState({ draft });
        this.postDraft();
      },
    }, clock);
    this.sending = new SendFlow(this.composer, {
      request: (body) => this.request(body),
      sent: () => this.transcript.stickToBottom(),
    });
    this.status = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
    root.replaceChildren(this.header.root, this.history.root, this.transcript.root, this.composer.root, this.status);
    root.addEventListener('click', (e) => this.onClick(e));
    // Escape stops from anywhere in the panel (the composer handles its own first).
    window.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if (this.composer.warning.visible) {
        e.preventDefault();
        this.sending.cancel();
      } else if (this.busyRequestId) {
        e.preventDefault();
        this.stop();
      } else if (this.history.visible) {
        e.preventDefault();
        this.setHistoryOpen(false);
      }
    });
    this.transcript.onScroll((scrollTop) => this.saveViewState({ scrollTop }));
    // VS Code focuses the page when the view is focused (opened, or Claude: Ask...): the input takes it.
    window.addEventListener('focus', () => {
      if (document.activeElement === document.body || document.activeElement === null) this.composer.focus();
    });
    this.composer.setDraft(this.viewState.draft);
    this.setHistoryOpen(this.viewState.historyOpen);
    this.composer.setBusy(false);
    // Rendered: the e2e harness waits for this before talking to the panel.
    document.body.dataset.ready = 'true';
  }

  /**
   * Tells the host the panel listens; it replies with the full state. The conversation this view showed
   * before a reload goes with it, and how long the page took to load (for the host's log).
   */
  start(loadedMs?: number): void {
    const conversationId = this.viewState.conversationId;
    this.request({ type: 'panel/ready', ...(conversationId ? { conversationId } : {}), ...(loadedMs !== undefined ? { loadedMs: Math.round(loadedMs) } : {}) });
  }

  /** Entry point for every message from the host. */
  receive(raw: unknown): void {
    const parsed = parseToWebview(raw);
    if (!parsed.ok) {
      this.post({ type: 'panel/log', level: 'warn', message: `panel ignored a host message: ${parsed.error}` });
      return;
    }
    this.handle(parsed.message);
  }

  private handle(m: ToWebview): void {
    // A reply may say why its request did less than asked (nothing to attach, a link refused).
    if ('notice' in m && m.notice) this.notify(m.notice.message, m.notice.level);
    switch (m.type) {
      case 'panel/ready':
        this.applyState(m.state, true, m.draft);
        return;
      case 'conversation/state':
        this.applyState(m.state, false);
        return;
      case 'conversation/new':
      case 'conversation/open':
      case 'conversation/rename':
      case 'conversation/delete':
        this.applyState(m.state, false);
        return;
      case 'answer/userTurn':
        this.transcript.addUser(m.turn);
        return;
      case 'answer/start':
        this.setBusy(m.requestId);
        this.transcript.beginAnswer(m.turnId, m.mode, m.model);
        return;
      case 'answer/delta':
        if (m.requestId === this.busyRequestId) this.transcript.appendToActive(m.text);
        return;
      case 'answer/retryWait':
        if (m.requestId === this.busyRequestId) this.transcript.showRetry(m.reason, m.attempt, m.maxRetries, m.delayMs);
        return;
      case 'answer/usage':
        if (m.requestId === this.busyRequestId) this.transcript.setUsage(m.usage);
        return;
      case 'answer/ask':
      case 'answer/regenerate':
      case 'answer/editLast':
      case 'answer/continue':
        this.onAnswerEnd(m);
        return;
      case 'budget/check':
        this.sending.onCheck(m);
        return;
      case 'budget/held':
        this.sending.hold(m);
        return;
      case 'budget/reading':
        this.composer.meter.set(m.reading);
        return;
      case 'request/error':
        this.sending.onError(m.requestId);
        this.notify(m.message, 'error');
        if (m.requestId !== undefined && m.requestId === this.busyRequestId) this.setBusy(undefined);
        return;
      case 'history/list':
        this.history.update(m.items, this.conversationId);
        return;
      case 'context/chips':
      case 'context/attachSelection':
      case 'context/attachFile':
      case 'context/removeChip':
        this.composer.setChips(m.chips);
        this.postDraft();
        return;
      case 'model/pick':
      case 'model/list':
        this.header.setModels(m.models, m.model);
        this.postDraft();
        return;
      case 'editor/copy':
      case 'editor/insertCode':
      case 'editor/newFile':
      case 'editor/openLink':
      case 'panel/dismissBanner':
        return;
      case 'panel/notice':
        this.notify(m.message, m.level);
        return;
      case 'panel/toggleHistory':
        this.setHistoryOpen(!this.history.visible);
        return;
      default:
        assertNever(m, 'host message');
    }
  }

  private applyState(state: PanelState, first: boolean, keptDraft?: string): void {
    // The host's copy of the draft is newer than a view state code-server restored from up to a
    // minute back; it is taken only while the input still shows that restored text (not once the
    // user has typed).
    if (first && keptDraft !== undefined && !this.restoredScroll && this.composer.input.value === this.viewState.draft && keptDraft !== this.viewState.draft) {
      this.composer.setDraft(keptDraft);
      this.saveViewState({ draft: keptDraft });
    }
    this.conversationId = state.conversation.id;
    if (this.viewState.conversationId !== state.conversation.id) this.saveViewState({ conversationId: state.conversation.id });
    this.header.setModels(state.models, state.model);
    this.header.setBanner(state.banner);
    this.history.update(state.history, state.conversation.id);
    this.composer.setChips(state.chips);
    this.transcript.setConversation(state.conversation.id, state.conversation.turns);
    this.setBusy(state.busyRequestId);
    this.postDraft();
    if (first && !this.restoredScroll) {
      this.restoredScroll = true;
      // On a window reload VS Code may persist an older setState than the last one (seen in
      // code-server): a prompt already sent would come back as the draft. The host knows better.
      const lastUser = [...state.conversation.turns].reverse().find((t) => t.role === 'user');
      if (lastUser && this.viewState.draft === lastUser.text) {
        this.composer.setDraft('');
        this.saveViewState({ draft: '' });
      }
      this.transcript.restoreScroll(this.viewState.scrollTop);
      // Only when the view has focus (the user just opened it): a palette or editor the user went
      // to meanwhile must keep it (a quick input closes when focus leaves it).
      if (document.hasFocus()) this.composer.focus();
    }
    document.body.dataset.loaded = 'true';
  }

  /** The reply to an answer request: its turn settles, and the panel is no longer busy. */
  private onAnswerEnd(m: ToWebviewOf<'answer/ask' | 'answer/regenerate' | 'answer/editLast' | 'answer/continue'>): void {
    const { turn } = m;
    this.transcript.settle(turn);
    if (m.requestId === this.busyRequestId) this.setBusy(undefined);
    // The conversation grew: the meter counts the next send again.
    this.postDraft();
    this.announce(turn.status === 'complete' ? 'Answer complete.' : turn.status === 'stopped' ? 'Stopped.' : `Error: ${turn.errorMessage ?? 'the answer failed'}`);
  }

  private setBusy(requestId: string | undefined): void {
    this.busyRequestId = requestId;
    this.composer.setBusy(requestId !== undefined);
    this.transcript.setBusy(requestId !== undefined);
  }

  private nextRequestId(): string {
    this.requestCounter += 1;
    return `r${Date.now().toString(36)}-${this.requestCounter}`;
  }

  private send(text: string, editing: boolean): void {
    this.sending.start(text, editing);
  }

  /** Tells the host what the next send would carry, for the meter (it debounces and caches). */
  private postDraft(): void {
    this.post({ type: 'composer/draft', text: this.composer.input.value, chipIds: this.composer.isEditing ? [] : this.composer.chipIds(), editing: this.composer.isEditing });
  }

  private stop(): void {
    if (this.busyRequestId) this.post({ type: 'answer/stop', answerId: this.busyRequestId });
  }

  private codeAction(action: CodeAction, block: CodeBlockInfo): void {
    const language = block.language ? { language: block.language.slice(0, 64).replace(/[^A-Za-z0-9_+#.-]/g, '') } : {};
    if (action === 'copy') this.request({ type: 'editor/copy', text: block.code });
    else if (action === 'insert') this.request({ type: 'editor/insertCode', code: block.code, ...language });
    else this.request({ type: 'editor/newFile', code: block.code, ...language });
  }

  private onClick(e: MouseEvent): void {
    const el = e.target instanceof Element ? e.target.closest<HTMLElement>('[data-ui]') : null;
    if (!el || !this.root.contains(el)) return;
    const action = el.dataset.ui;
    if (this.sending.action(action, el)) return;
    switch (action) {
      case 'send':
        this.composer.submit();
        return;
      case 'stop':
        this.stop();
        return;
      case 'jump-latest':
        this.transcript.stickToBottom();
        this.composer.focus();
        return;
      case 'retry-now':
        if (this.busyRequestId) this.post({ type: 'answer/retryNow', answerId: this.busyRequestId });
        return;
      case 'regenerate':
      case 'continue':
        this.request({ type: action === 'regenerate' ? 'answer/regenerate' : 'answer/continue' });
        return;
      case 'copy-answer': {
        const text = this.transcript.textOf(el.dataset.turn ?? '');
        if (text) this.request({ type: 'editor/copy', text });
        return;
      }
      case 'edit-last': {
        const last = this.transcript.lastUserText();
        if (last !== undefined) this.composer.startEdit(last);
        return;
      }
      case 'dismiss-banner':
        this.header.setBanner(undefined);
        this.request({ type: 'panel/dismissBanner' });
        this.composer.focus();
        return;
      case 'attach-selection':
        this.request({ type: 'context/attachSelection' });
        return;
      case 'attach-file':
        this.request({ type: 'context/attachFile' });
        return;
      case 'remove-chip':
        if (el.dataset.chip) this.request({ type: 'context/removeChip', chipId: el.dataset.chip });
        return;
    }
  }

  private setHistoryOpen(open: boolean): void {
    this.history.setVisible(open);
    this.saveViewState({ historyOpen: open });
    if (open) this.history.focus();
  }

  private saveViewState(patch: Partial<ViewState>): void {
    this.viewState = { ...this.viewState, ...patch };
    this.channel.saveState(this.viewState);
  }

  /** Short feedback ("Copied to the clipboard."): a transient line in the composer's tool row, never over the transcript. */
  private notify(message: string, level: 'info' | 'warn' | 'error'): void {
    this.composer.showStatus(message, level);
    this.announce(message);
  }

  private announce(text: string): void {
    this.status.textContent = text;
  }

  private post(message: ToHost): void {
    this.channel.post(message);
  }

  /** Sends a request under a new id; the host replies to it exactly once. Returns the id. */
  private request(body: RequestBody): string {
    const requestId = this.nextRequestId();
    this.post({ ...body, requestId } as ToHost);
    return requestId;
  }
}
