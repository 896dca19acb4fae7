// Metrics dashboard entry point (browser bundle, dist/dashboard.js).
import type { DashboardRange, FromDashboard } from '../shared/dashboardProtocol';
import { DashboardView } from './dashboardView';
import { currentTheme, onThemeChange } from './theme';

interface VsCodeApi {
  postMessage(message: FromDashboard): void;
  setState(state: { range: DashboardRange }): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const root = document.getElementById('dashboard') ?? document.body;
const view = new DashboardView(root, (m) => api.postMessage(m), currentTheme);
// The range drawn is saved with the tab: after a window reload the host restores it from there.
let savedRange: DashboardRange | undefined;
// Only the host page posts here; the shape is still checked in receive().
window.addEventListener('message', (event: MessageEvent<unknown>) => {
  view.receive(event.data);
  const range = view.current?.range;
  if (range !== undefined && range !== savedRange) api.setState({ range: (savedRange = range) });
});
onThemeChange(() => view.redraw());
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
let width = root.clientWidth;
// Only a new width rebuilds the plots: the page's height changes with every table opened and with
// the first frame's charts, and each of those rebuilt all nine plots.
new ResizeObserver(() => {
  if (root.clientWidth === width) return;
  width = root.clientWidth;
  if (resizeTimer !== undefined) clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => view.redraw(), 150);
}).observe(root);
api.postMessage({ type: 'dashboard/ready' });
