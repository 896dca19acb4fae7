/**
 * `client.batcher`: calls are queued, sent together as one Message Batch once the batch is full or
 * its time window closed, and each caller gets its own result (or typed error) back. Batches are
 * billed at half the list price and answer within 24 hours. What is still waiting can be saved
 * (`pending()`) and picked up by another client after a restart (`resume()`); nothing is ever sent
 * twice.
 */
import type { Clock } from '../../base/clock';
import type { ClientCore } from '../core/clientCore';
import type { BatchesResource } from '../resources/batches';
import type { Disposable, Message, MessageBatch, MessageCreateBody } from '../types';
import type { BatchCounters } from './batchCounters';
import type {
  BatchAddOptions, BatchCreatedEvent, BatchEndedEvent, BatcherOptions, BatchItemOutcome, BatchItemSettledEvent,
  BatchPolledEvent, PendingBatch,
} from './types';
import { Emitter } from '../../base/emitter';
import { APIConnectionError, APIUserAbortError } from '../errors';
import { disposedError } from '../core/executor';
import { neverConnected } from '../core/attempt';
import { BatchItem } from './batchItem';
import { acceptItem, checkCustomId } from './batchIntake';
import { BatchQueue, createBody } from './batchQueue';
import { BatchWatcher } from './batchWatcher';
import { resolveBatcherOptions } from './types';

/** What the batcher is built from (the client's internals). */
export interface BatcherDeps {
  core: ClientCore;
  batches: BatchesResource;
  counters: BatchCounters;
  random: () => number;
  options?: BatcherOptions;
}

const abortError = (): APIUserAbortError => new APIUserAbortError('Request was aborted.');

/** Queues Messages requests into Message Batches; see the README, "Batch jobs". */
export class RequestBatcher {
  private options: Required<BatcherOptions>;
  private readonly clock: Clock;
  private readonly queue: BatchQueue;
  private readonly watchers = new Map<string, BatchWatcher>();
  private readonly submitting = new Set<BatchItem[]>();
  private readonly idPrefix: string;
  private idSeq = 0;
  private disposed = false;
  private readonly createdEmitter: Emitter<BatchCreatedEvent>;
  private readonly polledEmitter: Emitter<BatchPolledEvent>;
  private readonly endedEmitter: Emitter<BatchEndedEvent>;
  private readonly settledEmitter: Emitter<BatchItemSettledEvent>;

  constructor(private readonly deps: BatcherDeps) {
    this.options = resolveBatcherOptions(deps.options);
    this.clock = deps.core.clock;
    this.queue = new BatchQueue(this.clock, () => this.options, (items) => void this.submit(items));
    // A prefix per batcher keeps generated ids apart from another run's in the same workspace.
    this.idPrefix = Math.floor(deps.random() * 36 ** 6).toString(36).padStart(6, '0');
    const onListenerError = (error: unknown): void => deps.core.config().logger?.error(`batcher listener failed: ${String(error)}`);
    this.createdEmitter = new Emitter(onListenerError);
    this.polledEmitter = new Emitter(onListenerError);
    this.endedEmitter = new Emitter(onListenerError);
    this.settledEmitter = new Emitter(onListenerError);
    deps.counters.live = () => ({ waiting: this.waiting(), activeBatches: this.watchers.size });
  }

  /**
   * Queues one Messages request; resolves with its `Message`, or rejects with that item's typed
   * error (the classes `messages.create` throws, `BatchCanceledError`, `BatchExpiredError`). Params
   * the local checks refuse fail this item alone, before anything is sent.
   */
  add(params: MessageCreateBody, options: BatchAddOptions = {}): Promise<Message> {
    this.deps.counters.added++;
    const customId = options.customId ?? this.nextId();
    if (this.disposed) return this.refused(customId, disposedError(), 'aborted');
    if (options.signal?.aborted) return this.refused(customId, abortError(), 'aborted');
    let accepted;
    try {
      accepted = acceptItem(params, customId, (id) => this.queue.has(id), this.deps.core.config().apiVersion, this.options.maxBatchBytes);
    } catch (error) {
      return this.refused(customId, error, 'refused');
    }
    const item = new BatchItem(customId, accepted.bytes, options.signal);
    item.json = accepted.json;
    item.listen((i) => this.abort(i));
    this.queue.push(item);
    return item.promise;
  }

