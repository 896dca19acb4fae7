/**
 * Lifetimes, shaped like VS Code's (`vscode.Disposable`, and `DisposableStore` / `MutableDisposable`
 * from its `base/common/lifecycle`), but structural and import-free, so the library, the panel and
 * plain-Node tests use the same ones as the host.
 */

/** Something that holds a resource or a subscription until `dispose()`. */
export interface Disposable {
  dispose(): void;
}

/** Wraps a cleanup function; calling `dispose()` more than once runs it once. */
export function toDisposable(cleanup: () => void): Disposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      cleanup();
    },
  };
}

/**
 * Disposes every item in `items`, in reverse order (last built, first torn down); one failing
 * item does not stop the others. The first error is rethrown after all ran.
 */
export function disposeAll(items: Iterable<Disposable>): void {
  const errors: unknown[] = [];
  for (const item of [...items].reverse()) {
    try {
      item.dispose();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw errors[0];
}

/**
 * Owns many disposables and disposes them together, newest first. Adding to a store that is
 * already disposed disposes the item at once, so a late registration never leaks.
 */
export class DisposableStore implements Disposable {
  private readonly items = new Set<Disposable>();
  private disposed = false;

  /** Whether {@link dispose} ran. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Registers `item` and returns it, so a field can be built and registered in one expression. */
  add<T extends Disposable>(item: T): T {
    if (this.disposed) {
      item.dispose();
    } else {
      this.items.add(item);
    }
    return item;
  }

  /** Disposes `item` now and forgets it. */
  delete(item: Disposable): void {
    this.items.delete(item);
    item.dispose();
  }

  /** Disposes everything registered so far; the store stays usable. */
  clear(): void {
    const items = [...this.items];
    this.items.clear();
    disposeAll(items);
  }

  /** Disposes everything and refuses (disposes at once) anything added later. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clear();
  }
}

/** Holds at most one disposable: setting a new value disposes the previous one. */
export class MutableDisposable<T extends Disposable> implements Disposable {
  private current: T | undefined;
  private disposed = false;

  /** The value held now. */
  get value(): T | undefined {
    return this.current;
  }

  /** Replaces the value, disposing the previous one; after {@link dispose}, disposes `next` at once. */
  set value(next: T | undefined) {
    if (this.disposed) {
      next?.dispose();
      return;
    }
    if (next === this.current) return;
    const previous = this.current;
    this.current = next;
    previous?.dispose();
  }

  /** Disposes the value held, keeping this holder usable. */
  clear(): void {
    this.value = undefined;
  }

  dispose(): void {
    if (this.disposed) return;
    this.clear();
    this.disposed = true;
  }
}
