import * as vscode from 'vscode';
import { systemClock } from './api/clock';
import type { AnthropicClient } from './api';
import { KeyStore } from './auth/keyStore';
import { KeyGate } from './auth/keyGate';
import { PrompterRef } from './auth/prompter';
import { offerEnvImport, registerKeyCommands } from './auth/keyCommands';
import type { KeyCommandDeps, KeyCommandResult } from './auth/keyCommands';
import { Settings } from './state/settings';
import { Logger } from './state/logger';
import { ClientFactory } from './state/clientFactory';
import { RateLimitStatusBar, SHOW_RATE_LIMITS_COMMAND } from './statusBar/rateLimitStatusBar';
import { showRateLimits } from './statusBar/showRateLimits';

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
  /** Swap the UI the key and status-bar commands use (`prompter.use(fake)` returns a restore function). */
  readonly prompter: PrompterRef;
  /** True when requests go to a loopback emulator with a placeholder key. */
  readonly isEmulatorMode: () => boolean;
  readonly onDidChangeEmulatorMode: vscode.Event<boolean>;
  /** Offers to import ANTHROPIC_API_KEY from `env` (activation does this with process.env). */
  readonly offerEnvImport: (env: NodeJS.ProcessEnv) => Promise<KeyCommandResult | undefined>;
  /** Services other engineers add (chat controller, history, …) when their pieces load. */
  readonly extras: Record<string, unknown>;
}

/** Runs one wiring step; a missing or broken piece is logged, never allowed to fail activation. */
function attempt(logger: Logger, what: string, step: () => void): void {
  try {
    step();
  } catch (err) {
    logger.error(`Could not set up ${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Composition root: builds every service and registers its disposables. It wires, it does not decide. */
export async function activate(context: vscode.ExtensionContext): Promise<ClaudeChatApi> {
  const subs = context.subscriptions;
  // The logger exists before the keys are loaded; it asks this holder for the values to scrub.
  const known: { values: () => string[] } = { values: () => [] };
  const logger = Logger.create(() => known.values());
  subs.push(logger);
  const prompter = new PrompterRef();
  const settings = new Settings({ warn: (m) => void prompter.warn(m), error: (m) => void prompter.error(m) });
  subs.push(settings);
  const store = await KeyStore.create(context.secrets);
  known.values = () => store.secretValues();
  const keyGate = new KeyGate(store, () => settings.baseUrl);
  const factory = new ClientFactory(settings, keyGate, logger);
  const client = factory.client;
  const statusBar = new RateLimitStatusBar(client, store, systemClock, () => (keyGate.isEmulatorMode ? settings.baseUrl.url : undefined));
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
  const announceEmulator = (on: boolean): void => {
    if (on) void prompter.info(`Claude Chat: no API key is stored, so requests go to the local emulator at ${settings.baseUrl.url} with a placeholder key.`);
  };
  subs.push(
    ...registerKeyCommands(keyDeps),
    vscode.commands.registerCommand(SHOW_RATE_LIMITS_COMMAND, () =>
      showRateLimits(prompter, { ...statusBar.current, emulatorUrl: keyGate.isEmulatorMode ? settings.baseUrl.url : undefined }, systemClock.now(), store.active?.label, settings.current.model),
    ),
    client.onRequest((r) => logger.logRequest(r)),
    settings.onDidChange(() => {
      factory.apply();
      keyGate.refresh();
      statusBar.refresh();
    }),
    store.onDidChange(() => keyGate.refresh()),
    keyGate.onDidChangeEmulatorMode((on) => {
      announceEmulator(on);
      statusBar.refresh();
    }),
  );
  if (keyGate.isEmulatorMode) announceEmulator(true);

  const extras: Record<string, unknown> = {};
  attempt(logger, 'the rest of the extension', () => {
    // Chat panel, palette prompts and history are wired here as they land.
  });

  void offerEnvImport(keyDeps, process.env);
  logger.info(`Claude Chat activated (VS Code ${vscode.version}).`);
  return {
    settings,
    keyStore: store,
    keyGate,
    logger,
    client,
    statusBar,
    prompter,
    isEmulatorMode: () => keyGate.isEmulatorMode,
    onDidChangeEmulatorMode: keyGate.onDidChangeEmulatorMode,
    offerEnvImport: (env) => offerEnvImport(keyDeps, env),
    extras,
  };
}

/** Everything is disposed through context.subscriptions. */
export function deactivate(): void {
  // Nothing beyond the subscriptions.
}
