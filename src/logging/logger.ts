import * as vscode from 'vscode';
import type { CircuitChange, RequestRecord, RetryInfo } from '../api';
import { redactSecrets } from '../base/redact';

/** Name of the output channel (View > Output > Claude Chat). */
export const LOG_CHANNEL_NAME = 'Claude Chat';
/** The LogOutputChannel methods a line goes through (wider than the panel's LogLevel). */
type ChannelLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

function stringify(arg: unknown): string {
  if (arg instanceof Error) return `${arg.name}: ${arg.message}`;
  if (typeof arg === 'string') return arg;
  try {
    return JSON.stringify(arg);
  } catch {
    return String(arg);
  }
}

/** One line per request, built only from fields that cannot carry a key. */
export function formatRequestRecord(r: RequestRecord): string {
  const parts = [`${r.method} ${r.path}`];
  if (r.model) parts.push(`model=${r.model}`);
  parts.push(`status=${r.status ?? 'none'}`);
  if (r.requestId) parts.push(`request-id=${r.requestId}`);
  parts.push(`latency=${Math.round(r.latencyMs)}ms`);
  parts.push(`attempts=${r.attempts}`);
  if (r.attempts > 1) parts.push(`retries=${r.attempts - 1}`);
  if (r.keyLabel) parts.push(`key="${r.keyLabel}"`);
  if (r.error) parts.push(`error=${r.error}`);
  return parts.join(' ');
}

/**
 * The "Claude Chat" LogOutputChannel with redaction on every line. Known key values come from
 * `secrets()` at write time, so a key added a moment ago is already scrubbed.
 */
export class ChannelLogger implements vscode.Disposable {
  private readonly recentLines: string[] = [];
  private readonly recentLimit = 1000;

  constructor(
    private readonly channel: vscode.LogOutputChannel,
    private readonly secrets: () => Iterable<string> = () => [],
  ) {}

  /** Creates the channel; the caller registers the logger for disposal. */
  static create(secrets?: () => Iterable<string>): ChannelLogger {
    return new ChannelLogger(vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true }), secrets);
  }

  /** Scrubs `text` with the known keys and the generic patterns. */
  redact(text: string): string {
    return redactSecrets(text, this.secrets());
  }

  trace(message: string, ...args: unknown[]): void {
    this.write('trace', message, args);
  }
  debug(message: string, ...args: unknown[]): void {
    this.write('debug', message, args);
  }
  info(message: string, ...args: unknown[]): void {
    this.write('info', message, args);
  }
  warn(message: string, ...args: unknown[]): void {
    this.write('warn', message, args);
  }
  error(message: string | Error, ...args: unknown[]): void {
    this.write('error', stringify(message), args);
  }

  /** Logs one finished API request (from client.onRequest). */
  logRequest(record: RequestRecord): void {
    const failed = record.error !== undefined || (record.status !== undefined && record.status >= 400);
    this.write(failed ? 'warn' : 'info', formatRequestRecord(record), []);
  }

  /**
   * The channel as a LogOutputChannel for code that wants one (the commands), with every write
   * going through the same redaction as this logger's own.
   */
  asChannel(): vscode.LogOutputChannel {
    const ch = this.channel;
    const scrub = (value: string): string => this.redact(value);
    const redacting: vscode.LogOutputChannel = {
      get name() {
        return ch.name;
      },
      get logLevel() {
        return ch.logLevel;
      },
      onDidChangeLogLevel: ch.onDidChangeLogLevel,
      trace: (message, ...args) => this.write('trace', message, args),
      debug: (message, ...args) => this.write('debug', message, args),
      info: (message, ...args) => this.write('info', message, args),
      warn: (message, ...args) => this.write('warn', message, args),
      error: (error, ...args) => this.write('error', stringify(error), args),
      append: (value) => ch.append(scrub(value)),
      appendLine: (value) => ch.appendLine(scrub(value)),
      replace: (value) => ch.replace(scrub(value)),
      clear: () => ch.clear(),
      show: (preserveFocus?: boolean | vscode.ViewColumn) => ch.show(typeof preserveFocus === 'boolean' ? preserveFocus : true),
      hide: () => ch.hide(),
      // The logger owns the channel; borrowers must not close it.
      dispose: () => undefined,
    };
    return redacting;
  }

  /** Logs a retry wait (from client.onRetry), so a slow answer can be explained afterwards. */
  logRetry(info: RetryInfo): void {
    const status = info.status !== undefined ? ` after HTTP ${info.status}${info.errorType ? ` ${info.errorType}` : ''}` : '';
    const model = info.model ? ` model=${info.model}` : '';
    this.write('warn', `retry ${info.attempt}/${info.maxRetries} in ${Math.round(info.delayMs)}ms${status}${model}: ${info.reason}`, []);
  }

  /** Logs a circuit breaker transition (from client.onCircuitChange). */
  logCircuit(change: CircuitChange): void {
    const retryAt = change.retryAt !== undefined ? ` (probe at ${new Date(change.retryAt).toISOString()})` : '';
    this.write(change.state === 'open' ? 'warn' : 'info', `circuit ${change.key}: ${change.state}${retryAt}`, []);
  }

  /** Reveals the channel (the Open Log command). */
  show(): void {
    this.channel.show(true);
  }

  /**
   * @internal Test hook: the last lines exactly as they were handed to the channel (already redacted),
   * so integration tests can prove what reached the log.
   */
  recent(): readonly string[] {
    return [...this.recentLines];
  }

  private write(level: ChannelLevel, message: string, args: readonly unknown[]): void {
    const text = this.redact(args.length ? `${message} ${args.map(stringify).join(' ')}` : message);
    this.recentLines.push(`[${level}] ${text}`);
    if (this.recentLines.length > this.recentLimit) this.recentLines.splice(0, this.recentLines.length - this.recentLimit);
    this.channel[level](text);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
