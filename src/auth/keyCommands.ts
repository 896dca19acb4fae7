import * as vscode from 'vscode';
import type { KeyStore, KeyInfo } from './keyStore';
import type { Prompter } from '../ui/prompter';
import type { ModelLister } from './keyValidation';
import { validateKey } from './keyValidation';
import type { BaseUrlCheck } from './baseUrlPolicy';

/** Command ids this file registers. */
export type KeyCommandId = 'claudeChat.setApiKey' | 'claudeChat.manageApiKeys' | 'claudeChat.clearApiKeys';
/** globalState entries this file writes. */
export type KeyStateKey = 'claudeChat.envImportDeclined' | 'claudeChat.emulatorNoticeShownFor';

/**
 * Tells the user that requests go to the local emulator: on every switch into emulator mode, but
 * at start-up (`onlyIfNew`) only for an address not announced before. The panel's banner and the
 * status bar keep saying it; the same notification on every window reload did not help.
 */
export async function announceEmulator(globalState: vscode.Memento, prompter: Pick<Prompter, 'info'>, url: string, onlyIfNew: boolean): Promise<void> {
  const key: KeyStateKey = 'claudeChat.emulatorNoticeShownFor';
  if (onlyIfNew && globalState.get<string>(key) === url) return;
  await globalState.update(key, url);
  void prompter.info(`Claude Chat: no API key is stored, so requests go to the local emulator at ${url} with a placeholder key.`);
}

/** Arguments of `claudeChat.setApiKey` (tests and other commands pass them; the palette passes none). */
export interface SetApiKeyArgs {
  readonly key?: string;
  readonly label?: string;
}

/** Arguments of `claudeChat.manageApiKeys` to act without the quick pick. */
export interface ManageApiKeysArgs {
  readonly action: 'add' | 'activate' | 'rename' | 'remove';
  /** Id or label of the key to act on (not for `add`). */
  readonly key?: string;
  /** New label (`rename`) or label of the new key (`add`). */
  readonly label?: string;
  /** Value of the new key (`add`). */
  readonly value?: string;
}

/** Arguments of `claudeChat.clearApiKeys`; `confirmed` skips the modal (tests, scripted use). */
export interface ClearApiKeysArgs {
  readonly confirmed?: boolean;
}

/** What every key command resolves to, so callers (and tests) see the outcome without reading the UI. */
export type KeyCommandResult =
  | { readonly ok: true; readonly id?: string; readonly label?: string }
  | { readonly ok: false; readonly reason: string };

/** Everything the key commands need, injected by the composition root. */
export interface KeyCommandDeps {
  readonly store: KeyStore;
  readonly prompter: Prompter;
  readonly baseUrl: () => BaseUrlCheck;
  /** A client holding only the candidate key. */
  readonly probe: (key: string, label: string) => ModelLister;
  readonly globalState: vscode.Memento;
  readonly log: { info(message: string): void; warn(message: string): void };
  /** Scrubs keys from text shown to the user (defence in depth: API messages are not ours). */
  readonly redact: (text: string) => string;
  /** One line of a key's usage (requests, tokens, cost, 429s/401s, last used), if it was used. */
  readonly usageOf?: (keyId: string, now: number) => string | undefined;
}

/** Palette and menus may pass unrelated arguments (a Uri…): only plain objects are taken as args. */
function asArgs<T extends object>(value: unknown): T | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype
    ? (value as T)
    : undefined;
}

const cancelled: KeyCommandResult = { ok: false, reason: 'cancelled' };

