import type * as vscode from 'vscode';
import type { ModelLike } from './commandDeps';

/** A quick pick item that carries its model id. */
export interface ModelItem extends vscode.QuickPickItem {
  readonly modelId: string;
}

/**
 * Quick pick items for the model picker: the current model first and ticked (even when the API
 * does not list it, e.g. a gateway alias), then the others newest first.
 */
export function modelItems(models: readonly ModelLike[], current: string): ModelItem[] {
  const sorted = [...models].sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''));
  const items = sorted.map<ModelItem>((m) => ({
    modelId: m.id,
    label: m.id === current ? `$(check) ${m.display_name ?? m.id}` : m.display_name ?? m.id,
    description: m.id === current ? `${m.id} · current` : m.id,
  }));
  const currentItems = items.filter((i) => i.modelId === current);
  if (current && currentItems.length === 0) {
    currentItems.push({ modelId: current, label: `$(check) ${current}`, description: 'current · not listed by /v1/models' });
  }
  return [...currentItems, ...items.filter((i) => i.modelId !== current)];
}
