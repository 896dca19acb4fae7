import type { PanelState } from '../shared/chatTypes';
import { assertNever } from '../base/assertNever';
import { parseToWebview } from '../shared/parseToWebview';
import type { ToHost, ToWebview } from '../shared/protocol';
import { Composer } from './composer';
import type { UiClock } from './countdown';
import { h } from './dom';
import { Header } from './header';
import { HistoryList } from './historyList';
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
    this.header = new Header({ pickModel: (model) => this.post({ type: 'pickModel', model }) });
    this.history = new HistoryList({
      open: (conversationId) => this.post({ type: 'switchConversation', conversationId }),
      rename: (conversationId, title) => this.post({ type: 'renameConversation', conversationId, title }),
      remove: (conversationId) => this.post({ type: 'deleteConversation', conversationId }),
    });
    this.transcript = new Transcript({
      clock,
      onCodeAction: (action, block) => this.codeAction(action, block),
      onOpenLink: (href) => this.post({ type: 'openLink', href }),
    });
    this.composer = new Composer({
      send: (text, editing) => this.send(text, editing),
      stop: () => this.stop(),
      lastUserText: () => this.transcript.lastUserText(),
      draftChanged: (draft) => this.saveViewState({ draft }),
    }, clock);
    this.status = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
    root.replaceChildren(this.header.root, this.history.root, this.transcript.root, this.composer.root, this.status);
    root.addEventListener('click', (e) => this.onClick(e));
    // Escape stops from anywhere in the panel (the composer handles its own first).
    window.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if (this.busyRequestId) {
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
   * Tells the host the panel listens; it answers with `init`. The conversation this view showed
   * before a reload goes with it, and how long the page took to load (for the host's log).
   */
  start(loadedMs?: number): void {
    const conversationId = this.viewState.conversationId;
    this.post({ type: 'ready', ...(conversationId ? { conversationId } : {}), ...(loadedMs !== undefined ? { loadedMs: Math.round(loadedMs) } : {}) });
  }

  /** Entry point for every message from the host. */
  receive(raw: unknown): void {
    const parsed = parseToWebview(raw);
    if (!parsed.ok) {
      this.post({ type: 'log', level: 'warn', message: `panel ignored a host message: ${parsed.error}` });
      return;
    }
    this.handle(parsed.message);
  }

  private handle(m: ToWebview): void {
    switch (m.type) {
      case 'init':
      case 'state':
        this.applyState(m.state, m.type === 'init');
        return;
      case 'userMessage':
        this.transcript.addUser(m.turn);
        return;
      case 'answerStart':
        this.setBusy(m.requestId);
        this.transcript.beginAnswer(m.turnId, m.mode, m.model);
        return;
      case 'delta':
        if (m.requestId === this.busyRequestId) this.transcript.appendToActive(m.text);
        return;
      case 'retryWait':
        if (m.requestId === this.busyRequestId) this.transcript.showRetry(m.reason, m.attempt, m.maxRetries, m.delayMs);
        return;
      case 'usage':
        if (m.requestId === this.busyRequestId) this.transcript.setUsage(m.usage);
        return;
      case 'done':
        this.transcript.finish(m.turn);
        this.announce('Answer complete.');
        return;
      case 'error':
        this.onError(m);
        return;
      case 'history':
        this.history.update(m.items, this.conversationId);
        return;
      case 'chips':
        this.composer.setChips(m.chips);
        return;
      case 'busy':
        this.setBusy(m.requestId);
        return;
      case 'models':
        this.header.setModels(m.models, m.model);
        return;
      case 'notice':
        this.notify(m.message, m.level);
        return;
      case 'toggleHistory':
        this.setHistoryOpen(!this.history.visible);
        return;
      default:
        assertNever(m, 'host message');
    }
  }

  private applyState(state: PanelState, first: boolean): void {
    this.conversationId = state.conversation.id;
    if (this.viewState.conversationId !== state.conversation.id) this.saveViewState({ conversationId: state.conversation.id });
    this.header.setModels(state.models, state.model);
    this.header.setBanner(state.banner);
    this.history.update(state.history, state.conversation.id);
    this.composer.setChips(state.chips);
    this.transcript.setConversation(state.conversation.id, state.conversation.turns);
    this.setBusy(state.busyRequestId);
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

  private onError(m: Extract<ToWebview, { type: 'error' }>): void {
    if (m.turnId) {
      this.transcript.fail(m.turnId, m.kind === 'aborted' ? 'stopped' : m.partial ? 'partial' : 'error', m.message);
      this.announce(m.kind === 'aborted' ? 'Stopped.' : `Error: ${m.message}`);
    } else {
      this.notify(m.message, 'error');
    }
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
    const requestId = this.nextRequestId();
    if (editing) this.post({ type: 'editLast', requestId, text });
    else this.post({ type: 'send', requestId, text, chipIds: this.composer.chipIds() });
    this.transcript.stickToBottom();
  }

  private stop(): void {
    if (this.busyRequestId) this.post({ type: 'stop', requestId: this.busyRequestId });
  }

  private codeAction(action: CodeAction, block: CodeBlockInfo): void {
    const language = block.language ? { language: block.language.slice(0, 64).replace(/[^A-Za-z0-9_+#.-]/g, '') } : {};
    if (action === 'copy') this.post({ type: 'copy', text: block.code });
    else if (action === 'insert') this.post({ type: 'insertCode', code: block.code, ...language });
    else this.post({ type: 'newFile', code: block.code, ...language });
  }

  private onClick(e: MouseEvent): void {
    const el = e.target instanceof Element ? e.target.closest<HTMLElement>('[data-ui]') : null;
    if (!el || !this.root.contains(el)) return;
    const action = el.dataset.ui;
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
        if (this.busyRequestId) this.post({ type: 'retryNow', requestId: this.busyRequestId });
        return;
      case 'regenerate':
      case 'continue':
        this.post({ type: action, requestId: this.nextRequestId() });
        return;
      case 'copy-answer': {
        const text = this.transcript.textOf(el.dataset.turn ?? '');
        if (text) this.post({ type: 'copy', text });
        return;
      }
      case 'edit-last': {
        const last = this.transcript.lastUserText();
        if (last !== undefined) this.composer.startEdit(last);
        return;
      }
      case 'dismiss-banner':
        this.header.setBanner(undefined);
        this.post({ type: 'dismissBanner' });
        this.composer.focus();
        return;
      case 'attach-selection':
        this.post({ type: 'attachSelection' });
        return;
      case 'attach-file':
        this.post({ type: 'attachFile' });
        return;
      case 'remove-chip':
        if (el.dataset.chip) this.post({ type: 'removeChip', chipId: el.dataset.chip });
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
}
