import type { ChipView } from '../shared/chatTypes';
import type { ToHost, ToWebview } from '../shared/protocol';
import type { ContextItem, EditorBridge } from './types';

/** The context attached to the next prompt (host side: the panel only sees labels). */
export class ChipTray {
  private items: ContextItem[] = [];

  constructor(private readonly newId: () => string) {}

  /** Adds context; the same file or range attached twice replaces the older chip. */
  add(item: Omit<ContextItem, 'id'>): void {
    this.items = [...this.items.filter((c) => !(c.kind === item.kind && c.label === item.label)), { ...item, id: this.newId() }];
  }

  remove(id: string): void {
    this.items = this.items.filter((c) => c.id !== id);
  }

  /** Removes and returns the chips with these ids (they go with a prompt). */
  take(ids: readonly string[]): ContextItem[] {
    const taken = this.items.filter((c) => ids.includes(c.id));
    this.items = this.items.filter((c) => !ids.includes(c.id));
    return taken;
  }

  clear(): void {
    this.items = [];
  }

  views(): ChipView[] {
    return this.items.map((c) => ({ id: c.id, kind: c.kind, label: c.label }));
  }

  /** Carries out the panel's attach / remove request; returns the reply (the chips, or why not). */
  handle(m: Extract<ToHost, { type: 'attachSelection' | 'attachFile' | 'removeChip' }>, editor: EditorBridge): ToWebview {
    if (m.type === 'removeChip') {
      this.remove(m.chipId);
    } else {
      const item = m.type === 'attachSelection' ? editor.selection() : editor.activeFile();
      if (!item) return { type: 'notice', level: 'warn', message: m.type === 'attachSelection' ? 'Select some text in an editor first.' : 'Open a file in an editor first.' };
      this.add(item);
    }
    return { type: 'chips', chips: this.views() };
  }
}
