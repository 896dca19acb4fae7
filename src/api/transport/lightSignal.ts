/**
 * A light abort signal for the request path. The library only reads `aborted` and adds/removes
 * 'abort' listeners; Node's AbortController is an EventTarget whose listener bookkeeping costs
 * about 8 µs per add/remove pair, which showed up in every request's time to first token.
 */

import type { AbortSignalLike } from '../../base/clock';

type Listener = () => void;

/** What the request path reads of a signal; a DOM/Node `AbortSignal` fits it too. */
export type AbortLike = AbortSignalLike;

/** A signal plus its `abort()`. */
export class LightAbortSignal implements AbortLike {
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

  /** Aborts once; listeners run synchronously and once each, like an AbortController's. */
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }
}

/** A fresh signal; `abort()` fires it. */
export function createLightSignal(): LightAbortSignal {
  return new LightAbortSignal();
}

/** One signal that aborts when either `a` or `b` does; `unlink()` stops listening to both. */
export function linkSignals(a: AbortLike | undefined, b: AbortLike): { signal: AbortLike; unlink: () => void } {
  if (!a) return { signal: b, unlink: () => undefined };
  const linked = new LightAbortSignal();
  const fire = (): void => linked.abort();
  if (a.aborted || b.aborted) linked.abort();
  else {
    a.addEventListener('abort', fire);
    b.addEventListener('abort', fire);
  }
  return {
    signal: linked,
    unlink: () => {
      a.removeEventListener('abort', fire);
      b.removeEventListener('abort', fire);
    },
  };
}