/** Set API Key: input box (password), validation against GET /v1/models under a progress notification, then save. */
export async function setApiKey(deps: KeyCommandDeps, args: SetApiKeyArgs = {}): Promise<KeyCommandResult> {
  const { prompter, store } = deps;
  const check = deps.baseUrl();
  if (check.problem) {
    void prompter.error(`Claude Chat: ${check.problem}`);
    return { ok: false, reason: check.problem };
  }
  const key =
    args.key ??
    (await prompter.inputBox({
      title: 'Claude: Set API Key',
      prompt: "Paste an Anthropic API key. It is kept in VS Code's secret storage, never in settings.",
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'The key cannot be empty.'),
    }));
  if (!key?.trim()) return cancelled;
  const label =
    args.label ??
    (args.key !== undefined
      ? undefined
      : await prompter.inputBox({
          title: 'Claude: Set API Key',
          prompt: 'A label to recognise this key by (shown instead of the key).',
          value: store.list().length ? `Key ${store.list().length + 1}` : 'Default',
          ignoreFocusOut: true,
        }));
  if (label === undefined && args.key === undefined) return cancelled;
  const name = label?.trim() || (store.list().length ? `Key ${store.list().length + 1}` : 'Default');

  const result = await prompter.withProgress(`Claude Chat: checking key "${name}" with ${check.url}…`, (token) =>
    validateKey(deps.probe(key.trim(), name), key.trim(), token),
  );
  if (!result.ok && result.rejected) {
    const message = `Claude Chat: the API rejected key "${name}": ${result.reason}. It was not saved.`;
    deps.log.warn(message);
    void prompter.error(deps.redact(message));
    return { ok: false, reason: result.reason };
  }
  if (!result.ok) {
    // Not a verdict on the key (offline, proxy, 5xx): let someone at the keyboard keep it anyway.
    const message = deps.redact(`Claude Chat: could not check key "${name}": ${result.reason}.`);
    deps.log.warn(message);
    if (args.key !== undefined) {
      void prompter.error(`${message} It was not saved.`);
      return { ok: false, reason: result.reason };
    }
    if ((await prompter.error(`${message} Save it without checking?`, 'Save Anyway')) !== 'Save Anyway') return { ok: false, reason: result.reason };
  }
  const info = await store.add(name, key);
  deps.log.info(`Key "${info.label}" saved and made active${result.ok ? ` (${result.models} models available)` : ' without validation'}.`);
  void prompter.info(`Claude Chat: key "${info.label}" saved and active.`);
  return { ok: true, id: info.id, label: info.label };
}

function describe(k: KeyInfo, now: number): string {
  if (k.bad) return `$(error) rejected (${k.bad.status}): ${k.bad.reason}`;
  if (k.rateLimitedUntil && k.rateLimitedUntil > now) return `$(watch) rate limited for ${Math.ceil((k.rateLimitedUntil - now) / 1000)}s`;
  return k.active ? 'in use' : '';
}