  /** Sends what is queued now, without waiting for the window; resolves with the new batch's id (none when the queue was empty or the create failed). */
  async flush(): Promise<string | undefined> {
    const items = this.queue.drain();
    return items.length === 0 ? undefined : this.submit(items);
  }

  /** Batches whose items are still waiting (plain JSON to store; queued items are not in it until sent). */
  pending(): PendingBatch[] {
    const out: PendingBatch[] = [];
    for (const watcher of this.watchers.values()) if (watcher.size > 0) out.push({ batchId: watcher.batchId, customIds: watcher.customIds() });
    return out;
  }

  /**
   * Settles the items of a batch submitted earlier (by this client or one before a restart) without
   * sending anything: polls it, reads its results, and resolves each custom id's promise. Items this
   * batcher already waits for share their promise; a batch already watched is not polled twice.
   */
  resume(state: PendingBatch, options: { signal?: AbortSignal } = {}): Map<string, Promise<Message>> {
    const out = new Map<string, Promise<Message>>();
    const existing = this.watchers.get(state.batchId);
    const watcher = existing ?? new BatchWatcher(state.batchId, this.watcherDeps());
    for (const customId of state.customIds) {
      if (out.has(customId)) continue;
      const joined = watcher.get(customId);
      if (joined) {
        out.set(customId, joined.promise);
        continue;
      }
      this.deps.counters.added++;
      if (this.disposed || options.signal?.aborted) {
        out.set(customId, this.refused(customId, this.disposed ? disposedError() : abortError(), 'aborted', state.batchId));
        continue;
      }
      try {
        checkCustomId(customId);
      } catch (error) {
        out.set(customId, this.refused(customId, error, 'refused', state.batchId));
        continue;
      }
      const item = new BatchItem(customId, 0, options.signal);
      item.listen((i) => this.abort(i, watcher));
      watcher.add(item);
      out.set(customId, item.promise);
    }
    if (!existing && watcher.size > 0) {
      this.watchers.set(state.batchId, watcher);
      watcher.start(0);
    }
    return out;
  }

  /** Asks the API to cancel a batch; its waiting items settle from the results (`BatchCanceledError` for those not processed). */
  async cancel(batchId: string): Promise<MessageBatch> {
    const batch = await this.deps.batches.cancel(batchId);
    this.deps.counters.cancels++;
    this.watchers.get(batchId)?.hurry();
    return batch;
  }

  /** Changes the tuning live; the current window and polls keep the values they started with. */
  configure(options: BatcherOptions): void {
    this.options = resolveBatcherOptions(options, this.options);
  }

  /** Fires when a batch was created (store `batchId` and `customIds` to resume after a restart). */
  onBatchCreated(listener: (event: BatchCreatedEvent) => void): Disposable {
    return this.createdEmitter.event(listener);
  }

  /** Fires after every answered poll, with the batch's status and request counts. */
  onBatchPolled(listener: (event: BatchPolledEvent) => void): Disposable {
    return this.polledEmitter.event(listener);
  }

  /** Fires when a batch ended and its results were read. */
  onBatchEnded(listener: (event: BatchEndedEvent) => void): Disposable {
    return this.endedEmitter.event(listener);
  }

  /** Fires once per item when it settles. */
  onItemSettled(listener: (event: BatchItemSettledEvent) => void): Disposable {
    return this.settledEmitter.event(listener);
  }

