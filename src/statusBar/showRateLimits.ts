import * as vscode from 'vscode';
import type { RateLimitBucket } from '../api';
import type { Prompter } from '../ui/prompter';
import type { RateLimitState } from './rateLimitView';
import { duration } from './rateLimitView';

/** Actions offered under the limits; each runs a command. */
export type RateLimitAction = 'claudeChat.manageApiKeys' | 'claudeChat.chooseModel' | 'claudeChat.showMetrics';

type Item = vscode.QuickPickItem & { readonly run?: RateLimitAction };

const NAMES = [
  ['requests', 'Requests'],
  ['tokens', 'Tokens'],
  ['inputTokens', 'Input tokens'],
  ['outputTokens', 'Output tokens'],
] as const;

/** A clock time as the user's system shows it ("19:26:18" or "7:26:18 PM"). */
export type ClockFormat = (epochMs: number) => string;

const localClock: ClockFormat = (t) => new Date(t).toLocaleTimeString();

function bucketItem(name: string, b: RateLimitBucket, now: number, clock: ClockFormat): Item {
  const count = (n: number | undefined): string => (n === undefined ? '—' : n.toLocaleString('en-US'));
  const pct = b.limit && b.remaining !== undefined ? ` (${Math.round((b.remaining / b.limit) * 100)}%)` : '';
  return {
    label: `$(dashboard) ${name}: ${count(b.remaining)} of ${count(b.limit)} left${pct}`,
    // When, in the user's own terms: how long from now, and the local time (never the API's UTC stamp).
    description: b.resetAt !== undefined ? (b.resetAt > now ? `refills in ${duration(b.resetAt - now)}, at ${clock(b.resetAt)}` : 'refilled') : undefined,
  };
}

/** Builds the detail list: every limit, the last request, the current wait, then the actions. */
export function rateLimitItems(state: RateLimitState, now: number, activeKeyLabel: string | undefined, model: string, clock: ClockFormat = localClock): Item[] {
  const items: Item[] = [];
  const s = state.snapshot;
  for (const [k, name] of NAMES) {
    const b = s?.[k];
    if (b) items.push(bucketItem(name, b, now, clock));
  }
  if (!items.length) items.push({ label: '$(info) No rate-limit headers received yet' });
  if (state.retry && state.retry.until > now) {
    items.push({
      label: `$(watch) Waiting ${duration(state.retry.until - now)} before retry ${state.retry.attempt} of ${state.retry.maxRetries}`,
      detail: state.retry.reason,
    });
  }
  for (const [key, retryAt] of state.openCircuits) {
    items.push({ label: `$(circle-slash) Circuit open: ${key}`, description: retryAt && retryAt > now ? `probe in ${duration(retryAt - now)}` : undefined });
  }
  if (state.badKey) items.push({ label: `$(error) Key "${state.badKey.label}" rejected`, detail: state.badKey.reason });
  const last = state.lastRequest;
  if (last) {
    items.push({
      label: `$(history) Last request ${last.requestId ?? '(no id)'}`,
      description: `${Math.round(last.latencyMs)} ms${last.status !== undefined ? ` · HTTP ${last.status}` : ''}`,
      detail: last.model ?? last.endpoint,
    });
  }
  if (state.emulatorUrl) items.push({ label: `$(beaker) Emulator mode`, detail: `Requests go to ${state.emulatorUrl} with a placeholder key.` });
  items.push(
    { label: 'Actions', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(key) Switch key…', description: activeKeyLabel ? `now "${activeKeyLabel}"` : undefined, run: 'claudeChat.manageApiKeys' },
    { label: '$(symbol-class) Switch model…', description: `now ${model}`, run: 'claudeChat.chooseModel' },
    { label: '$(graph) Open metrics', run: 'claudeChat.showMetrics' },
  );
  return items;
}

/** Shows the detail quick pick and runs the chosen action; resolves to the action run (if any). */
export async function showRateLimits(
  prompter: Prompter,
  state: RateLimitState,
  now: number,
  activeKeyLabel: string | undefined,
  model: string,
): Promise<RateLimitAction | undefined> {
  const picked = await prompter.quickPick(rateLimitItems(state, now, activeKeyLabel, model), {
    title: 'Claude: Rate Limits',
    placeHolder: 'Limits as of the last response; pick an action',
    matchOnDescription: true,
  });
  if (!picked?.run) return undefined;
  await vscode.commands.executeCommand(picked.run);
  return picked.run;
}
