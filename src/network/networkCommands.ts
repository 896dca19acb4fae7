import * as vscode from 'vscode';
import type { Prompter } from '../ui/prompter';
import type { SigningSecretStore } from './signingSecret';

/** Command ids this file registers. */
export type NetworkCommandId = 'claudeChat.setGatewaySigningSecret' | 'claudeChat.clearGatewaySigningSecret';

/** What the commands resolve to (tests read it instead of the UI). */
export type NetworkCommandResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Everything the commands need. */
export interface NetworkCommandDeps {
  readonly secret: SigningSecretStore;
  readonly prompter: Prompter;
  readonly log: { info(message: string): void };
}

/** Palette and menus may pass unrelated arguments: only a plain object is taken as args. */
function secretArg(value: unknown): string | undefined {
  const plain = typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
  const secret = plain ? (value as { secret?: unknown }).secret : undefined;
  return typeof secret === 'string' ? secret : undefined;
}

/** Claude: Set Gateway Signing Secret (args `{ secret }` skip the prompt). */
export async function setSigningSecret(deps: NetworkCommandDeps, given?: string): Promise<NetworkCommandResult> {
  const value =
    given ??
    (await deps.prompter.inputBox({
      title: 'Claude: Set Gateway Signing Secret',
      prompt: 'The HMAC secret your company gateway checks request signatures with. Kept in VS Code secret storage only.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'The secret cannot be empty.'),
    }));
  if (value === undefined) return { ok: false, reason: 'cancelled' };
  try {
    await deps.secret.set(value);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    void deps.prompter.error(`Claude Chat: ${reason}`);
    return { ok: false, reason };
  }
  deps.log.info('Gateway signing secret set: requests are signed from now on.');
  void deps.prompter.info('Claude Chat: requests are signed for your gateway from now on.');
  return { ok: true };
}

/** Claude: Clear Gateway Signing Secret. */
export async function clearSigningSecret(deps: NetworkCommandDeps): Promise<NetworkCommandResult> {
  if (!deps.secret.isSet) {
    void deps.prompter.info('Claude Chat: no gateway signing secret is set.');
    return { ok: true };
  }
  await deps.secret.clear();
  deps.log.info('Gateway signing secret cleared: requests are no longer signed.');
  void deps.prompter.info('Claude Chat: gateway signing secret cleared; requests are no longer signed.');
  return { ok: true };
}

/** Registers both commands. */
export function registerNetworkCommands(deps: NetworkCommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('claudeChat.setGatewaySigningSecret' satisfies NetworkCommandId, (args?: unknown) => setSigningSecret(deps, secretArg(args))),
    vscode.commands.registerCommand('claudeChat.clearGatewaySigningSecret' satisfies NetworkCommandId, () => clearSigningSecret(deps)),
  ];
}
