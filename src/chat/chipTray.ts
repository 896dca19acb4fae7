import type { ChipView } from '../shared/chatTypes';
import type { ContextItem } from './types';

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
}