  /** Ends everything waiting (each item rejects with "Client was disposed."); batches already sent keep running on the API. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const item of this.queue.drain()) this.settle(item, 'aborted', disposedError(), undefined);
    for (const items of this.submitting) for (const item of items) this.settle(item, 'aborted', disposedError(), undefined);
    for (const watcher of [...this.watchers.values()]) watcher.stop(disposedError);
    this.createdEmitter.dispose();
    this.polledEmitter.dispose();
    this.endedEmitter.dispose();
    this.settledEmitter.dispose();
  }

  private waiting(): number {
    let n = this.queue.size;
    for (const items of this.submitting) for (const item of items) if (!item.settled) n++;
    for (const watcher of this.watchers.values()) n += watcher.size;
    return n;
  }

  private nextId(): string {
    let id: string;
    do id = `b${this.idPrefix}-${(++this.idSeq).toString(36)}`;
    while (this.queue.has(id));
    return id;
  }

  /** Sends one batch. A failed create fails its items; one the API may have received is never repeated. */
  private async submit(items: BatchItem[]): Promise<string | undefined> {
    const { counters, core } = this.deps;
    const body = createBody(items);
    for (const item of items) {
      item.state = 'submitting';
      item.json = undefined;
    }
    counters.submitted += items.length;
    this.submitting.add(items);
    let batch: MessageBatch;
    try {
      batch = await core.fetchJson<MessageBatch>({ method: 'POST', path: '/v1/messages/batches', bodyText: body, options: {}, repeatable: false });
    } catch (error) {
      // A connection that failed after the request may have reached the server leaves the batch in
      // doubt: say so (the executor did not repeat it).
      const failure = error instanceof APIConnectionError && !neverConnected(error)
        ? new (error.constructor as typeof APIConnectionError)(`${error.message} (the batch may have been created; it was not sent again)`, { cause: error, type: error.type })
        : error;
      for (const item of items) this.settle(item, 'failed', failure, undefined);
      return undefined;
    } finally {
      this.submitting.delete(items);
    }
    counters.created++;
    const watcher = new BatchWatcher(batch.id, this.watcherDeps());
    for (const item of items) if (!item.settled) watcher.add(item);
    this.createdEmitter.fire({ batchId: batch.id, customIds: watcher.customIds(), batch });
    if (this.disposed) return batch.id;
    if (watcher.size === 0) {
      // Every caller gave up while the create was on its way: nobody wants these results.
      this.cancelUnwanted(batch.id);
      return batch.id;
    }
    this.watchers.set(batch.id, watcher);
    watcher.start(this.options.pollIntervalMs);
    return batch.id;
  }

  /** A caller aborted: a queued item leaves the queue, a sent one detaches from its batch. */
  private abort(item: BatchItem, watcher?: BatchWatcher): void {
    if (item.settled) return;
    if (item.state === 'queued') this.queue.remove(item);
    const owner = watcher ?? [...this.watchers.values()].find((w) => w.get(item.customId) === item);
    this.settle(item, 'aborted', abortError(), owner?.batchId);
    if (owner?.detach(item)) {
      owner.stop();
      this.cancelUnwanted(owner.batchId);
    }
  }

  private cancelUnwanted(batchId: string): void {
    this.deps.counters.cancels++;
    this.deps.batches.cancel(batchId).catch((error: unknown) => {
      this.deps.core.config().logger?.warn(`batch ${batchId}: cancel failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private settle(item: BatchItem, outcome: BatchItemOutcome, value: unknown, batchId: string | undefined): void {
    if (!item.settle(outcome, value)) return;
    this.deps.counters.settled(outcome);
    this.settledEmitter.fire({ batchId, customId: item.customId, outcome });
  }

  /** A promise for an item that never joins a batch. */
  private refused(customId: string, error: unknown, outcome: BatchItemOutcome, batchId?: string): Promise<Message> {
    const item = new BatchItem(customId, 0, undefined);
    this.settle(item, outcome, error, batchId);
    return item.promise;
  }

  private watcherDeps(): ConstructorParameters<typeof BatchWatcher>[1] {
    return {
      core: this.deps.core,
      batches: this.deps.batches,
      clock: this.clock,
      counters: this.deps.counters,
      options: () => this.options,
      logger: () => this.deps.core.config().logger,
      settle: (item, outcome, value, batchId) => this.settle(item, outcome, value, batchId),
      polled: (event) => this.polledEmitter.fire(event),
      ended: (event) => this.endedEmitter.fire(event),
      finished: (watcher) => {
        if (this.watchers.get(watcher.batchId) === watcher) this.watchers.delete(watcher.batchId);
      },
    };
  }
}
