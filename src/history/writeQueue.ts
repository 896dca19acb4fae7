/** What runs for one queued operation. */
type Run = () => Promise<void>;

interface Task {
  run: Run;
  readonly coalescable: boolean;
  readonly waiters: { resolve(): void; reject(err: unknown): void }[];
}

interface KeyQueue {
  readonly tasks: Task[];
  drained: Promise<void>;
}

/**
 * Runs file operations one at a time per key (a conversation id), in call order.
 * Consecutive coalescable tasks that have not started yet collapse into the newest one: when three
 * saves of one conversation arrive during a write, only the last is written and all three callers
 * resolve with it (the last one wins, and nobody writes a state that is already stale).
 * Non-coalescable tasks (delete, moving a corrupt file aside) always run, in order.
 */
export class KeyedWriteQueue {
  private readonly queues = new Map<string, KeyQueue>();

  /** Queues `run` for `key`; resolves when it (or a newer task it was folded into) has run. */
  enqueue(key: string, run: Run, coalescable: boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let queue = this.queues.get(key);
      const last = queue?.tasks[queue.tasks.length - 1];
      if (coalescable && last?.coalescable) {
        last.run = run;
        last.waiters.push({ resolve, reject });
        return;
      }
      const task: Task = { run, coalescable, waiters: [{ resolve, reject }] };
      if (queue) {
        queue.tasks.push(task);
        return;
      }
      queue = { tasks: [task], drained: Promise.resolve() };
      this.queues.set(key, queue);
      queue.drained = this.drain(key, queue);
    });
  }

  /** True while `key` has queued or running work. */
  isBusy(key: string): boolean {
    return this.queues.has(key);
  }

  /** Resolves once every queue is empty, including work queued while waiting. */
  async idle(): Promise<void> {
    while (this.queues.size > 0) {
      await Promise.all([...this.queues.values()].map((q) => q.drained));
    }
  }

  private async drain(key: string, queue: KeyQueue): Promise<void> {
    for (let task = queue.tasks.shift(); task; task = queue.tasks.shift()) {
      try {
        await task.run();
        task.waiters.forEach((w) => w.resolve());
      } catch (err) {
        task.waiters.forEach((w) => w.reject(err));
      }
    }
    this.queues.delete(key);
  }
}
