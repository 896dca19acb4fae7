/** A disposable, as vscode defines it (kept structural so this folder's logic runs in plain Node). */
export interface Disposable {
  dispose(): void;
}

/** vscode's Event<T> shape. */
export type Listener<T> = (listener: (value: T) => void) => Disposable;

/** Minimal EventEmitter with vscode's surface (event, fire, dispose). */
export class Emitter<T> implements Disposable {
  private listeners = new Set<(value: T) => void>();

  /** Subscribe; dispose the result to unsubscribe. */
  readonly event: Listener<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  /** Calls every listener; one failing listener does not stop the others. */
  fire(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch {
        // A listener's bug must not break the controller's state machine.
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
