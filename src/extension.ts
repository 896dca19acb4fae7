// First: it notes when the bundle began to evaluate (activation time in the log).
import { bundleStartedAt } from './activationClock';
import * as path from 'path';
import * as vscode from 'vscode';
import { systemClock } from './base/clock';
import type { AnthropicClient, Clock } from './api';
import { KeyStore } from './auth/keyStore';
import { PolicyKeyProvider } from './auth/policyKeyProvider';
import { PrompterRef } from './ui/prompter';
import { announceEmulator, offerEnvImport, registerKeyCommands } from './auth/keyCommands';
import type { KeyCommandDeps, KeyCommandResult } from './auth/keyCommands';
import { Settings } from './config/settings';
import { ChannelLogger } from './logging/logger';
import { ClientFactory } from './config/clientFactory';
import { RateLimitStatusBar, SHOW_RATE_LIMITS_COMMAND } from './statusBar/rateLimitStatusBar';
import { showRateLimits } from './statusBar/showRateLimits';
import { HistoryStore } from './history/historyStore';
import { registerChatView, registerChatViewProvider } from './webview/registerChatView';
import type { ChatController } from './chat/chatController';
import type { ChatClient } from './chat/types';
import { registerCommands } from './commands/registerCommands';
import type { DashboardServices } from './dashboard/registerDashboard';
import { registerDashboard } from './dashboard/registerDashboard';
import { registerBatchJobs } from './batchJobs/registerBatchJobs';
import type { BatchJobsApi } from './batchJobs/registerBatchJobs';
import { DisposableStore } from './base/lifecycle';
import { CompanyNetwork } from './network/companyNetwork';
import { connectNetwork } from './network/connectNetwork';
import type { KeyUsageViews } from './network/connectNetwork';

/**
 * @internal What activate() returns: the live services, so integration tests in the real host can
 * reach them through `vscode.extensions.getExtension('claude-chat-dev.claude-chat').exports`.
 */
export interface ClaudeChatApi {
  readonly settings: Settings;
  readonly keyStore: KeyStore;
  readonly keyProvider: PolicyKeyProvider;
  readonly logger: ChannelLogger;
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
  readonly storage: { readonly logUri: vscode.Uri; readonly globalStorageUri: vscode.Uri; readonly globalState: vscode.Memento };
  /** The chat panel's controller (undefined if the panel could not be set up). */
  readonly chat: ChatController | undefined;
  /** Conversation storage (undefined if it could not be set up). */
  readonly history: HistoryStore | undefined;
  /** The metrics dashboard and its stored series (undefined if they could not be set up). */
  readonly metrics: DashboardServices | undefined;
  /** Batch jobs ("Run Prompt over Files", the "Batch jobs" view; undefined if they could not be set up). */
  readonly batchJobs: BatchJobsApi | undefined;
  /** Gateway signing secret, extra headers, rotation, proxy naming and per-key usage. */
  readonly network: CompanyNetwork;
}

/** When the bundle's modules had all been evaluated (this module's body runs last). */
const bundleEvaluatedAt = performance.now();

