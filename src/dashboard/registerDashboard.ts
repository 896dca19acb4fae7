import * as path from 'path';
import * as vscode from 'vscode';
import type { AnthropicClient, Clock } from '../api';
import type { Prompter } from '../ui/prompter';
import { DASHBOARD_VIEW_TYPE, MetricsDashboard, SHOW_API_METRICS_COMMAND } from './dashboardPanel';
import type { MetricsFileProblem } from './metricsHistory';
import { MetricsHistory } from './metricsHistory';

/** What the dashboard's wiring needs from the composition root. */
export interface DashboardWiring {
  readonly extensionUri: vscode.Uri;
  readonly globalStorage: vscode.Uri;
  readonly client: AnthropicClient;
  readonly prompter: Prompter;
  readonly clock: Clock;
  readonly log: { warn(message: string): void };
}

/** The dashboard's live parts (the extension's API object hands them to integration tests). */
export interface DashboardServices {
  readonly history: MetricsHistory;
  readonly dashboard: MetricsDashboard;
  /** Resolves once the stored minutes are read. */
  readonly loaded: Promise<void>;
  /** Writes what is left and stops recording (deactivate awaits it). */
  readonly flush: () => Promise<void>;
}

/** Words for a metrics file problem; the file is never lost silently. */
export function problemMessage(p: MetricsFileProblem): string {
  const where = p.movedTo ? ` It was moved to ${p.movedTo}; the dashboard starts empty.` : '';
  switch (p.kind) {
    case 'corrupt':
      return `Claude Chat: the stored API metrics could not be read (${p.reason}).${where}`;
    case 'newer':
      return `Claude Chat: the stored API metrics come from a newer version of the extension (${p.reason}).${where}`;
    case 'unreadable':
      return `Claude Chat: the stored API metrics could not be read (${p.reason}); this window records without them.`;
    case 'unwritable':
      return `Claude Chat: the API metrics could not be saved (${p.reason}); they are kept in memory and saved again later.`;
  }
}

/**
 * Records the client's per-minute series into global storage (`metrics/metrics.json`) and
 * registers `Claude: Show API Metrics`. Costs come from the client's `costOf` option (the one
 * price table, set with the network options when the client is built).
 */
export function registerDashboard(w: DashboardWiring, subs: { add(d: vscode.Disposable): unknown }): DashboardServices {
  const history = new MetricsHistory({
    folder: path.join(w.globalStorage.fsPath, 'metrics'),
    clock: w.clock,
    onProblem: (p) => {
      const text = problemMessage(p);
      w.log.warn(text);
      void w.prompter.warn(text);
    },
  });
  const recording = history.attach(w.client.metrics);
  const loaded = history.load().then(
    () => history.startAutoSave(),
    () => history.startAutoSave(),
  );
  const dashboard = new MetricsDashboard({ extensionUri: w.extensionUri, history, clock: w.clock, prompter: w.prompter });
  // A dashboard tab open at a window reload comes back with its range (`onWebviewPanel:` activates us).
  const serializer = vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
    deserializeWebviewPanel: async (panel, state) => dashboard.restore(panel, state),
  });
  for (const d of [dashboard, recording, serializer, vscode.commands.registerCommand(SHOW_API_METRICS_COMMAND, () => dashboard.show())]) subs.add(d);
  let flushed: Promise<void> | undefined;
  const flush = (): Promise<void> => (flushed ??= loaded.then(() => history.dispose()));
  return { history, dashboard, loaded, flush };
}
