// The one host harness of the integration suites: reaches the live services of the extension under
// test (through its activate() result), answers prompts, and points it at an in-process emulator.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ClaudeChatApi } from '../../../src/extension';
import type { Prompter } from '../../../src/ui/prompter';
import type { ClaudeChatSettings } from '../../../src/config/settings';
import { startEmulator } from '../../emulator/server';
import type { Emulator } from '../../emulator/types';

/** Id of the extension under test. */
export const EXTENSION_ID = 'claude-chat-dev.claude-chat';

/** The extension's test API, activating it if needed. */
export async function getApi(): Promise<ClaudeChatApi> {
  const ext = vscode.extensions.getExtension<ClaudeChatApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed in this host`);
  const api = await ext.activate();
  assert.ok(api && api.keyStore, 'activate() did not return the test API');
  // Activation does not wait for SecretStorage; the tests start from the keys as stored.
  await api.keyStore.ready;
  return api;
}

/** Waits for a condition driven by events elsewhere in the host (configuration, secrets); fails after `timeoutMs`. */
export async function waitFor(what: string, cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Writes a VS Code setting outside `claudeChat` (`http.proxy`, ...) and waits until this extension
 * host's configuration holds it. `update()` resolves once the window has written the file; the host
 * learns of it from a later message, and VS Code's proxy resolver reads the same host
 * configuration: a fixed sleep (500 ms) lost that race on a busy CI machine.
 */
export async function setHostSetting(section: string, name: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(name, value, vscode.ConfigurationTarget.Global);
  const want = JSON.stringify(value);
  await waitFor(`${section}.${name} = ${want} in the extension host`, () => JSON.stringify(vscode.workspace.getConfiguration(section).inspect(name)?.globalValue) === want, 15_000);
}

/** Writes a user setting and waits until the extension's Settings service has seen it. */
export async function setSetting<K extends keyof ClaudeChatSettings>(api: ClaudeChatApi, name: K, value: ClaudeChatSettings[K] | undefined | null): Promise<void> {
  await vscode.workspace.getConfiguration('claudeChat').update(name, value ?? undefined, vscode.ConfigurationTarget.Global);
  const expected = value === null ? undefined : value;
  await waitFor(`claudeChat.${name} = ${JSON.stringify(value)}`, () => {
    const current = api.settings.current[name];
    return expected === undefined ? true : current === expected;
  });
}

/** Restores every setting these suites touch. */
export async function resetSettings(): Promise<void> {
  const config = vscode.workspace.getConfiguration('claudeChat');
  for (const name of ['baseUrl', 'apiVersion', 'authHeader', 'temperature', 'maxRetries', 'model', 'fallbackModel', 'timeoutSeconds', 'thinkingBudget', 'maxTokens', 'contextWindow', 'maxCostPerMessage']) {
    await config.update(name, undefined, vscode.ConfigurationTarget.Global);
  }
}

/** One shown notification. */
export interface Shown {
  readonly level: 'info' | 'warn' | 'error';
  readonly text: string;
  readonly actions: readonly string[];
}

/**
 * A scripted UI: queued answers for input boxes, quick picks, confirmations and notifications; every
 * question and message is recorded so a test can assert what the user would have seen.
 */
export class ScriptedPrompter implements Prompter {
  readonly inputs: Array<string | undefined> = [];
  readonly picks: Array<(items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined> = [];
  readonly confirms: boolean[] = [];
  /** Answer for a notification whose text matches. */
  readonly notificationAnswers: Array<{ match: RegExp; answer: string }> = [];
  readonly shown: Shown[] = [];
  readonly asked: Array<{ kind: 'input' | 'pick' | 'confirm' | 'progress' | 'save'; options: unknown; items?: readonly vscode.QuickPickItem[] }> = [];
  /** Answers for save dialogs, in order (undefined: the user cancelled). */
  readonly saveTargets: Array<vscode.Uri | undefined> = [];

  inputBox(options: vscode.InputBoxOptions): Thenable<string | undefined> {
    this.asked.push({ kind: 'input', options });
    return Promise.resolve(this.inputs.shift());
  }
  quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined> {
    this.asked.push({ kind: 'pick', options, items });
    const answer = this.picks.shift();
    return Promise.resolve(answer ? (answer(items) as T | undefined) : undefined);
  }
  confirm(message: string, detail: string, action: string): Thenable<boolean> {
    this.asked.push({ kind: 'confirm', options: { message, detail, action } });
    return Promise.resolve(this.confirms.shift() ?? false);
  }
  info(message: string, ...actions: string[]): Thenable<string | undefined> {
    return this.note('info', message, actions);
  }
  warn(message: string, ...actions: string[]): Thenable<string | undefined> {
    return this.note('warn', message, actions);
  }
  error(message: string, ...actions: string[]): Thenable<string | undefined> {
    return this.note('error', message, actions);
  }
  withProgress<T>(title: string, task: (token: vscode.CancellationToken) => Thenable<T>): Thenable<T> {
    this.asked.push({ kind: 'progress', options: { title } });
    const source = new vscode.CancellationTokenSource();
    return Promise.resolve(task(source.token)).finally(() => source.dispose());
  }

  saveDialog(options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined> {
    this.asked.push({ kind: 'save', options });
    return Promise.resolve(this.saveTargets.shift());
  }

  /** Everything the user saw, as one string (for "never contains the key" checks). */
  transcript(): string {
    return JSON.stringify({ shown: this.shown, asked: this.asked.map((a) => ({ ...a, items: a.items?.map((i) => [i.label, i.description, i.detail]) })) });
  }

  private note(level: Shown['level'], text: string, actions: string[]): Thenable<string | undefined> {
    this.shown.push({ level, text, actions });
    const i = this.notificationAnswers.findIndex((a) => a.match.test(text));
    const answer = i >= 0 ? this.notificationAnswers.splice(i, 1)[0].answer : undefined;
    return Promise.resolve(answer);
  }
}

/** Picks the first item whose label contains `text`. */
export function pickLabel(text: string): (items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined {
  return (items) => items.find((i) => i.label.includes(text));
}

/** Starts an emulator and points claudeChat.baseUrl at it. */
export async function useEmulator(api: ClaudeChatApi): Promise<Emulator> {
  const emulator = await startEmulator();
  await setSetting(api, 'baseUrl', emulator.url);
  return emulator;
}

/** Every file under `dir` (recursively) whose name ends with `.log`. */
export function logFilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...logFilesUnder(full));
    else if (entry.name.endsWith('.log')) out.push(full);
  }
  return out;
}

/** What {@link hostSuite} holds for the tests of one suite (filled in by its `before`). */
export interface HostSuite {
  readonly api: ClaudeChatApi;
  readonly emulator: Emulator;
  /** The scripted UI the extension's commands answer through (fresh per test, or one per suite). */
  readonly prompter: ScriptedPrompter;
}

/** Options of {@link hostSuite}. */
export interface HostSuiteOptions {
  /** Keys stored before the suite runs, as [label, value] (none by default). */
  readonly keys?: ReadonlyArray<readonly [string, string]>;
  /** `test` (default): a fresh prompter and a reset emulator for every test; `suite`: one of each for all. */
  readonly fresh?: 'test' | 'suite';
}

/**
 * The setup every host suite repeats: activate the extension, point it at a new emulator, start
 * from the given keys, answer prompts with a ScriptedPrompter, and afterwards clear the keys, reset
 * the settings and close the emulator. Call it at the top of a `describe`.
 */
export function hostSuite(options: HostSuiteOptions = {}): HostSuite {
  const suite: { api?: ClaudeChatApi; emulator?: Emulator; prompter?: ScriptedPrompter } = {};
  let restore = (): void => undefined;
  const usePrompter = (api: ClaudeChatApi): void => {
    suite.prompter = new ScriptedPrompter();
    restore = api.prompter.use(suite.prompter);
  };
  before(async () => {
    const api = (suite.api = await getApi());
    suite.emulator = await useEmulator(api);
    await api.keyStore.clear();
    for (const [label, value] of options.keys ?? []) await api.keyStore.add(label, value);
    if (options.fresh === 'suite') usePrompter(api);
  });
  if (options.fresh !== 'suite') {
    beforeEach(() => {
      ready(suite.emulator).reset();
      usePrompter(ready(suite.api));
    });
    afterEach(() => restore());
  }
  after(async () => {
    restore();
    await suite.api?.keyStore.clear();
    await resetSettings();
    await suite.emulator?.close();
  });
  return {
    get api() {
      return ready(suite.api);
    },
    get emulator() {
      return ready(suite.emulator);
    },
    get prompter() {
      return ready(suite.prompter);
    },
  };
}

function ready<T>(value: T | undefined): T {
  assert.ok(value !== undefined, 'hostSuite: used before its before() hook ran');
  return value;
}
