/**
 * Runs operations one at a time, in call order, and says whether any is queued or running.
 * Used where our own writes echo back later as change events (SecretStorage): while `busy`, an
 * echo is ours and must not undo a newer write. A failed operation rejects its caller only; the
 * queue goes on with the next.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  /** True while an operation is queued or running. */
  get busy(): boolean {
    return this.pending > 0;
  }

  /** Queues `op` after every earlier one; resolves or rejects as it does. */
  run<T>(op: () => PromiseLike<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(() => op()).finally(() => this.pending--);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
