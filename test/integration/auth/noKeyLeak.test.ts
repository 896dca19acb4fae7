// A key must never reach the log (channel output and the log file on disk), settings.json, metrics,
// or messages shown to the user — checked after exercising every path that handles a key.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ClaudeChatApi } from '../../../src/extension';
import type { Emulator } from '../../emulator/types';
import { hostSuite, logFilesUnder, waitFor } from '../support/hostHarness';
import type { ScriptedPrompter } from '../support/hostHarness';

// Distinctive, obviously fake values so a leak is unambiguous.
const GOOD = 'test-key-leakcheck-7f3a9c';
const BAD = 'bad-key-leakcheck-51d2e8';
const body = { model: 'claude-sonnet-5-5', max_tokens: 32, messages: [{ role: 'user' as const, content: 'hi' }] };

describe('keys never leak', function () {
  let api: ClaudeChatApi;
  let emulator: Emulator;
  let prompter: ScriptedPrompter;
  const host = hostSuite({ fresh: 'suite' });

  before(async () => {
    ({ api, emulator, prompter } = host);
    // Exercise: a good key, a rejected key, a request that fails with 401, a retried request, a logged error.
    await vscode.commands.executeCommand('claudeChat.setApiKey', { key: GOOD, label: 'Leakcheck' });
    await vscode.commands.executeCommand('claudeChat.setApiKey', { key: BAD, label: 'Rejected' });
    await api.keyStore.add('Sneaky', BAD);
    await api.client.messages.create(body).catch(() => undefined);
    emulator.script({ status: 529 }, {});
    await api.client.messages.create(body).catch(() => undefined);
    // Someone logs a key by mistake (e.g. an error message echoing a header): the logger must scrub it.
    api.logger.warn(`echoed header Authorization: Bearer ${GOOD} and x-api-key: ${BAD}`);
    api.logger.info(`a realistic-looking key sk-ant-api03-${'x'.repeat(24)} in some text`);
  });

  it('did reach the emulator with the keys (the exercise was real)', () => {
    const used = new Set(emulator.requests.map((r) => r.apiKey));
    assert.ok(used.has(GOOD) && used.has(BAD), `keys used: ${[...used].length}`);
  });

  it('the log channel output has the requests but no key', () => {
    const lines = api.logger.recent().join('\n');
    assert.match(lines, /POST \/v1\/messages .*status=/, 'requests are not logged');
    assert.match(lines, /request-id=/);
    assert.match(lines, /model=claude-sonnet-5-5 status=200 .*latency=\d+ms attempts=2 retries=1/, 'the retried request is not logged with its retries');
    assert.match(lines, /\[warn\] retry 1\/\d+ in \d+ms after HTTP 529/, 'the retry wait is not logged');
    for (const secret of [GOOD, BAD, 'sk-ant-api03-']) assert.ok(!lines.includes(secret), `log output contains ${secret.slice(0, 9)}…`);
    assert.match(lines, /\[redacted\]/);
  });

  it('the log file on disk has no key', async () => {
    const logsRoot = path.dirname(api.storage.logUri.fsPath);
    // The channel flushes to disk asynchronously.
    let files: string[] = [];
    await waitFor('the Claude Chat log file', () => {
      files = logFilesUnder(logsRoot).filter((f) => fs.readFileSync(f, 'utf8').includes('Claude Chat activated'));
      return files.length > 0;
    }, 10000);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(!text.includes(GOOD) && !text.includes(BAD), `${path.basename(file)} contains a key`);
    }
  });

  it('settings.json and the settings API hold no key', () => {
    const config = vscode.workspace.getConfiguration('claudeChat');
    assert.ok(!JSON.stringify(config).includes(GOOD));
    // User settings live two levels above the extension's global storage (User/globalStorage/<id>).
    const userSettings = path.join(path.dirname(path.dirname(api.storage.globalStorageUri.fsPath)), 'settings.json');
    if (fs.existsSync(userSettings)) {
      const text = fs.readFileSync(userSettings, 'utf8');
      assert.ok(!text.includes(GOOD) && !text.includes(BAD), 'settings.json contains a key');
    }
    const storageDir = api.storage.globalStorageUri.fsPath;
    for (const file of fs.existsSync(storageDir) ? fs.readdirSync(storageDir) : []) {
      const full = path.join(storageDir, file);
      if (fs.statSync(full).isFile()) assert.ok(!fs.readFileSync(full, 'utf8').includes(GOOD), `${file} contains a key`);
    }
  });

  it('metrics and the status bar hold no key', () => {
    const metrics = JSON.stringify(api.client.metrics.snapshot());
    assert.ok(metrics.length > 2, 'metrics are empty');
    assert.ok(!metrics.includes(GOOD) && !metrics.includes(BAD), 'metrics contain a key');
    const item = api.statusBar.statusBarItem;
    const tooltip = typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value ?? '';
    assert.ok(!`${item.text}${tooltip}`.includes(GOOD));
  });

  it('nothing shown to the user contains a key', () => {
    assert.ok(prompter.shown.length > 0, 'no messages were shown');
    const text = prompter.transcript();
    assert.ok(!text.includes(GOOD) && !text.includes(BAD), 'a key reached a notification');
  });
});
