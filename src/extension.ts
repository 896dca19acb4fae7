// First: it notes when the bundle began to evaluate (activation time in the log).
import { bundleStartedAt } from './activationClock';
import * as path from 'path';
import * as vscode from 'vscode';
import { systemClock } from './base/clock';
import type { AnthropicClient, Clock } from './api';
import { KeyStore } from './auth/keyStore';
import { KeyGate } from './auth/keyGate';
import { PrompterRef } from './auth/prompter';
import { announceEmulator, offerEnvImport, registerKeyCommands } from './auth/keyCommands';
import type { KeyCommandDeps, KeyCommandResult } from './auth/keyCommands';
import { Settings } from './state/settings';
import { Logger } from './state/logger';
import { ClientFactory } from './state/clientFactory';
import { RateLimitStatusBar, SHOW_RATE_LIMITS_COMMAND } from './statusBar/rateLimitStatusBar';
import { showRateLimits } from './statusBar/showRateLimits';
import { HistoryStore } from './state/historyStore';
import { registerChatView, registerChatViewProvider } from './webview/registerChatView';
import type { ChatController } from './chat/chatController';
import type { ChatClient } from './chat/types';
import { registerCommands } from './commands/registerCommands';
import { registerBatchJobs } from './batchJobs/registerBatchJobs';
import type { BatchJobsApi } from './batchJobs/registerBatchJobs';

/**
 * @internal What activate() returns: the live services, so integration tests in the real host can
 * reach them through `vscode.extensions.getExtension('claude-chat-dev.claude-chat').exports`.
 */
export interface ClaudeChatApi {
  readonly settings: Settings;
  readonly keyStore: KeyStore;
  readonly keyGate: KeyGate;
  readonly logger: Logger;
  readonly client: AnthropicClient;
  readonly statusBar: RateLimitStatusBar;
  /** A second indicator on the same client with its own clock (tests drive countdowns with a fake one); the caller disposes it. */
  readonly createStatusBar: (clock: Clock) => RateLimitStatusBar;
  /** Swap the UI the key and status-bar commands use (`prompter.use(fake)` returns a restore function). */
  readonly prompter: PrompterRef;
  /** True when requests go to a loopback emulator with a placeholder key. */
  readonly isEmulatorMode: () => boolean;
  readonly onDidChangeEmulatorMode: vscode.Event<boolean>;
  /** Offers to import ANTHROPIC_API_KEY from `env` (activation does this with process.env). */
  readonly offerEnvImport: (env: NodeJS.ProcessEnv) => Promise<KeyCommandResult | undefined>;
  /** Where the host keeps this extension's logs and global storage (tests look for leaked keys there). */
  readonly storage: { readonly logUri: vscode.Uri; readonly globalStorageUri: vscode.Uri };
  /** The chat panel's controller (undefined if the panel could not be set up). */
  readonly chat: ChatController | undefined;
  /** Conversation storage (undefined if it could not be set up). */
  readonly history: HistoryStore | undefined;
  /** Batch jobs ("Run Prompt over Files", the "Batch jobs" view; undefined if they could not be set up). */
  readonly batchJobs: BatchJobsApi | undefined;
}

/** When the bundle's modules had all been evaluated (this module's body runs last). */
const bundleEvaluatedAt = performance.now();

