// Metrics dashboard entry point (browser bundle, dist/dashboard.js).
import type { FromDashboard } from '../shared/dashboardProtocol';
import { DashboardView } from './dashboardView';
import { currentTheme, onThemeChange } from './theme';

interface VsCodeApi {
  postMessage(message: FromDashboard): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const root = document.getElementById('dashboard') ?? document.body;
const view = new DashboardView(root, (m) => api.postMessage(m), currentTheme);
// Only the host page posts here; the shape is still checked in receive().
window.addEventListener('message', (event: MessageEvent<unknown>) => view.receive(event.data));
onThemeChange(() => view.redraw());
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
new ResizeObserver(() => {
  if (resizeTimer !== undefined) clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => view.redraw(), 150);
}).observe(root);
api.postMessage({ type: 'dashboard/ready' });
