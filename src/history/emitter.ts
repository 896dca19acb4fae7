import type { HistoryDisposable, HistoryEvent } from './historyTypes';

/**
 * Minimal event emitter with vscode.EventEmitter's shape, so the store stays free of vscode
 * and still plugs into `context.subscriptions` style code.
 */
export class HistoryEmitter<T> {
  private listeners = new Set<(e: T) => unknown>();
  private disposed = false;

  /** Subscribe; the returned handle unsubscribes. */
  readonly event: HistoryEvent<T> = (listener) => {
    if (this.disposed) {
      return { dispose: () => undefined };
    }
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) } satisfies HistoryDisposable;
  };

  /** Calls every listener; a throwing listener does not stop the others. */
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (err) {
        // A listener bug must not break a save; surface it where a developer will look.
        console.error('[claude-chat] history listener failed', err);
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }
}
