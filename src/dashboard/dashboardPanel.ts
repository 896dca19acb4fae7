import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { Clock } from '../api';
import { seriesToCsv, encodeSeries } from '../api';
import type { Prompter } from '../ui/prompter';
import type { DashboardData, DashboardRange, ToDashboard } from '../shared/dashboardProtocol';
import { DASHBOARD_RANGES, parseFromDashboard } from '../shared/dashboardProtocol';
import { makeNonce } from '../webview/html';
import { LiveDashboardData } from './dashboardData';
import { dashboardHtml } from './dashboardHtml';
import type { MetricsHistory } from './metricsHistory';

/** The command that opens the dashboard. */
export const SHOW_API_METRICS_COMMAND = 'claudeChat.showApiMetrics';
/** The webview panel's type. */
export const DASHBOARD_VIEW_TYPE = 'claudeChat.apiMetrics';
/** Live updates are checked this often while the tab is visible: at most two frames a second. */
export const FRAME_INTERVAL_MS = 500;

/** The range a restored page saved (`{ range }` from its `setState`), if it is one we offer. */
export function savedRange(state: unknown): DashboardRange | undefined {
  const range = typeof state === 'object' && state !== null ? (state as { range?: unknown }).range : undefined;
  return (DASHBOARD_RANGES as readonly unknown[]).includes(range) ? (range as DashboardRange) : undefined;
}

/** What the dashboard needs. */
export interface DashboardDeps {
  readonly extensionUri: vscode.Uri;
  readonly history: MetricsHistory;
  readonly clock: Clock;
  readonly prompter: Prompter;
}

/**
 * `Claude: Show API Metrics`: one webview panel in an editor tab. While the tab is visible it
 * looks every {@link FRAME_INTERVAL_MS} for minutes the client changed and posts the new figures;
 * while it is hidden the timer is off and nothing is posted or computed.
 */