/** Runs one wiring step; a missing or broken piece is logged, never allowed to fail activation. */
function attempt(logger: ChannelLogger, what: string, step: () => void): void {
  try {
    step();
  } catch (err) {
    logger.error(`Could not set up ${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** What {@link deactivate} closes: the services, and the chat's save of what its panel shows. */
interface Running {
  readonly services: DisposableStore;
  /** Starts writing the chat's scheduled save at once; resolves when it is on disk. */
  readonly saveChat: () => Promise<void>;
}
/** The metrics series' last save, awaited by deactivate() before the services are disposed. */
let flushMetrics: (() => Promise<void>) | undefined;

/**
 * The one binding between activate() and deactivate(). It cannot live in `context.subscriptions`:
 * the extension host disposes those right after calling deactivate(), without waiting, and then
 * waits (up to 5 s) only for the promise deactivate() returns.
 */
let running: Running | undefined;

/**
 * Composition root: builds every service in dependency order into one DisposableStore, which
 * disposes them in reverse (the logger, built first, goes last). It wires, it does not decide.
 */
export async function activate(context: vscode.ExtensionContext): Promise<ClaudeChatApi> {
  const activateStartedAt = performance.now();
  const services = new DisposableStore();
  // A host that never calls deactivate() (it always does today) still frees everything.
  context.subscriptions.push(services);
  // The logger exists before the keys are loaded; it asks this holder for the values to scrub.
  const known: { values: () => string[] } = { values: () => [] };
  const logger = services.add(ChannelLogger.create(() => known.values()));
  // Before anything slow: VS Code can build the panel's webview while the keys are read.
  const chatView = registerChatViewProvider(context.extensionUri, services);
  const prompter = new PrompterRef();
  const settings = services.add(new Settings({ warn: (m) => void prompter.warn(m), error: (m) => void prompter.error(m) }));
  // Read in the background: the panel need not wait for SecretStorage (keys are awaited where used).
  const store = services.add(KeyStore.open(context.secrets));
  // The signing secret too; requests wait for it like they wait for the keys (network.gate below).
  const network = services.add(CompanyNetwork.open(context.secrets, (m) => {
    logger.error(m);
    void prompter.error(m);
  }));
  known.values = () => [...store.secretValues(), ...(network.signingSecret.current ? [network.signingSecret.current] : [])];
  const keysStartedAt = performance.now();
  void store.ready.then(() => {
    logger.info(`Stored API keys read in ${Math.round(performance.now() - keysStartedAt)} ms.`);
    if (!store.loadError) return;
    logger.error(`Could not read the stored API keys: ${store.loadError}`);
    void prompter.error(`Claude Chat could not read your stored API keys (${store.loadError}). Check that VS Code's secret storage works on this system.`);
  });
  const keyProvider = services.add(new PolicyKeyProvider(store, () => settings.baseUrl));
  const factory = new ClientFactory(settings, network.gate(keyProvider), logger, () => network.clientOptions());
  const client = factory.client;
  services.add({ dispose: () => client.dispose() });
  const emulatorUrl = (): string | undefined => (keyProvider.isEmulatorMode ? settings.baseUrl.url : undefined);
  const chatModel = (): string => settings.current.model;
  // Filled once the network is wired (it needs the status bar to refresh it).
  const usage: { views?: KeyUsageViews } = {};
  const statusBar = services.add(
    new RateLimitStatusBar(client, store, systemClock, emulatorUrl, chatModel, () => usage.views?.tooltip() ?? ''),
  );
  const wired = connectNetwork({
    network, client, store, globalState: context.globalState, clock: systemClock, prompter, log: logger,
    applyClientOptions: () => factory.apply(),
    refreshStatusBar: () => statusBar.refresh(),
  });
  usage.views = wired.views;
  for (const d of wired.disposables) services.add(d);

  const keyDeps: KeyCommandDeps = {
    store,
    prompter,
    baseUrl: () => settings.baseUrl,
    probe: (key, label) => factory.createProbeClient(key, label),
    globalState: context.globalState,
    log: logger,
    redact: (text) => logger.redact(text),
    usageOf: (keyId, now) => usage.views?.line(keyId, now),
  };
  let chatController: ChatController | undefined;
  // The first switch into emulator mode comes when the stored keys are read, at start-up.
  let started = false;
  void store.ready.then(() => (started = true));
  const onEmulatorMode = (on: boolean): void => {
    if (on) void announceEmulator(context.globalState, prompter, settings.baseUrl.url, !started);
  };
  for (const d of registerKeyCommands(keyDeps)) services.add(d);
  services.add(
    vscode.commands.registerCommand(SHOW_RATE_LIMITS_COMMAND, () =>
      showRateLimits(prompter, { ...statusBar.current, emulatorUrl: emulatorUrl() }, systemClock.now(), store.active?.label, settings.current.model),
    ),
  );
  services.add(client.onRequest((r) => logger.logRequest(r)));
  services.add(client.onRetry((r) => logger.logRetry(r)));
  services.add(client.onCircuitChange((c) => logger.logCircuit(c)));
  services.add(
    settings.onDidChange(() => {
      factory.apply();
      keyProvider.refresh();
      statusBar.refresh();
    }),
  );
  services.add(store.onDidChange(() => keyProvider.refresh()));
  services.add(
    keyProvider.onDidChangeEmulatorMode((on) => {
      onEmulatorMode(on);
      chatController?.refreshState();
      statusBar.refresh();
    }),
  );

  let metrics: DashboardServices | undefined;
  attempt(logger, 'the metrics dashboard', () => {
    metrics = registerDashboard({ extensionUri: context.extensionUri, globalStorage: context.globalStorageUri, client, prompter, clock: systemClock, log: logger }, services);
    flushMetrics = metrics.flush;
  });

  let history: HistoryStore | undefined;
  attempt(logger, 'conversation history', () => {
    history = services.add(new HistoryStore(path.join(context.globalStorageUri.fsPath, 'conversations')));
  });
  attempt(logger, 'the chat panel and palette commands', () => {
    if (!history) return;
    // The context windows `/v1/models` reported (max_input_tokens), for the composer's meter.
    let modelLimits: ReadonlyArray<{ readonly id: string; readonly max_input_tokens?: number | null }> | undefined;
    const chat = registerChatView(context, services, {
      // Structural mismatch only (readonly vs mutable arrays in the body type); same runtime shape.
      client: () => client as unknown as ChatClient,
      settings: () => ({ ...settings.current, temperature: settings.effectiveTemperature, thinkingBudget: settings.effectiveThinkingBudget }),
      history,
      logger,
      listModels: async () => {
        const models = await client.models.list();
        modelLimits = models;
        return models.map((m) => m.id);
      },
      modelLimits: () => modelLimits,
      setModel: (model) => settings.update('model', model),
      banner: () => (keyProvider.isEmulatorMode ? `Emulator mode: answers come from the local emulator at ${settings.baseUrl.url}, not from Claude. Run "Claude: Set API Key" to use the real API.` : undefined),
    }, chatView);
    chatController = chat.controller;
    registerCommands(services, { chat: chat.controller, history, client, log: logger.asChannel(), prompter });
  });
  const conversations = history;
  running = {
    services,
    saveChat: async () => {
      await chatController?.flushSaves();
      await conversations?.flush();
    },
  };

  let batchJobs: BatchJobsApi | undefined;
  attempt(logger, 'batch jobs', () => {
    batchJobs = registerBatchJobs(context, services, {
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
    keyProvider,
    logger,
    client,
    statusBar,
    createStatusBar: (clock) => {
      // Same events, but it has "seen" nothing yet, like the indicator of a fresh window.
      const events = { rateLimits: undefined, onRateLimit: client.onRateLimit.bind(client), onRetry: client.onRetry.bind(client), onCircuitChange: client.onCircuitChange.bind(client), onRequest: client.onRequest.bind(client) };
      return new RateLimitStatusBar(events, store, clock, emulatorUrl, chatModel);
    },
    prompter,
    isEmulatorMode: () => keyProvider.isEmulatorMode,
    onDidChangeEmulatorMode: keyProvider.onDidChangeEmulatorMode,
    offerEnvImport: (env) => offerEnvImport(keyDeps, env),
    network,
    storage: { logUri: context.logUri, globalStorageUri: context.globalStorageUri, globalState: context.globalState },
    chat: chatController,
    history,
    metrics,
    batchJobs,
  };
}

/**
 * A closing window keeps what the chat panel shows: the scheduled save of a streaming answer is
 * started before anything is torn down, then the services are disposed (newest first, which
 * stops the answer), and the host waits for the save to reach the disk.
 */
export async function deactivate(): Promise<void> {
  const app = running;
  running = undefined;
  if (!app) return;
  const saved = app.saveChat();
  const metricsSaved = flushMetrics?.().catch(() => undefined);
  flushMetrics = undefined;
  await metricsSaved;
  app.services.dispose();
  await saved;
}
