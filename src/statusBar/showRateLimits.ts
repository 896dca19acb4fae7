import * as vscode from 'vscode';
import type { RateLimitBucket } from '../api';
import type { Prompter } from '../auth/prompter';
import type { RateLimitState } from './rateLimitView';
import { duration } from './rateLimitView';

/** Actions offered under the limits; each runs a command. */
export type RateLimitAction = 'claudeChat.manageApiKeys' | 'claudeChat.chooseModel' | 'claudeChat.showApiMetrics';

type Item = vscode.QuickPickItem & { readonly run?: RateLimitAction };

const NAMES = [
  ['requests', 'Requests'],
  ['tokens', 'Tokens'],
  ['inputTokens', 'Input tokens'],
  ['outputTokens', 'Output tokens'],
] as const;

function bucketItem(name: string, b: RateLimitBucket, now: number): Item {
  const pct = b.limit && b.remaining !== undefined ? ` (${Math.round((b.remaining / b.limit) * 100)}%)` : '';
  return {
    label: `$(dashboard) ${name}: ${b.remaining ?? '—'} / ${b.limit ?? '—'}${pct}`,
    description: b.resetAt !== undefined ? (b.resetAt > now ? `resets in ${duration(b.resetAt - now)}` : 'reset') : undefined,
    detail: b.reset ? `reset at ${b.reset}` : undefined,
  };
}

/** Builds the detail list: every limit, the last request, the current wait, then the actions. */
export function rateLimitItems(state: RateLimitState, now: number, activeKeyLabel: string | undefined, model: string): Item[] {
  const items: Item[] = [];
  const s = state.snapshot;
  for (const [k, name] of NAMES) {
    const b = s?.[k];
    if (b) items.push(bucketItem(name, b, now));
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
      detail: last.model,
    });
  }
  if (state.emulatorUrl) items.push({ label: `$(beaker) Emulator mode`, detail: `Requests go to ${state.emulatorUrl} with a placeholder key.` });
  items.push(
    { label: 'Actions', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(key) Switch key…', description: activeKeyLabel ? `now "${activeKeyLabel}"` : undefined, run: 'claudeChat.manageApiKeys' },
    { label: '$(symbol-class) Switch model…', description: `now ${model}`, run: 'claudeChat.chooseModel' },
    { label: '$(graph) Show API metrics', description: 'latency, errors, rate limits, tokens and cost over time', run: 'claudeChat.showApiMetrics' },
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
