/**
 * One chart on the page: a uPlot canvas plus its table (a `<details>` the keyboard and screen
 * readers reach, built only while open). New data of the same shape goes through `setData` (no rebuild); a new set of
 * series, a resize or a theme change rebuilds the plot.
 */
import uPlot from 'uplot';
import { h } from '../webview-ui/dom';
import type { ChartModel, SeriesModel } from './chartModels';
import { formatValue } from './chartModels';
import { clockTime } from './chartFormat';
import type { ChartTheme } from './theme';

const HEIGHT = 200;
/** Line dashes by series index in high-contrast themes: solid, dashed, dotted, dash-dot, long dash. */
const DASHES: (number[] | undefined)[] = [undefined, [8, 4], [2, 3], [10, 3, 2, 3], [14, 4]];

function pathOf(style: SeriesModel['style']): uPlot.Series.PathBuilder | undefined {
  if (style === 'bars') return uPlot.paths.bars?.({ size: [0.6, 48] });
  if (style === 'step') return uPlot.paths.stepped?.({ align: 1 });
  return undefined;
}

/** Indices of values with no value on either side (a line cannot show them). */
function isolatedPoints(u: uPlot, seriesIdx: number): number[] {
  const v = u.data[seriesIdx];
  const out: number[] = [];
  for (let i = 0; i < v.length; i++) if (v[i] != null && v[i - 1] == null && v[i + 1] == null) out.push(i);
  return out;
}

/** Indices of values other than 0 and null. */
function nonZeroPoints(u: uPlot, seriesIdx: number): number[] {
  const v = u.data[seriesIdx];
  const out: number[] = [];
  for (let i = 0; i < v.length; i++) if (v[i]) out.push(i);
  return out;
}

function seriesOptions(s: SeriesModel, theme: ChartTheme, index: number): uPlot.Series {
  const color = theme.series[s.color % theme.series.length];
  const width = theme.highContrast ? 2.5 : 1.5;
  return {
    label: s.label,
    stroke: color,
    width,
    // High contrast: each line of a chart has its own dash too (the legend shows it), so no series
    // is told apart by its colour alone.
    dash: theme.highContrast && s.style !== 'bars' ? DASHES[index % DASHES.length] : undefined,
    scale: s.scale ?? 'y',
    fill: s.style === 'bars' ? `${color}99` : undefined,
    paths: s.style === 'points' ? () => null : pathOf(s.style),
    // A line draws its own points, except a step between two empty ones, which has no line to show
    // it; a points series draws its non-zero values. A point per step of a week was most of a frame.
    points: { show: s.style !== 'bars', size: s.style === 'points' ? 6 : 4, fill: color, filter: s.style === 'points' ? nonZeroPoints : isolatedPoints },
    spanGaps: false,
    value: (_u, v) => formatValue('count', v),
  };
}

function options(model: ChartModel, width: number, theme: ChartTheme, marksOf: () => readonly { at: number }[]): uPlot.Options {
  const axis = (format: ChartModel['y'], side: 1 | 3 = 3, scale = 'y'): uPlot.Axis => ({
    scale,
    side,
    stroke: theme.foreground,
    grid: { stroke: theme.grid, width: 1, show: side === 3 },
    ticks: { stroke: theme.grid, width: 1 },
    size: 64,
    values: (_u, splits) => splits.map((v) => formatValue(format, v)),
    ...(format === 'circuit' ? { splits: () => [0, 1, 2] } : {}),
  });
  const xLabels = model.x.labels;
  const withDay = model.x.values.length > 1 && model.x.values[model.x.values.length - 1] - model.x.values[0] > 86_400_000;
  return {
    width,
    height: HEIGHT,
    ms: 1,
    legend: { show: true, live: true },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: model.x.kind === 'time' ? { time: true } : { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] },
      y: { range: (_u, _min, max) => [0, model.y === 'pct' ? 1 : model.y === 'circuit' ? 2.2 : Math.max(1, max * 1.1)] },
      y2: { range: (_u, _min, max) => [0, Math.max(0.01, max * 1.1)] },
    },
    axes: [
      {
        stroke: theme.foreground,
        grid: { stroke: theme.grid, width: 1 },
        ticks: { stroke: theme.grid, width: 1 },
        ...(xLabels
          ? { splits: () => xLabels.map((_, i) => i), values: (_u: uPlot, splits: number[]) => splits.map((i) => xLabels[i] ?? '') }
          : { values: (_u: uPlot, splits: number[]) => splits.map((t) => clockTime(t, withDay)) }),
      },
      axis(model.y),
      ...(model.y2 ? [axis(model.y2, 1, 'y2')] : []),
    ],
    series: [
      { label: model.x.kind === 'time' ? 'Time' : 'Bucket', value: (_u, v) => (v === null ? '—' : xLabels ? (xLabels[v] ?? '') : clockTime(v, true)) },
      ...model.series.map((s, i) => ({ ...seriesOptions(s, theme, i), value: (_u: uPlot, v: number | null) => formatValue(s.scale === 'y2' ? (model.y2 ?? model.y) : model.y, v) })),
    ],
    // Marks are read at each draw, so new marks go through setData like the series.
    hooks: model.marks
      ? {
          draw: [
            (u: uPlot) => {
              const ctx = u.ctx;
              ctx.save();
              ctx.strokeStyle = theme.warn;
              ctx.setLineDash([4, 4]);
              ctx.lineWidth = devicePixelRatio;
              let last = -Infinity;
              for (const m of marksOf()) {
                const x = Math.round(u.valToPos(m.at, 'x', true));
                // Marks closer than 3 px would only fill the plot: draw one of them.
                if (x < u.bbox.left || x > u.bbox.left + u.bbox.width || x - last < 3 * devicePixelRatio) continue;
                last = x;
                ctx.beginPath();
                ctx.moveTo(x, u.bbox.top);
                ctx.lineTo(x, u.bbox.top + u.bbox.height);
                ctx.stroke();
              }
              ctx.restore();
            },
          ],
        }
      : {},
  };
}

