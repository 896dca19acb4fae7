/**
 * A first-come, first-served limit on requests in flight. Global fetch has no per-client
 * `maxSockets`; this gives the fetch transport the same bound (and the same queueing) as the
 * node agents, so `maxSockets` means one thing whichever transport runs.
 */

/** Something waiting for a slot. */
export interface SlotWaiter {
  /** Called once a slot is this waiter's. */
  granted(): void;
}

/** See the file comment. */
export class Slots {
  private used = 0;
  private readonly queue: SlotWaiter[] = [];

  constructor(private readonly max: number) {}

  /** Takes a slot now (true) or queues `waiter` for the next free one (false). */
  take(waiter: SlotWaiter): boolean {
    if (this.used < this.max) {
      this.used++;
      return true;
    }
    this.queue.push(waiter);
    return false;
  }

  /** Leaves the queue without a slot (an abort while waiting). */
  leave(waiter: SlotWaiter): void {
    const i = this.queue.indexOf(waiter);
    if (i >= 0) this.queue.splice(i, 1);
  }

  /** Gives a slot back; the longest waiter gets it. */
  release(): void {
    const next = this.queue.shift();
    if (next) next.granted();
    else this.used--;
  }
}
