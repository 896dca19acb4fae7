// The metrics dashboard in the real host: what it shows after scripted emulator traffic (429s,
// 529s, a circuit opening) is the client's own tally; it goes idle while hidden; export, a
// confirmed reset, and a corrupt metrics file moved aside and reported.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ClaudeChatApi } from '../../../src/extension';
import type { DashboardServices } from '../../../src/dashboard/registerDashboard';
import { decodeSeries } from '../../../src/api';
import type { Emulator } from '../../emulator/types';
import { ScriptedPrompter, getApi, resetSettings, setSetting, useEmulator, waitFor } from '../support/hostHarness';

const body = { model: 'claude-sonnet-5-5', max_tokens: 32, messages: [{ role: 'user' as const, content: 'hi' }] };
/** A model of its own, so its circuit does not affect other suites. */
const CIRCUIT_MODEL = 'claude-opus-4-1';

describe('metrics dashboard', function () {
  this.timeout(60_000);
  let api: ClaudeChatApi;
  let metrics: DashboardServices;
  let emulator: Emulator;
  let tmp: string;

  before(async () => {
    api = await getApi();
    assert.ok(api.metrics, 'the dashboard was not set up');
    metrics = api.metrics;
    await metrics.loaded;
    emulator = await useEmulator(api);
    await api.keyStore.clear();
    await api.keyStore.add('Dashboard', 'test-key-dashboard');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-dashboard-'));
  });

  after(async () => {
    metrics.dashboard.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api.keyStore.clear();
    await resetSettings();
    await emulator.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('shows the client own figures after traffic with 429s, 529s and a circuit opening', async () => {
    await metrics.history.reset();
    const before = api.client.metrics.snapshot();
    await setSetting(api, 'maxRetries', 0);
    try {
      emulator.script({ status: 429 }, { status: 529 }, {}, {});
      for (let i = 0; i < 4; i++) await api.client.messages.create(body).catch(() => undefined);
      // The breaker judges a failure rate once it holds 20 calls (the default minimumCalls).
      for (let i = 0; i < 30 && api.client.circuitState(CIRCUIT_MODEL) !== 'open'; i++) {
        emulator.script({ status: 529 });
        await api.client.messages.create({ ...body, model: CIRCUIT_MODEL }).catch(() => undefined);
      }
    } finally {
      await setSetting(api, 'maxRetries', 4);
    }
    const panel = (await vscode.commands.executeCommand('claudeChat.showApiMetrics')) as vscode.WebviewPanel;
    assert.strictEqual(panel.viewType, 'claudeChat.apiMetrics');
    await waitFor('the page to receive data', () => metrics.dashboard.posted > 0 && metrics.dashboard.isLive, 30_000);
    // Read together, in one synchronous step: other parts of the host (the chat panel's token meter,
    // the model list) may call the API while the tab opens, and both views must include those calls.
    const d = metrics.dashboard.data();
    const after = api.client.metrics.snapshot();
    assert.deepStrictEqual(metrics.dashboard.lastData?.summary, d.summary, 'the page got the current figures');
    const s = d.summary;
    assert.strictEqual(s.requests, after.requests - before.requests);
    assert.strictEqual(s.failures, after.failures - before.failures);
    assert.strictEqual(s.successes, after.successes - before.successes);
    assert.ok((s.failuresByStatus['429'] ?? 0) >= 1, JSON.stringify(s.failuresByStatus));
    assert.ok((s.failuresByStatus['529'] ?? 0) >= 2, JSON.stringify(s.failuresByStatus));
    assert.ok(s.circuitRejections >= 0);
    assert.ok(d.circuit.some((e) => e.key.includes(CIRCUIT_MODEL) && e.state === 'open'), JSON.stringify(d.circuit));
    assert.ok(s.latency.count > 0 && s.latency.min <= s.latency.mean && s.latency.mean <= s.latency.max);
    assert.ok(d.days.length >= 1 && d.days.some((day) => day.models.some((m) => m.input > 0)));
    assert.ok(s.costUsd > 0, 'calls are priced with the one price table');
  });

  it('goes idle while its tab is hidden and catches up when shown again', async () => {
    metrics.dashboard.show();
    await waitFor('live updates', () => metrics.dashboard.isLive, 15_000);
    const cover = path.join(tmp, 'cover.txt');
    fs.writeFileSync(cover, 'covering the dashboard');
    const doc = await vscode.workspace.openTextDocument(cover);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Active, preview: false });
    await waitFor('the timer to stop', () => !metrics.dashboard.isLive, 15_000);
    const posted = metrics.dashboard.posted;
    await api.client.messages.create(body);
    assert.strictEqual(metrics.dashboard.isLive, false);
    assert.strictEqual(metrics.dashboard.posted, posted, 'nothing is posted to a hidden tab');
    metrics.dashboard.show();
    await waitFor('the catch-up frame', () => metrics.dashboard.posted > posted && metrics.dashboard.isLive, 15_000);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('takes over a tab VS Code restored after a reload, with the range its page saved; one tab only', async () => {
    metrics.dashboard.dispose();
    // What the panel serializer is handed after a window reload: a panel of our type and the page's state.
    const make = (): vscode.WebviewPanel => vscode.window.createWebviewPanel('claudeChat.apiMetrics', 'Claude API Metrics', vscode.ViewColumn.Active, {});
    metrics.dashboard.restore(make(), { range: '7d' });
    assert.strictEqual(metrics.dashboard.currentRange, '7d');
    await waitFor('the restored page to draw the week', () => metrics.dashboard.isLive && metrics.dashboard.lastData?.range === '7d', 30_000);
    const second = make();
    let closed = false;
    second.onDidDispose(() => (closed = true));
    metrics.dashboard.restore(second, { range: '1h' });
    assert.ok(closed, 'a second dashboard tab is closed');
    assert.strictEqual(metrics.dashboard.currentRange, '7d');
    metrics.dashboard.dispose();
    // A state this version does not know keeps the range it has.
    metrics.dashboard.restore(make(), { range: 'forever' });
    assert.strictEqual(metrics.dashboard.currentRange, '7d');
    metrics.dashboard.dispose();
  });

  it('exports every stored minute as CSV and JSON', async () => {
    const csv = vscode.Uri.file(path.join(tmp, 'metrics.csv'));
    const json = vscode.Uri.file(path.join(tmp, 'metrics.json'));
    assert.strictEqual((await metrics.dashboard.exportData('csv', csv))?.fsPath, csv.fsPath);
    assert.strictEqual((await metrics.dashboard.exportData('json', json))?.fsPath, json.fsPath);
    const lines = fs.readFileSync(csv.fsPath, 'utf8').trim().split('\r\n');
    assert.match(lines[0], /^minute_utc,model,requests,/);
    assert.ok(lines.some((l) => l.includes(',claude-sonnet-5-5,')));
    const decoded = decodeSeries(fs.readFileSync(json.fsPath));
    assert.strictEqual(decoded.minutes.length, metrics.history.view.size);
  });

  it('resets only once confirmed', async () => {
    const prompter = new ScriptedPrompter();
    const restore = api.prompter.use(prompter);
    try {
      prompter.confirms.push(false);
      assert.strictEqual(await metrics.dashboard.reset(), false);
      assert.ok(metrics.history.view.size > 0, 'declined: the minutes are kept');
      prompter.confirms.push(true);
      assert.strictEqual(await metrics.dashboard.reset(), true);
      assert.strictEqual(metrics.history.view.size, 0);
      assert.deepStrictEqual(decodeSeries(fs.readFileSync(metrics.history.file)).minutes, []);
      assert.strictEqual(prompter.asked.filter((a) => a.kind === 'confirm').length, 2);
    } finally {
      restore();
    }
  });

  it('moves a corrupt metrics file aside and says so; recording goes on', async () => {
    const prompter = new ScriptedPrompter();
    const restore = api.prompter.use(prompter);
    try {
      fs.writeFileSync(metrics.history.file, '{"schemaVersion":1,"minutes":[{"start":');
      await metrics.history.load();
      const warning = prompter.shown.find((s) => s.level === 'warn');
      assert.ok(warning, 'no warning shown');
      assert.match(warning.text, /stored API metrics could not be read/);
      const aside = fs.readdirSync(path.dirname(metrics.history.file)).filter((f) => f.includes('.corrupt-'));
      assert.ok(aside.length >= 1, 'the damaged file was not kept aside');
      await api.client.messages.create(body);
      await metrics.history.save();
      assert.ok(decodeSeries(fs.readFileSync(metrics.history.file)).minutes.length >= 1, 'a new file is written');
    } finally {
      restore();
    }
  });
});
