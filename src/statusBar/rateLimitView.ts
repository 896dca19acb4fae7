import type { RateLimitBucket, RateLimitSnapshot, RetryInfo } from '../api';

/** Everything the indicator shows, gathered from the client's events. */
export interface RateLimitState {
  readonly snapshot?: RateLimitSnapshot;
  readonly lastRequest?: {
    readonly requestId?: string;
    readonly latencyMs: number;
    readonly status?: number;
    readonly model?: string;
    /** `METHOD /path`: named when the request had no model (e.g. the model list). */
    readonly endpoint?: string;
  };
  /** The retry wait in progress, if any. */
  readonly retry?: RetryInfo;
  /** Open circuits: breaker key -> epoch ms of the next probe (if known). */
  readonly openCircuits: ReadonlyMap<string, number | undefined>;
  /** Label and reason of the active key when the API rejected it. */
  readonly badKey?: { readonly label: string; readonly reason: string };
  /** Base URL when running against a local emulator with a placeholder key. */
  readonly emulatorUrl?: string;
  /** The model the chat sends to (the setting), named whatever the last request was. */
  readonly model?: string;
}

/** Background of the item. */
export type Severity = 'normal' | 'warning' | 'error';

/** Rendered indicator: text (with codicons), severity, and the tooltip as Markdown source. */
export interface RateLimitView {
  readonly text: string;
  readonly severity: Severity;
  readonly tooltip: string;
  /** Epoch ms the on-screen countdown runs to, so the caller re-renders as each second passes. */
  readonly countdownTo?: number;
}

/** Share of a limit below which the item turns to the warning colour. */
export const LOW_FRACTION = 0.2;

/** 950 -> "950", 1500 -> "1.5k", 38000 -> "38k", 2000000 -> "2M". */
export function compact(n: number): string {
  const abs = Math.abs(n);
  const fmt = (v: number, unit: string): string => `${v >= 10 || Number.isInteger(v) ? Math.round(v) : v.toFixed(1).replace(/\.0$/, '')}${unit}`;
  if (abs >= 1_000_000) return fmt(n / 1_000_000, 'M');
  if (abs >= 1000) return fmt(n / 1000, 'k');
  return String(Math.round(n));
}

/** 12 -> "12s", 90 -> "1m 30s", 3700 -> "1h 2m" (ceil of whole seconds, never negative). */
export function duration(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return s % 60 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${s / 60}m`;
  const m = Math.floor((s % 3600) / 60);
  return m ? `${Math.floor(s / 3600)}h ${m}m` : `${Math.floor(s / 3600)}h`;
}

const BUCKETS: ReadonlyArray<readonly [keyof Pick<RateLimitSnapshot, 'requests' | 'tokens' | 'inputTokens' | 'outputTokens'>, string]> = [
  ['requests', 'Requests'],
  ['tokens', 'Tokens'],
  ['inputTokens', 'Input tokens'],
  ['outputTokens', 'Output tokens'],
];

function isLow(b: RateLimitBucket | undefined): boolean {
  return !!b && b.limit !== undefined && b.remaining !== undefined && b.limit > 0 && b.remaining / b.limit < LOW_FRACTION;
}

/** Earliest reset still in the future, across every bucket. */
function nextReset(s: RateLimitSnapshot, now: number): number | undefined {
  const resets = BUCKETS.map(([k]) => s[k]?.resetAt).filter((t): t is number => t !== undefined && t > now);
  return resets.length ? Math.min(...resets) : undefined;
}

// Only what could change the meaning of a tooltip line (emphasis, code, links, HTML, table cells).
function escapeMd(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, '\\$&');
}

function limitsText(s: RateLimitSnapshot | undefined, now: number): string[] {
  if (!s) return [];
  const parts: string[] = [];
  const r = s.requests;
  if (r?.remaining !== undefined && r.limit !== undefined) parts.push(`${r.remaining}/${r.limit} req`);
  const t = s.tokens ?? s.inputTokens;
  if (t?.remaining !== undefined && t.limit !== undefined) parts.push(`${compact(t.remaining)}/${compact(t.limit)} tok`);
  const reset = nextReset(s, now);
  if (reset !== undefined) parts.push(duration(reset - now));
  return parts;
}

function tooltip(state: RateLimitState, now: number, headline: string | undefined): string {
  const lines: string[] = ['**Claude rate limits**', ''];
  if (headline) lines.push(headline, '');
  const s = state.snapshot;
  const rows = s ? BUCKETS.filter(([k]) => s[k] !== undefined) : [];
  if (rows.length && s) {
    // Numbers as the status bar shows them (2M, 38k); a reset time that has passed means the bucket refilled.
    lines.push('| Bucket | Limit | Remaining | Resets |', '|:--|--:|--:|--:|');
    for (const [k, name] of rows) {
      const b = s[k] as RateLimitBucket;
      const reset = b.resetAt !== undefined ? (b.resetAt > now ? `in ${duration(b.resetAt - now)}` : 'refilled') : '—';
      const low = isLow(b) ? ' ⚠' : '';
      const n = (v: number | undefined): string => (v === undefined ? '—' : compact(v));
      lines.push(`| ${name}${low} | ${n(b.limit)} | ${n(b.remaining)} | ${reset} |`);
    }
    lines.push('');
  } else {
    lines.push('No rate-limit headers received yet.', '');
  }
  const last = state.lastRequest;
  // Rate-limit headers arrive with the response headers, the request record only when the answer
  // ends: a newer snapshot means a request is still streaming, so name it rather than the old one.
  const inFlight = s?.requestId !== undefined && s.requestId !== last?.requestId ? s.requestId : undefined;
  if (inFlight !== undefined) {
    lines.push(`Last request: \`${inFlight.replace(/`/g, '')}\` · answering…`, '');
  } else if (last) {
    const id = last.requestId ? `\`${last.requestId.replace(/`/g, '')}\`` : '(no request id)';
    const what = last.model ? ` · ${escapeMd(last.model)}` : last.endpoint ? ` · ${escapeMd(last.endpoint)}` : '';
    lines.push(`Last request: ${id} · ${Math.round(last.latencyMs)} ms${last.status !== undefined ? ` · HTTP ${last.status}` : ''}${what}`, '');
  }
  // The chat's model, unless the last request line already names it.
  if (state.model && (inFlight !== undefined || last?.model !== state.model)) lines.push(`Model: ${escapeMd(state.model)}`, '');
  if (state.emulatorUrl) lines.push(`Emulator mode: requests go to ${escapeMd(state.emulatorUrl)} with a placeholder key (no key stored).`, '');
  lines.push('Click for details and actions.');
  return lines.join('\n');
}

