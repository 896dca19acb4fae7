import * as vscode from 'vscode';
import type { CircuitChange, Clock, RateLimitSnapshot, RequestRecord, RetryInfo } from '../api';
import type { RateLimitState, RateLimitView, Severity } from './rateLimitView';
import { renderRateLimits } from './rateLimitView';

/** The client events the indicator listens to (the AnthropicClient satisfies this). */
export interface RateLimitSource {
  readonly rateLimits: RateLimitSnapshot | undefined;
  onRateLimit(cb: (s: RateLimitSnapshot) => void): { dispose(): void };
  onRetry(cb: (info: RetryInfo) => void): { dispose(): void };
  onCircuitChange(cb: (c: CircuitChange) => void): { dispose(): void };
  onRequest(cb: (r: RequestRecord) => void): { dispose(): void };
}

/** What the indicator needs to know about keys. */
export interface KeyStateSource {
  readonly onDidMarkBad: vscode.Event<{ readonly id: string; readonly label: string; readonly reason: string }>;
  readonly onDidChange: vscode.Event<void>;
  find(idOrLabel: string): { readonly bad?: unknown } | undefined;
}

/** Command run when the item is clicked. */
export const SHOW_RATE_LIMITS_COMMAND = 'claudeChat.showRateLimits';

const BACKGROUND: Record<Severity, vscode.ThemeColor | undefined> = {
  normal: undefined,
  warning: new vscode.ThemeColor('statusBarItem.warningBackground'),
  error: new vscode.ThemeColor('statusBarItem.errorBackground'),
};

/**
 * The rate-limit indicator: hidden until the first response, then `$(pulse) 48/50 req · 38k/40k tok · 12s`,
 * warning colour below 20 % of any limit, error colour during a 429 wait (with a countdown), while a
 * circuit is open, or when the key was rejected. Time comes from the injected clock.
 */
export class RateLimitStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: Array<{ dispose(): void }> = [];
  private state: RateLimitState = { openCircuits: new Map() };
  private badKeyId: string | undefined;
  private tick: unknown;
  private _view: RateLimitView | undefined;
  private _visible = false;

  constructor(
    source: RateLimitSource,
    private readonly keys: KeyStateSource,
    private readonly clock: Clock,
    private readonly emulatorUrl: () => string | undefined,
    /** The model the chat uses (the setting), named in the tooltip. */
    private readonly model: () => string | undefined = () => undefined,
    /** Markdown appended to the tooltip (the per-key usage), read at each render. */
    private readonly tooltipExtra: () => string = () => '',
  ) {
    this.item = vscode.window.createStatusBarItem('claudeChat.rateLimits', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Claude Rate Limits';
    this.item.command = SHOW_RATE_LIMITS_COMMAND;
    this.disposables.push(
      this.item,
      source.onRateLimit((snapshot) => this.update({ snapshot }, true)),
      source.onRetry((retry) => this.update({ retry }, true)),
      source.onCircuitChange((c) => {
        const open = new Map(this.state.openCircuits);
        if (c.state === 'open') open.set(c.key, c.retryAt);
        else open.delete(c.key);
        this.update({ openCircuits: open }, true);
      }),
      source.onRequest((r) => {
        const ok = r.status !== undefined && r.status < 400;
        if (ok) this.badKeyId = undefined;
        this.update(
          {
            lastRequest: { requestId: r.requestId, latencyMs: r.latencyMs, status: r.status, model: r.model, endpoint: `${r.method} ${r.path}` },
            retry: undefined,
            badKey: ok ? undefined : this.state.badKey,
          },
          r.status !== undefined,
        );
      }),
      keys.onDidMarkBad((e) => {
        this.badKeyId = e.id;
        this.update({ badKey: { label: e.label, reason: e.reason } }, true);
      }),
      keys.onDidChange(() => {
        // The rejected key was removed, replaced or re-activated by the user: stop blaming it.
        if (this.badKeyId && !this.keys.find(this.badKeyId)?.bad) {
          this.badKeyId = undefined;
          this.update({ badKey: undefined }, false);
        }
      }),
    );
    if (source.rateLimits) this.update({ snapshot: source.rateLimits }, true);
    else {
      // The extension host gives a new item the text (and visibility) that an earlier item with
      // the same id last showed (the window's own indicator, when a second one is made), so a
      // fresh indicator would show a stale circuit or countdown it never saw: draw our own state
      // at once and stay hidden until our first response.
      this.item.hide();
      this.render();
    }
  }

  /** @internal Current rendering (tests and the detail command read it). */
  get view(): RateLimitView | undefined {
    return this._view;
  }

  /** @internal The gathered state. */
  get current(): RateLimitState {
    return this.state;
  }

  /** True once a response arrived (the item is shown). */
  get visible(): boolean {
    return this._visible;
  }

  /** @internal The real status bar item (tests read text, colour and tooltip from it). */
  get statusBarItem(): vscode.StatusBarItem {
    return this.item;
  }

  /** Re-renders now (e.g. after the emulator mode changed). */
  refresh(): void {
    this.render();
  }

  private update(patch: Partial<RateLimitState>, reveal: boolean): void {
    this.state = { ...this.state, ...patch };
    if (reveal && !this._visible) {
      this._visible = true;
      this.item.show();
    }
    this.render();
  }

  private render(): void {
    if (this.tick !== undefined) {
      this.clock.clearTimeout(this.tick);
      this.tick = undefined;
    }
    const now = this.clock.now();
    const view = renderRateLimits({ ...this.state, emulatorUrl: this.emulatorUrl(), model: this.model() }, now);
    this._view = view;
    this.item.text = view.text;
    this.item.backgroundColor = BACKGROUND[view.severity];
    const md = new vscode.MarkdownString(view.tooltip + this.tooltipExtra(), true);
    md.isTrusted = false;
    this.item.tooltip = md;
    this.item.accessibilityInformation = { label: `Claude rate limits: ${view.text.replace(/\$\([a-z-]+\)\s*/g, '')}`, role: 'button' };
    if (view.countdownTo !== undefined && this._visible) {
      // Re-render exactly when the shown number of seconds changes (the view rounds up).
      this.tick = this.clock.setTimeout(() => this.render(), (view.countdownTo - now) % 1000 || 1000);
    }
  }

  dispose(): void {
    if (this.tick !== undefined) this.clock.clearTimeout(this.tick);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