export class MetricsDashboard implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelSubs: vscode.Disposable[] = [];
  private range: DashboardRange = '24h';
  private sentVersion = -1;
  private ready = false;
  private timer: unknown;
  /** The range's steps between frames: a frame merges only the minutes that changed. */
  private readonly live = new LiveDashboardData();
  /** Data posts to the page (tests check that a hidden tab receives none). */
  posted = 0;
  /** The last data posted (tests read the figures the page was given). */
  lastData: DashboardData | undefined;

  constructor(private readonly deps: DashboardDeps) {}

  /** Opens the tab, or reveals it when open. */
  show(): vscode.WebviewPanel {
    if (this.panel) {
      this.panel.reveal();
      return this.panel;
    }
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'Claude API Metrics', vscode.ViewColumn.Active, this.webviewOptions());
    this.attach(panel);
    return panel;
  }

  /**
   * Takes over a tab VS Code kept across a window reload (the panel serializer), with the range the
   * page saved. A second tab (never made by this class) is closed: the dashboard is one tab.
   */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    if (this.panel) {
      panel.dispose();
      return;
    }
    this.range = savedRange(state) ?? this.range;
    panel.webview.options = this.webviewOptions();
    this.attach(panel);
  }

  /** The range drawn (or drawn next). */
  get currentRange(): DashboardRange {
    return this.range;
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    const root = this.deps.extensionUri;
    return { enableScripts: true, enableCommandUris: false, localResourceRoots: [vscode.Uri.joinPath(root, 'dist'), vscode.Uri.joinPath(root, 'media')] };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'claude.svg');
    const asUri = (...p: string[]): string => panel.webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, ...p)).toString();
    panel.webview.html = dashboardHtml({
      cspSource: panel.webview.cspSource,
      nonce: makeNonce((n) => randomBytes(n)),
      scriptUri: asUri('dist', 'dashboard.js'),
      styleUris: [asUri('dist', 'codicons', 'codicon.css'), asUri('dist', 'uPlot.min.css'), asUri('media', 'dashboard.css')],
    });
    this.panelSubs = [
      panel.webview.onDidReceiveMessage((raw) => void this.onMessage(raw)),
      // Back in view: draw what changed meanwhile at once; hidden: the timer stops.
      panel.onDidChangeViewState((e) => (e.webviewPanel.visible ? this.frame() : this.stopTimer())),
      panel.onDidDispose(() => this.closed()),
    ];
  }

  /** True while the tab is open. */
  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** True while live updates run (the tab is open, visible and its page loaded). */
  get isLive(): boolean {
    return this.timer !== undefined;
  }

  /** Computes the figures of the current range now (what the next frame would post). */
  data(): DashboardData {
    return this.live.data(this.deps.history.view, this.range, this.deps.clock.now());
  }

  dispose(): void {
    this.panel?.dispose();
    this.closed();
  }

  private closed(): void {
    this.stopTimer();
    for (const d of this.panelSubs) d.dispose();
    this.panelSubs = [];
    this.panel = undefined;
    this.ready = false;
    this.sentVersion = -1;
    this.live.reset();
  }

  private async onMessage(raw: unknown): Promise<void> {
    const m = parseFromDashboard(raw);
    if (!m) return;
    switch (m.type) {
      case 'dashboard/ready':
        this.ready = true;
        this.sentVersion = -1;
        return this.frame();
      case 'dashboard/range':
        this.range = m.range;
        this.sentVersion = -1;
        return this.frame();
      case 'dashboard/export':
        await this.exportData(m.format);
        return;
      case 'dashboard/reset':
        await this.reset();
        return;
    }
  }

  /** Posts when the page is visible and something changed; keeps the timer running only then. */
  private frame(): void {
    this.stopTimer();
    const panel = this.panel;
    if (!panel || !this.ready || !panel.visible) return;
    const version = this.deps.history.view.version;
    if (version !== this.sentVersion) {
      this.sentVersion = version;
      this.lastData = this.data();
      this.post({ type: 'dashboard/data', data: this.lastData });
    }
    this.schedule();
  }

  private schedule(): void {
    if (!this.panel?.visible || !this.ready) return this.stopTimer();
    if (this.timer === undefined) this.timer = this.deps.clock.setTimeout(() => this.frame(), FRAME_INTERVAL_MS);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private post(message: ToDashboard): void {
    if (message.type === 'dashboard/data') this.posted++;
    void this.panel?.webview.postMessage(message);
  }

  /** Writes every stored minute as JSON (the file format) or CSV to `target`, or where the user chooses. */
  async exportData(format: 'json' | 'csv', target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const view = this.deps.history.view;
    const day = new Date(this.deps.clock.now()).toISOString().slice(0, 10);
    const uri = target ?? await this.deps.prompter.saveDialog({
      title: 'Export API metrics',
      saveLabel: 'Export',
      defaultUri: vscode.Uri.file(`claude-api-metrics-${day}.${format}`),
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
    });
    if (!uri) return undefined;
    const minutes = view.snapshot();
    const text = format === 'csv' ? seriesToCsv(minutes) : encodeSeries({ savedAt: this.deps.clock.now(), retentionMs: view.retentionMs, minutes });
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    } catch (err) {
      void this.deps.prompter.error(`Could not export the API metrics: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
    this.post({ type: 'dashboard/notice', text: `Exported ${minutes.length} minutes to ${uri.fsPath}.` });
    return uri;
  }

  /** Asks first; then forgets every stored minute (here and in the file). */
  async reset(): Promise<boolean> {
    const ok = await this.deps.prompter.confirm(
      'Reset the API metrics?',
      'Every stored minute of requests, latency, tokens and cost is deleted from this computer. Export first to keep a copy.',
      'Reset',
    );
    if (!ok) return false;
    try {
      await this.deps.history.reset();
    } catch {
      // The file could not be written: MetricsHistory has reported it; the view is empty already.
    }
    this.sentVersion = -1;
    this.frame();
    return true;
  }
}
