import * as vscode from 'vscode';
import type { ModelLike } from './commandDeps';
import type { ModelCache } from './modelCache';
import { modelItems } from './modelItems';
import type { Prompter } from '../ui/prompter';

/** Section and key of the model setting. */
export const MODEL_SETTING = { section: 'claudeChat', key: 'model' } as const;

/** Writes where it takes effect: a workspace value would shadow a global one. */
async function writeModel(id: string): Promise<void> {
  const config = vscode.workspace.getConfiguration(MODEL_SETTING.section);
  const inspected = config.inspect<string>(MODEL_SETTING.key);
  const target =
    inspected?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : inspected?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await config.update(MODEL_SETTING.key, id, target);
}

/**
 * `claudeChat.chooseModel [modelId]`: a quick pick fed by `GET /v1/models` (cached), or the given
 * id (checked against the list), written to `claudeChat.model`. Resolves with the chosen id.
 */
export function chooseModelCommand(cache: ModelCache, prompter: Prompter) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const current = vscode.workspace.getConfiguration(MODEL_SETTING.section).get<string>(MODEL_SETTING.key, '');
    let models: readonly ModelLike[];
    try {
      models = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Claude: Fetching the model list…' },
        () => cache.get(),
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!cache.stale) {
        void prompter.error(`Could not list models: ${message}`);
        return undefined;
      }
      // Offline or rate limited: the list from earlier is better than no picker.
      void prompter.warn(`Could not refresh the model list (${message}); showing the list from earlier.`);
      models = cache.stale;
    }
    let chosen: string | undefined;
    if (typeof arg === 'string') {
      if (!models.some((m) => m.id === arg)) {
        void prompter.error(`Unknown model "${arg}": it is not in the list the API returned.`);
        return undefined;
      }
      chosen = arg;
    } else {
      const picked = await prompter.quickPick(modelItems(models, current), { title: 'Choose Claude model', placeHolder: `Current: ${current || 'none'}`, matchOnDescription: true });
      chosen = picked?.modelId;
    }
    if (chosen === undefined) {
      return undefined;
    }
    if (chosen !== current) {
      await writeModel(chosen);
    }
    return chosen;
  };
}