/** Renders the indicator for `state` at `now` (pure: the status bar and the tests share it). */
export function renderRateLimits(state: RateLimitState, now: number): RateLimitView {
  const limits = limitsText(state.snapshot, now);
  const retry = state.retry && state.retry.until > now ? state.retry : undefined;
  const circuitTimes = [...state.openCircuits.values()];
  if (retry) {
    const what = retry.status === 429 ? '429 rate limited' : retry.status ? `HTTP ${retry.status}` : 'retrying';
    const headline = `$(watch) ${what} · retry ${retry.attempt}/${retry.maxRetries} in ${duration(retry.until - now)}`;
    return {
      text: headline,
      // The user asked for red on 429; other waits (overload, network) are a warning.
      severity: retry.status === 429 ? 'error' : 'warning',
      tooltip: tooltip(state, now, `**Waiting:** ${escapeMd(retry.reason)} — retry ${retry.attempt} of ${retry.maxRetries} (attempt ${retry.attempt + 1} of ${retry.maxRetries + 1}, as the chat panel counts), ${duration(retry.until - now)} left.`),
      countdownTo: retry.until,
    };
  }
  if (circuitTimes.length) {
    const next = circuitTimes.filter((t): t is number => t !== undefined && t > now);
    const wait = next.length ? ` · ${duration(Math.min(...next) - now)}` : '';
    return {
      text: `$(circle-slash) circuit open${wait}`,
      severity: 'error',
      tooltip: tooltip(state, now, `**Circuit open** for ${[...state.openCircuits.keys()].map(escapeMd).join(', ')}: requests fail fast until it recovers.`),
      countdownTo: next.length ? Math.min(...next) : undefined,
    };
  }
  if (state.badKey) {
    return {
      text: `$(key) key "${state.badKey.label}" rejected`,
      severity: 'error',
      tooltip: tooltip(state, now, `**Key "${escapeMd(state.badKey.label)}" was rejected:** ${escapeMd(state.badKey.reason)}`),
    };
  }
  const low = state.snapshot ? BUCKETS.some(([k]) => isLow(state.snapshot?.[k])) : false;
  const text = ['$(pulse)', limits.length ? limits.join(' · ') : state.emulatorUrl ? 'emulator' : 'Claude'].join(' ');
  return {
    text,
    severity: low ? 'warning' : 'normal',
    tooltip: tooltip(state, now, undefined),
    countdownTo: state.snapshot ? nextReset(state.snapshot, now) : undefined,
  };
}
