/**
 * The abort signal handed to node-fetch. node-fetch only reads `aborted` and adds/removes its one
 * 'abort' listener, and accepts any object whose class is named `AbortSignal`; Node's
 * AbortController (an EventTarget) cost about 3 % of a request's CPU for that.
 */

type Listener = () => void;

class LightAbortSignal {
  aborted = false;
  private listeners: Listener[] = [];

  addEventListener(type: string, listener: Listener): void {
    if (type === 'abort' && !this.listeners.includes(listener)) this.listeners.push(listener);
  }

  removeEventListener(type: string, listener: Listener): void {
    if (type !== 'abort') return;
    const i = this.listeners.indexOf(listener);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  /** Aborts once; listeners run synchronously, like an AbortController's. */
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    // A listener may remove itself (node-fetch does): iterate over a copy.
    for (const listener of [...this.listeners]) listener();
  }
}

// node-fetch checks `constructor.name === 'AbortSignal'`; pinned so a minifier's renaming cannot break it.
Object.defineProperty(LightAbortSignal, 'name', { value: 'AbortSignal' });

/** A fresh signal for one fetch; `abort()` fires it. */
export function createFetchSignal(): LightAbortSignal {
  return new LightAbortSignal();
}

export type FetchSignal = LightAbortSignal;
