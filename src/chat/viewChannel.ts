import type { ToWebview } from '../shared/protocol';
import type { Disposable } from '../base/lifecycle';

/** What the controller needs from a webview (vscode.Webview fits structurally). */
export interface ViewPort {
  postMessage(message: ToWebview): Thenable<boolean> | Promise<boolean> | boolean | void;
  onDidReceiveMessage(listener: (message: unknown) => void): Disposable;
}

/**
 * Holds messages for the panel until it says `panel/ready`. The reply (the full state) makes earlier
 * state messages redundant, so on `ready` only transient ones (retry waits, notices, a command's prompt held over the budget) are replayed
 * after the snapshot; everything else the snapshot already contains.
 */
export class ViewChannel {
  private port: ViewPort | undefined;
  private ready = false;
  private queue: ToWebview[] = [];

  /** Attaches a (new) webview; it is not ready until it says so. */
  attach(port: ViewPort): void {
    this.port = port;
    this.ready = false;
  }

  /** Forgets a disposed webview. */
  detach(port: ViewPort): void {
    if (this.port !== port) return;
    this.port = undefined;
    this.ready = false;
  }

  /** True when a webview is attached and listening. */
  get isReady(): boolean {
    return this.ready && this.port !== undefined;
  }

  /** Posts now, or queues until `ready`. */
  post(message: ToWebview): void {
    if (this.isReady) {
      this.send(message);
      return;
    }
    if (message.type === 'answer/retryWait' || message.type === 'panel/notice' || message.type === 'panel/toggleHistory' || message.type === 'budget/held') {
      this.queue.push(message);
      if (this.queue.length > 50) this.queue.shift();
    }
  }

  /** The panel said `panel/ready`: send the reply with the full state, then the queued transient messages. */
  markReady(snapshot: ToWebview): void {
    if (!this.port) return;
    this.ready = true;
    this.send(snapshot);
    const queued = this.queue;
    this.queue = [];
    for (const m of queued) this.send(m);
  }

  private send(message: ToWebview): void {
    try {
      void Promise.resolve(this.port?.postMessage(message)).catch(() => undefined);
    } catch {
      // A disposed webview throws; the next `ready` resends everything.
    }
  }
}
