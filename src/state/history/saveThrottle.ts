import type { Conversation } from '../historyTypes';
import type { Clock } from '../../base/clock';

interface Entry {
  lastWriteAt: number;
  latest?: Conversation;
  timer?: unknown;
}

/**
 * Throttles saves of a growing conversation (a streaming answer): the first change is written at
 * once, later ones at most every `intervalMs`, and the newest state is always written in the end.
 * So while an answer grows, the file is never more than `intervalMs` behind.
 */
export class SaveThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly write: (conv: Conversation) => void,
  ) {}

  /** Records `conv` as the newest state; writes now or schedules a write. */
  request(conv: Conversation): void {
    const now = this.clock.now();
    let entry = this.entries.get(conv.id);
    if (!entry) {
      entry = { lastWriteAt: Number.NEGATIVE_INFINITY };
      this.entries.set(conv.id, entry);
    }
    if (entry.timer === undefined && now - entry.lastWriteAt >= this.intervalMs) {
      entry.lastWriteAt = now;
      this.write(conv);
      return;
    }
    entry.latest = conv;
    if (entry.timer === undefined) {
      const due = Math.max(0, entry.lastWriteAt + this.intervalMs - now);
      entry.timer = this.clock.setTimeout(() => this.fire(conv.id), due);
    }
  }

  /** Writes every pending state now. */
  flushAll(): void {
    for (const id of [...this.entries.keys()]) {
      this.fire(id);
    }
  }

  /** Forgets the pending state of `id` (a direct save or a delete supersedes it). */
  cancel(id: string): void {
    const entry = this.entries.get(id);
    if (entry?.timer !== undefined) {
      this.clock.clearTimeout(entry.timer);
    }
    this.entries.delete(id);
  }

  /** True when `id` has a state waiting to be written. */
  hasPending(id: string): boolean {
    return this.entries.get(id)?.latest !== undefined;
  }

  private fire(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) {
      return;
    }
    if (entry.timer !== undefined) {
      this.clock.clearTimeout(entry.timer);
      entry.timer = undefined;
    }
    const conv = entry.latest;
    entry.latest = undefined;
    if (conv) {
      entry.lastWriteAt = this.clock.now();
      this.write(conv);
    }
  }
}