/** Runs one wiring step; a missing or broken piece is logged, never allowed to fail activation. */
function attempt(logger: Logger, what: string, step: () => void): void {
  try {
    step();
  } catch (err) {
    logger.error(`Could not set up ${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Work deactivate() must await before the subscriptions are disposed (pending history writes). */
let beforeDispose: (() => Promise<void>) | undefined;

/** Composition root: builds every service and registers its disposables. It wires, it does not decide. */
export async function activate(context: vscode.ExtensionContext): Promise<ClaudeChatApi> {
  const activateStartedAt = performance.now();
  const subs = context.subscriptions;
  // The logger exists before the keys are loaded; it asks this holder for the values to scrub.
  const known: { values: () => string[] } = { values: () => [] };
  const logger = Logger.create(() => known.values());
  subs.push(logger);
  // Before anything slow: VS Code can build the panel's webview while the keys are read.
  const chatView = registerChatViewProvider(context);
  const prompter = new PrompterRef();
  const settings = new Settings({ warn: (m) => void prompter.warn(m), error: (m) => void prompter.error(m) });
  subs.push(settings);
  // Read in the background: the panel need not wait for SecretStorage (keys are awaited where used).
  const store = KeyStore.open(context.secrets);
  known.values = () => store.secretValues();
  const keysStartedAt = performance.now();
  void store.ready.then(() => {
    logger.info(`Stored API keys read in ${Math.round(performance.now() - keysStartedAt)} ms.`);
    if (!store.loadError) return;
    logger.error(`Could not read the stored API keys: ${store.loadError}`);
    void prompter.error(`Claude Chat could not read your stored API keys (${store.loadError}). Check that VS Code's secret storage works on this system.`);
  });
  const keyGate = new KeyGate(store, () => settings.baseUrl);
  const factory = new ClientFactory(settings, keyGate, logger);
  const client = factory.client;
  const emulatorUrl = (): string | undefined => (keyGate.isEmulatorMode ? settings.baseUrl.url : undefined);
  const chatModel = (): string => settings.current.model;
  const statusBar = new RateLimitStatusBar(client, store, systemClock, emulatorUrl, chatModel);
  subs.push(store, keyGate, { dispose: () => client.dispose() }, statusBar);

  const keyDeps: KeyCommandDeps = {
    store,
    prompter,
    baseUrl: () => settings.baseUrl,
    probe: (key, label) => factory.createProbeClient(key, label),
    globalState: context.globalState,
    log: logger,
    redact: (text) => logger.redact(text),
  };
  let chatController: ChatController | undefined;
  // The first switch into emulator mode comes when the stored keys are read, at start-up.
  let started = false;
  void store.ready.then(() => (started = true));
  const onEmulatorMode = (on: boolean): void => {
    if (on) void announceEmulator(context.globalState, prompter, settings.baseUrl.url, !started);
  };
  subs.push(
    ...registerKeyCommands(keyDeps),
    vscode.commands.registerCommand(SHOW_RATE_LIMITS_COMMAND, () =>
      showRateLimits(prompter, { ...statusBar.current, emulatorUrl: emulatorUrl() }, systemClock.now(), store.active?.label, settings.current.model),
    ),
    client.onRequest((r) => logger.logRequest(r)),
    client.onRetry((r) => logger.logRetry(r)),
    client.onCircuitChange((c) => logger.logCircuit(c)),
    settings.onDidChange(() => {
      factory.apply();
      keyGate.refresh();
      statusBar.refresh();
    }),
    store.onDidChange(() => keyGate.refresh()),
    keyGate.onDidChangeEmulatorMode((on) => {
      onEmulatorMode(on);
      chatController?.refreshState();
      statusBar.refresh();
    }),
  );

  let history: HistoryStore | undefined;
  attempt(logger, 'conversation history', () => {
    const conversations = new HistoryStore(path.join(context.globalStorageUri.fsPath, 'conversations'));
    history = conversations;
    subs.push({ dispose: () => conversations.dispose() });
    beforeDispose = () => conversations.flush();
  });
  attempt(logger, 'the chat panel and palette commands', () => {
    if (!history) return;
    const chat = registerChatView(context, {
      // Structural mismatch only (readonly vs mutable arrays in the body type); same runtime shape.
      client: () => client as unknown as ChatClient,
      settings: () => ({ ...settings.current, temperature: settings.effectiveTemperature, thinkingBudget: settings.effectiveThinkingBudget }),
      history,
      logger,
      listModels: async () => (await client.models.list()).map((m) => m.id),
      setModel: (model) => settings.update('model', model),
      banner: () => (keyGate.isEmulatorMode ? `Emulator mode: answers come from the local emulator at ${settings.baseUrl.url}, not from Claude. Run "Claude: Set API Key" to use the real API.` : undefined),
    }, chatView);
    chatController = chat.controller;
    registerCommands(context, { chat: chat.controller, history, client, log: logger.asChannel(), prompter });
  });

  let batchJobs: BatchJobsApi | undefined;
  attempt(logger, 'batch jobs', () => {
    batchJobs = registerBatchJobs(context, {
      client: () => client,
      ui: prompter,
      model: () => ({ model: settings.current.model, maxTokens: settings.current.maxTokens }),
      redact: (text) => logger.redact(text),
      log: (message) => logger.warn(message),
    });
  });

  void store.ready.then(() => offerEnvImport(keyDeps, process.env));
  const done = performance.now();
  logger.info(
    `Claude Chat activated in ${Math.round(done - bundleStartedAt)} ms (bundle evaluated in ${Math.round(bundleEvaluatedAt - bundleStartedAt)} ms, ` +
      `VS Code prepared the extension's context in ${Math.round(activateStartedAt - bundleEvaluatedAt)} ms, ` +
      `activate() ${Math.round(done - activateStartedAt)} ms; extension host up ${(done / 1000).toFixed(1)} s; VS Code ${vscode.version}).`,
  );
  return {
    settings,
    keyStore: store,
    keyGate,
    logger,
    client,
    statusBar,
    createStatusBar: (clock) => {
      // Same events, but it has "seen" nothing yet, like the indicator of a fresh window.
      const events = { rateLimits: undefined, onRateLimit: client.onRateLimit.bind(client), onRetry: client.onRetry.bind(client), onCircuitChange: client.onCircuitChange.bind(client), onRequest: client.onRequest.bind(client) };
      return new RateLimitStatusBar(events, store, clock, emulatorUrl, chatModel);
    },
    prompter,
    isEmulatorMode: () => keyGate.isEmulatorMode,
    onDidChangeEmulatorMode: keyGate.onDidChangeEmulatorMode,
    offerEnvImport: (env) => offerEnvImport(keyDeps, env),
    storage: { logUri: context.logUri, globalStorageUri: context.globalStorageUri },
    chat: chatController,
    history,
    batchJobs,
  };
}

/** Lets a streaming answer's last throttled save reach the disk; the subscriptions do the rest. */
export async function deactivate(): Promise<void> {
  const flush = beforeDispose;
  beforeDispose = undefined;
  await flush?.();
}