function dataOf(model: ChartModel): uPlot.AlignedData {
  return [model.x.values, ...model.series.map((s) => s.values)] as uPlot.AlignedData;
}

/** A chart section: heading, plot, empty note and table. */
export class ChartView {
  readonly element: HTMLElement;
  private plot: uPlot | undefined;
  private shape = '';
  private readonly plotHost: HTMLElement;
  private readonly emptyNote: HTMLElement;
  private readonly tableHost: HTMLElement;
  private readonly details: HTMLDetailsElement;
  private model: ChartModel | undefined;

  constructor(id: string, title: string) {
    const headingId = `chart-${id}-title`;
    this.plotHost = h('div', { class: 'chart-plot', role: 'img', 'data-chart': id });
    this.emptyNote = h('p', { class: 'chart-empty', hidden: true });
    this.tableHost = h('div', { class: 'chart-table' });
    this.details = h('details', {}, h('summary', {}, 'Table'), this.tableHost);
    // The table is built when opened (a week of steps is thousands of cells per chart).
    this.details.addEventListener('toggle', () => {
      if (this.details.open && this.model) this.renderTable(this.model);
      else this.tableHost.replaceChildren();
    });
    this.element = h(
      'section',
      { class: 'chart', 'aria-labelledby': headingId, 'data-chart-section': id },
      h('h2', { id: headingId }, title),
      this.plotHost,
      this.emptyNote,
      this.details,
    );
  }

  /** Draws `model`; `rebuild` forces a new plot (theme change, resize). */
  update(model: ChartModel, theme: ChartTheme, width: number, rebuild = false): void {
    this.model = model;
    this.plotHost.setAttribute('aria-label', model.caption);
    this.emptyNote.textContent = model.empty ?? '';
    this.emptyNote.hidden = !model.empty;
    this.plotHost.classList.toggle('is-empty', Boolean(model.empty));
    const shape = `${model.x.kind}|${model.x.values.length}|${model.series.map((s) => s.label).join('|')}|${model.x.labels?.join('|') ?? ''}|${model.marks ? 'marks' : ''}`;
    if (this.plot && !rebuild && shape === this.shape) this.plot.setData(dataOf(model));
    else {
      this.plot?.destroy();
      this.plotHost.replaceChildren();
      this.shape = shape;
      this.plot = new uPlot(options(model, width, theme, () => this.model?.marks ?? []), dataOf(model), this.plotHost);
    }
    if (this.details.open) this.renderTable(model);
  }

  /** Rebuilds at a new width or theme with the last model. */
  redraw(theme: ChartTheme, width: number): void {
    if (this.model) this.update(this.model, theme, width, true);
  }

  private renderTable(model: ChartModel): void {
    const { head, rows } = model.table();
    const table = h(
      'table',
      {},
      h('caption', {}, model.caption),
      h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...(rows.length ? rows : [['No data in this range.']]).map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
    );
    this.tableHost.replaceChildren(table);
  }
}
