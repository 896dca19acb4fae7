import * as vscode from 'vscode';
import { DEFAULT_SIGNING_HEADERS, ROTATION_STRATEGIES, describeHeaderProblems, resolveExtraHeaders, resolveSigningHeaderNames } from '../api';
import type { HeaderProblem, RotationStrategy, SigningHeaderNames } from '../api';
import { Emitter } from '../base/emitter';
import { DisposableStore } from '../base/lifecycle';

/** The company-network settings (`claudeChat.extraHeaders`, `.signingHeaders`, `.keyRotation`), read and checked. */
export interface NetworkSettings {
  /** The usable extra headers as written (values may still hold `${env:NAME}`: the client resolves them). */
  readonly extraHeaders: Readonly<Record<string, string>>;
  /** The entries that were refused, each with its reason (not sent). */
  readonly refusedHeaders: readonly HeaderProblem[];
  readonly signingHeaders: SigningHeaderNames;
  /** Why the configured signing header names were not usable (the defaults are used then). */
  readonly signingHeadersProblem: string | undefined;
  readonly keyRotation: RotationStrategy;
}

const SECTION = 'claudeChat';
/** The settings this module owns, for `affectsConfiguration`. */
export const NETWORK_SETTINGS = ['extraHeaders', 'signingHeaders', 'keyRotation'] as const;

function asStringMap(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * Reads the settings (pure apart from `env`, so tests can feed any configuration). The signing
 * names are checked first because the extra headers may not reuse them.
 */
export function readNetworkSettings(config: Pick<vscode.WorkspaceConfiguration, 'get'>, env: Readonly<Record<string, string | undefined>> = process.env): NetworkSettings {
  let signingHeaders: SigningHeaderNames = { ...DEFAULT_SIGNING_HEADERS };
  let signingHeadersProblem: string | undefined;
  try {
    const raw = asStringMap(config.get('signingHeaders'));
    const names: Partial<SigningHeaderNames> = {};
    for (const role of ['timestamp', 'nonce', 'signature'] as const) if (typeof raw[role] === 'string') names[role] = raw[role] as string;
    signingHeaders = resolveSigningHeaderNames(names);
  } catch (err) {
    signingHeadersProblem = err instanceof Error ? err.message : String(err);
  }
  const extra = resolveExtraHeaders(asStringMap(config.get('extraHeaders')), env, signingHeaders);
  const rotation = config.get<unknown>('keyRotation');
  return {
    extraHeaders: extra.accepted,
    refusedHeaders: extra.problems,
    signingHeaders,
    signingHeadersProblem,
    keyRotation: ROTATION_STRATEGIES.includes(rotation as RotationStrategy) ? (rotation as RotationStrategy) : 'failover',
  };
}

/** The user-facing text for what the settings could not use, or undefined when everything is usable. */
export function describeNetworkProblems(s: NetworkSettings): string | undefined {
  const parts: string[] = [];
  if (s.refusedHeaders.length) parts.push(`claudeChat.extraHeaders: ${describeHeaderProblems(s.refusedHeaders)}. ${s.refusedHeaders.length === 1 ? 'That header is' : 'Those headers are'} not sent.`);
  if (s.signingHeadersProblem) parts.push(`claudeChat.signingHeaders: ${s.signingHeadersProblem} The default names are used.`);
  return parts.length ? `Claude Chat: ${parts.join(' ')}` : undefined;
}

/**
 * Live view of the company-network settings. Fires {@link onDidChange} after one of them changed;
 * a problem is reported once per distinct text (not on every read).
 */
export class NetworkSettingsWatcher implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly _onDidChange = this.disposables.add(new Emitter<NetworkSettings>());
  /** Fires with the new values. */
  readonly onDidChange = this._onDidChange.event;
  private _current: NetworkSettings;
  private lastProblem: string | undefined;

  constructor(private readonly reportError: (message: string) => void) {
    this._current = this.read();
    this.report();
    this.disposables.add(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!NETWORK_SETTINGS.some((name) => e.affectsConfiguration(`${SECTION}.${name}`))) return;
        this._current = this.read();
        this.report();
        this._onDidChange.fire(this._current);
      }),
    );
  }

  /** The latest values. */
  get current(): NetworkSettings {
    return this._current;
  }

  /** What the settings could not use right now (tests and the log read it). */
  get problem(): string | undefined {
    return describeNetworkProblems(this._current);
  }

  private read(): NetworkSettings {
    return readNetworkSettings(vscode.workspace.getConfiguration(SECTION));
  }

  private report(): void {
    const problem = this.problem;
    if (problem && problem !== this.lastProblem) this.reportError(problem);
    this.lastProblem = problem;
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
