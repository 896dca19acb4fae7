/**
 * The dashboard page: a toolbar (range, export, reset), the headline figures, and one section per
 * chart. It draws what the host sends and sends back only what the user asked for.
 */
import type { DashboardData, DashboardRange, FromDashboard, ToDashboard } from '../shared/dashboardProtocol';
import { DASHBOARD_RANGES } from '../shared/dashboardProtocol';
import { h, textButton } from '../webview-ui/dom';
import { chartModels } from './chartModels';
import { ChartView } from './chartView';
import { ms, pct, rate, tokens, usd } from './chartFormat';
import type { ChartTheme } from './theme';

const RANGE_NAMES: Record<DashboardRange, string> = { '1h': 'Last hour', '24h': 'Last 24 hours', '7d': 'Last 7 days' };

/** The page. `post` sends to the host; `theme` reads the current colours. */
export class DashboardView {
  private readonly charts = new Map<string, ChartView>();
  private readonly chartsHost = h('div', { class: 'charts' });
  private readonly figures = h('dl', { class: 'figures', 'aria-label': 'Summary' });
  private readonly status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  private readonly stored = h('p', { class: 'stored' });
  private readonly rangeButtons = new Map<DashboardRange, HTMLButtonElement>();
  private data: DashboardData | undefined;
  private theme: ChartTheme;
  /** Measured on the first frame and on resize: reading it each frame forces a layout. */
  private width: number | undefined;
  /** Frames drawn (the bench and tests read it). */
  frames = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly post: (m: FromDashboard) => void,
    private readonly readTheme: () => ChartTheme,
  ) {
    this.theme = readTheme();
    const ranges = h('div', { class: 'ranges', role: 'group', 'aria-label': 'Time range' });
    for (const r of DASHBOARD_RANGES) {
      const b = textButton(RANGE_NAMES[r], `range-${r}`, undefined, { 'aria-pressed': 'false' });
      b.addEventListener('click', () => this.post({ type: 'dashboard/range', range: r }));
      this.rangeButtons.set(r, b);
      ranges.append(b);
    }
    const action = (label: string, ui: string, icon: string, m: FromDashboard): HTMLButtonElement => {
      const b = textButton(label, ui, icon);
      b.addEventListener('click', () => this.post(m));
      return b;
    };
    const toolbar = h(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': 'Dashboard actions' },
      ranges,
      h('span', { class: 'spacer' }),
      action('Export JSON', 'export-json', 'json', { type: 'dashboard/export', format: 'json' }),
      action('Export CSV', 'export-csv', 'table', { type: 'dashboard/export', format: 'csv' }),
      action('Reset…', 'reset', 'trash', { type: 'dashboard/reset' }),
    );
    root.replaceChildren(h('h1', {}, 'Claude API metrics'), toolbar, this.status, this.figures, this.chartsHost, this.stored);
  }

  /** Handles a message from the host (checked: it may come from an older build). */
  receive(raw: unknown): void {
    if (typeof raw !== 'object' || raw === null) return;
    const m = raw as ToDashboard;
    if (m.type === 'dashboard/data' && typeof m.data === 'object' && m.data !== null) this.render(m.data);
    else if (m.type === 'dashboard/notice' && typeof m.text === 'string') this.status.textContent = m.text;
  }

  /** Rebuilds every plot (theme change or resize). */
  redraw(): void {
    this.theme = this.readTheme();
    this.width = this.chartWidth();
    for (const c of this.charts.values()) c.redraw(this.theme, this.width);
  }

  private chartWidth(): number {
    const w = this.chartsHost.clientWidth || this.root.clientWidth || 800;
    // Two columns when there is room for both.
    return Math.max(280, Math.floor(w >= 1000 ? w / 2 - 24 : w - 16));
  }

  private render(d: DashboardData): void {
    this.data = d;
    this.root.setAttribute('aria-busy', 'false');
    for (const [r, b] of this.rangeButtons) b.setAttribute('aria-pressed', String(r === d.range));
    this.renderFigures(d);
    const width = (this.width ??= this.chartWidth());
    for (const model of chartModels(d)) {
      let view = this.charts.get(model.id);
      if (!view) {
        view = new ChartView(model.id, model.title);
        this.charts.set(model.id, view);
        this.chartsHost.append(view.element);
      }
      view.update(model, this.theme, width);
    }
    this.frames++;
  }

  private renderFigures(d: DashboardData): void {
    const s = d.summary;
    const items: [string, string, string?][] = [
      ['Requests', String(s.requests), `${s.successes} succeeded, ${s.failures} failed, ${s.retries} retries, ${s.rateLimitWaits} rate-limit waits`],
      ['Success rate', pct(s.successRate)],
      ['Latency', `${ms(s.latency.p50)} p50`, `min ${ms(s.latency.min)} · mean ${ms(s.latency.mean)} · p95 ${ms(s.latency.p95)} · p99 ${ms(s.latency.p99)} · max ${ms(s.latency.max)}`],
      ['Time to first token', `${ms(s.ttft.p50)} p50`, `min ${ms(s.ttft.min)} · mean ${ms(s.ttft.mean)} · p95 ${ms(s.ttft.p95)} · max ${ms(s.ttft.max)}`],
      ['Throughput', rate(s.requestsPerSecond), `${rate(s.outputTokensPerSecond)} output tokens${s.generationTokensPerSecond !== null ? ` · ${rate(s.generationTokensPerSecond)} while generating` : ''}`],
      ['Tokens', `${tokens(s.tokens.input)} in · ${tokens(s.tokens.output)} out`, `cache reads ${tokens(s.tokens.cacheRead)} · cache writes ${tokens(s.tokens.cacheWrite)}`],
      ['Cost', usd(s.costUsd), `cache saved ${usd(s.cacheSavingsUsd)}${s.unpricedCalls ? ` · ${s.unpricedCalls} calls of models without a price not included` : ''}`],
      ['Connection reuse', pct(s.reuseRate)],
    ];
    this.figures.replaceChildren(
      ...items.map(([name, value, detail]) =>
        h('div', { class: 'figure', 'data-figure': name }, h('dt', {}, name), h('dd', {}, h('span', { class: 'figure-value' }, value), detail ? h('span', { class: 'figure-detail' }, detail) : undefined)),
      ),
    );
    this.stored.textContent = `${d.minutesStored} minutes stored; minutes older than ${d.retentionDays} days are dropped.`;
  }

  /** The data drawn last (tests). */
  get current(): DashboardData | undefined {
    return this.data;
  }
}
