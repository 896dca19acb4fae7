/** The one event emitter, with VS Code's surface (`event`, `fire`, `dispose`) and no imports of it. */
import type { Disposable } from './lifecycle';

/** vscode's `Event<T>`: subscribe with a listener; dispose the result to unsubscribe. */
export type Event<T> = (listener: (value: T) => unknown) => Disposable;

/**
 * Listeners of one event. A throwing listener never stops the others or the code that fired:
 * its error goes to `onListenerError` (silently dropped without one).
 */
export class Emitter<T> implements Disposable {
  private readonly listeners = new Set<(value: T) => unknown>();
  private disposed = false;

  constructor(private readonly onListenerError?: (error: unknown) => void) {}

  /** Subscribe; dispose the result to unsubscribe. After {@link dispose}, subscribing does nothing. */
  readonly event: Event<T> = (listener) => {
    if (this.disposed) return { dispose: () => undefined };
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  };

  /** Calls every listener with `value`, in subscription order. */
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        this.onListenerError?.(error);
      }
    }
  }

  /** Drops every listener; later subscriptions are ignored. */
  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }
}
