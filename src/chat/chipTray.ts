import type { ChipView } from '../shared/chatTypes';
import type { Notice } from '../shared/protocol';
import type { ContextItem, EditorBridge } from './types';

/** The context attached to the next prompt (host side: the panel only sees labels). */
export class ChipTray {
  private items: ContextItem[] = [];

  constructor(private readonly newId: () => string) {}

  /** Adds context and returns its chip id; the same file or range attached twice replaces the older chip. */
  add(item: Omit<ContextItem, 'id'>): string {
    const id = this.newId();
    this.items = [...this.items.filter((c) => !(c.kind === item.kind && c.label === item.label)), { ...item, id }];
    return id;
  }

  remove(id: string): void {
    this.items = this.items.filter((c) => c.id !== id);
  }

  /** The chips with these ids, left attached (what a send would take). */
  peek(ids: readonly string[]): ContextItem[] {
    return this.items.filter((c) => ids.includes(c.id));
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

  /** Carries out the panel's attach / remove request; the chips after it, and why nothing was attached. */
  handle(what: 'context/attachSelection' | 'context/attachFile' | { readonly remove: string }, editor: EditorBridge): { chips: ChipView[]; notice?: Notice } {
    if (typeof what !== 'string') {
      this.remove(what.remove);
      return { chips: this.views() };
    }
    const selection = what === 'context/attachSelection';
    const item = selection ? editor.selection() : editor.activeFile();
    if (!item) return { chips: this.views(), notice: { level: 'warn', message: selection ? 'Select some text in an editor first.' : 'Open a file in an editor first.' } };
    this.add(item);
    return { chips: this.views() };
  }
}