async function actOn(deps: KeyCommandDeps, args: ManageApiKeysArgs): Promise<KeyCommandResult> {
  const { store } = deps;
  if (args.action === 'add') return setApiKey(deps, { key: args.value, label: args.label });
  const target = args.key ? store.find(args.key) : undefined;
  if (!target) return { ok: false, reason: `No key "${args.key ?? ''}".` };
  try {
    switch (args.action) {
      case 'activate':
        await store.setActive(target.id);
        break;
      case 'rename':
        await store.rename(target.id, args.label ?? '');
        break;
      case 'remove':
        await store.remove(target.id);
        break;
    }
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
  deps.log.info(`Key "${target.label}": ${args.action}.`);
  return { ok: true, id: target.id, label: store.find(target.id)?.label ?? target.label };
}

type KeyItem = vscode.QuickPickItem & { readonly keyId?: string; readonly command?: 'add' | 'clear' };
type ActionItem = vscode.QuickPickItem & { readonly action: ManageApiKeysArgs['action'] };

/** Manage API Keys: every key with its state; add, rename, make active, remove, clear. */
export async function manageApiKeys(deps: KeyCommandDeps, args?: ManageApiKeysArgs): Promise<KeyCommandResult> {
  if (args?.action) return actOn(deps, args);
  const { prompter, store } = deps;
  const now = Date.now();
  const items: KeyItem[] = store.list().map((k) => ({
    label: `${k.active ? '$(check) ' : '$(key) '}${k.label}`,
    description: [k.hint, k.active ? 'active' : ''].filter(Boolean).join(' · '),
    detail: [describe(k, now), deps.usageOf?.(k.id, now)].filter(Boolean).join(' · ') || undefined,
    keyId: k.id,
  }));
  items.push(
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(add) Add key…', command: 'add' },
    { label: '$(trash) Clear all keys…', command: 'clear' },
  );
  const picked = await prompter.quickPick(items, { title: 'Claude: Manage API Keys', placeHolder: 'Pick a key to change it, or add one' });
  if (!picked) return cancelled;
  if (picked.command === 'add') return setApiKey(deps);
  if (picked.command === 'clear') return clearApiKeys(deps);
  const key = picked.keyId ? store.find(picked.keyId) : undefined;
  if (!key) return cancelled;
  const actions: ActionItem[] = [
    { label: '$(check) Make active', action: 'activate', description: key.bad ? 'clears the "rejected" mark' : undefined },
    { label: '$(edit) Rename…', action: 'rename' },
    { label: '$(trash) Remove', action: 'remove' },
  ];
  const action = await prompter.quickPick(actions, { title: `Key "${key.label}"` });
  if (!action) return cancelled;
  if (action.action === 'rename') {
    const label = await prompter.inputBox({
      title: `Rename key "${key.label}"`,
      value: key.label,
      validateInput: (v) => (v.trim() ? undefined : 'The label cannot be empty.'),
    });
    if (label === undefined) return cancelled;
    return actOn(deps, { action: 'rename', key: key.id, label });
  }
  if (action.action === 'remove' && !(await prompter.confirm(`Remove key "${key.label}"?`, 'It is deleted from secret storage.', 'Remove'))) {
    return cancelled;
  }
  return actOn(deps, { action: action.action, key: key.id });
}

/** Clear All Keys, after a modal confirmation. */
export async function clearApiKeys(deps: KeyCommandDeps, args: ClearApiKeysArgs = {}): Promise<KeyCommandResult> {
  const count = deps.store.list().length;
  if (!count) {
    void deps.prompter.info('Claude Chat: no API keys are stored.');
    return { ok: true };
  }
  const confirmed =
    args.confirmed === true ||
    (await deps.prompter.confirm(
      `Remove all ${count} Claude API key${count === 1 ? '' : 's'}?`,
      "They are deleted from VS Code's secret storage. You can add keys again with Claude: Set API Key.",
      'Clear All Keys',
    ));
  if (!confirmed) return cancelled;
  await deps.store.clear();
  deps.log.info(`Cleared ${count} key(s).`);
  return { ok: true };
}

/**
 * If no key is stored and ANTHROPIC_API_KEY is set, offer a one-click import (never used silently).
 * Resolves to the import result, or undefined when nothing was offered or the user declined.
 */
export async function offerEnvImport(deps: KeyCommandDeps, env: NodeJS.ProcessEnv): Promise<KeyCommandResult | undefined> {
  const value = env.ANTHROPIC_API_KEY?.trim();
  const declinedKey: KeyStateKey = 'claudeChat.envImportDeclined';
  if (!value || deps.store.hasKeys || deps.globalState.get<boolean>(declinedKey)) return undefined;
  const choice = await deps.prompter.info(
    'Claude Chat: ANTHROPIC_API_KEY is set in your environment. Import it into secret storage to use it?',
    'Import',
    "Don't Ask Again",
  );
  if (choice === "Don't Ask Again") await deps.globalState.update(declinedKey, true);
  if (choice !== 'Import') return undefined;
  return setApiKey(deps, { key: value, label: 'ANTHROPIC_API_KEY' });
}

/** Tells the user, by label, that the API rejected a key. */
export function announceBadKeys(deps: KeyCommandDeps, onManage: () => void): vscode.Disposable {
  return deps.store.onDidMarkBad((e) => {
    const message = deps.redact(`Claude Chat: the API rejected key "${e.label}" (${e.status}): ${e.reason}. It is marked bad and skipped.`);
    deps.log.warn(message);
    void deps.prompter.warn(message, 'Manage Keys').then((choice) => {
      if (choice === 'Manage Keys') onManage();
    });
  });
}

/** Registers the three key commands. */
export function registerKeyCommands(deps: KeyCommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('claudeChat.setApiKey' satisfies KeyCommandId, (args?: unknown) => setApiKey(deps, asArgs<SetApiKeyArgs>(args))),
    vscode.commands.registerCommand('claudeChat.manageApiKeys' satisfies KeyCommandId, (args?: unknown) => manageApiKeys(deps, asArgs<ManageApiKeysArgs>(args))),
    vscode.commands.registerCommand('claudeChat.clearApiKeys' satisfies KeyCommandId, (args?: unknown) => clearApiKeys(deps, asArgs<ClearApiKeysArgs>(args))),
    announceBadKeys(deps, () => void vscode.commands.executeCommand('claudeChat.manageApiKeys' satisfies KeyCommandId)),
  ];
}
