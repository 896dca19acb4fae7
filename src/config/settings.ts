import * as vscode from 'vscode';
import { checkBaseUrl } from '../auth/baseUrlPolicy';
import type { BaseUrlCheck } from '../auth/baseUrlPolicy';
import type { ApiVersion } from '../api';
/** Which header carries the key; `auto` follows the API version. */
export type AuthHeaderSetting = 'auto' | 'authorization' | 'x-api-key';

/** The `claudeChat.*` settings, read and typed. Values outside their range are clamped, never trusted. */
export interface ClaudeChatSettings {
  readonly model: string;
  readonly apiVersion: ApiVersion;
  readonly authHeader: AuthHeaderSetting;
  readonly maxTokens: number;
  /** The user's setting, as written (may be ignored: see {@link Settings.effectiveTemperature}). */
  readonly temperature: number | undefined;
  readonly systemPrompt: string;
  /** Trimmed; empty means the official endpoint. */
  readonly baseUrl: string;
  readonly maxRetries: number;
  readonly timeoutSeconds: number;
  readonly idleTimeoutSeconds: number;
  readonly fallbackModel: string;
  readonly promptCaching: boolean;
  readonly thinkingBudget: number;
  /** Context window override in tokens (0: from the model data). */
  readonly contextWindow: number;
  /** Per-message cost limit in USD (0: none). */
  readonly maxCostPerMessage: number;
}

/** Name of every setting under `claudeChat.` (typed, so a typo is a compile error). */
export type SettingName = keyof ClaudeChatSettings;

/** Section of every setting in package.json. */
export const SETTINGS_SECTION = 'claudeChat';
/** Endpoint used when `claudeChat.baseUrl` is empty. */
export const DEFAULT_BASE_URL = 'https://api.anthropic.com';
/** Default model, mirrored from package.json for when the configuration cannot be read. */
export const DEFAULT_MODEL = 'claude-sonnet-5-5';

/** Where warnings go; production passes vscode.window, tests a recorder. */
export interface SettingsNotifier {
  warn(message: string): void;
  error(message: string): void;
}

function clampInt(value: unknown, fallback: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.round(value)));
}

function clampNumber(value: unknown, fallback: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, value));
}

function str(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value.trim() : fallback;
}

/** Reads a configuration object into typed settings; exported so the parsing can be tested alone. */
export function readSettings(config: Pick<vscode.WorkspaceConfiguration, 'get'>): ClaudeChatSettings {
  const apiVersion = config.get<unknown>('apiVersion');
  const authHeader = config.get<unknown>('authHeader');
  const temperature = config.get<unknown>('temperature');
  return {
    model: str(config.get('model'), DEFAULT_MODEL) || DEFAULT_MODEL,
    apiVersion: apiVersion === '2023-06-01' ? '2023-06-01' : '2026-10-21',
    authHeader: authHeader === 'authorization' || authHeader === 'x-api-key' ? authHeader : 'auto',
    maxTokens: clampInt(config.get('maxTokens'), 4096, 1, 128000),
    temperature: typeof temperature === 'number' && Number.isFinite(temperature) ? Math.min(1, Math.max(0, temperature)) : undefined,
    systemPrompt: typeof config.get('systemPrompt') === 'string' ? (config.get('systemPrompt') as string) : '',
    baseUrl: str(config.get('baseUrl'), ''),
    maxRetries: clampInt(config.get('maxRetries'), 4, 0, 10),
    timeoutSeconds: clampInt(config.get('timeoutSeconds'), 60, 5, 600),
    idleTimeoutSeconds: clampInt(config.get('idleTimeoutSeconds'), 45, 5, 600),
    fallbackModel: str(config.get('fallbackModel'), ''),
    promptCaching: config.get('promptCaching') !== false,
    thinkingBudget: clampInt(config.get('thinkingBudget'), 0, 0, 64000),
    contextWindow: clampInt(config.get('contextWindow'), 0, 0, 100_000_000),
    maxCostPerMessage: clampNumber(config.get('maxCostPerMessage'), 0, 0, 10_000),
  };
}

/**
 * Typed, validated view of `claudeChat.*`. Fires {@link onDidChange} when any of them changes, so
 * services re-configure live (no reload). Problems are reported once per distinct value, not on every read.
 */
export class Settings implements vscode.Disposable {
  private readonly _onDidChange = new vscode.EventEmitter<ClaudeChatSettings>();
  /** Fires with the new values after any `claudeChat.*` setting changed. */
  readonly onDidChange = this._onDidChange.event;
  private readonly disposables: vscode.Disposable[] = [this._onDidChange];
  private _current: ClaudeChatSettings;
  private warnedTemperature = false;
  private warnedThinking = false;
  private lastBaseUrlProblem: string | undefined;

  constructor(private readonly notifier: SettingsNotifier) {
    this._current = this.read();
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(SETTINGS_SECTION)) return;
        this._current = this.read();
        this.reportProblems();
        this._onDidChange.fire(this._current);
      }),
    );
    this.reportProblems();
  }

  /** The latest values. */
  get current(): ClaudeChatSettings {
    return this._current;
  }

  /** Temperature to send: only under 2023-06-01, because the current API version rejects it (400). */
  get effectiveTemperature(): number | undefined {
    return this._current.apiVersion === '2023-06-01' ? this._current.temperature : undefined;
  }

  /**
   * Thinking budget to send: the API wants at least 1024 tokens and fewer than max_tokens, so an
   * out-of-range budget turns thinking off (and the user is told once) instead of earning a 400.
   */
  get effectiveThinkingBudget(): number {
    const { thinkingBudget, maxTokens } = this._current;
    return thinkingBudget >= 1024 && thinkingBudget < maxTokens ? thinkingBudget : 0;
  }

  /** Base URL to use (the official endpoint when empty) and whether a key may be sent to it. */
  get baseUrl(): BaseUrlCheck {
    return checkBaseUrl(this._current.baseUrl || DEFAULT_BASE_URL);
  }

  /** Writes one setting (user scope unless a workspace value exists). */
  async update<K extends SettingName>(name: K, value: ClaudeChatSettings[K] | undefined): Promise<void> {
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const inspected = config.inspect(name);
    const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await config.update(name, value, target);
  }

  private read(): ClaudeChatSettings {
    return readSettings(vscode.workspace.getConfiguration(SETTINGS_SECTION));
  }

  private reportProblems(): void {
    const s = this._current;
    if (s.temperature !== undefined && s.apiVersion !== '2023-06-01') {
      if (!this.warnedTemperature) {
        this.warnedTemperature = true;
        this.notifier.warn(
          `Claude Chat: claudeChat.temperature (${s.temperature}) is ignored: API version ${s.apiVersion} rejects temperature. ` +
            'Set claudeChat.apiVersion to 2023-06-01 to use it.',
        );
      }
    } else {
      // Warn again if the user later re-creates the conflict.
      this.warnedTemperature = false;
    }
    if (s.thinkingBudget > 0 && this.effectiveThinkingBudget === 0) {
      if (!this.warnedThinking) {
        this.warnedThinking = true;
        this.notifier.warn(
          `Claude Chat: claudeChat.thinkingBudget (${s.thinkingBudget}) must be at least 1024 and below claudeChat.maxTokens (${s.maxTokens}); extended thinking is off until it is.`,
        );
      }
    } else {
      this.warnedThinking = false;
    }
    const problem = this.baseUrl.problem;
    if (problem && problem !== this.lastBaseUrlProblem) this.notifier.error(`Claude Chat: ${problem}`);
    this.lastBaseUrlProblem = problem;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
