// Batched: buffer events and call the handler with up to maxBatchSize of them, when the buffer is
// full or maxLatency ms after the FIRST buffered event. One batch runs at a time; the whole batch
// is acked after the handler succeeds and retried (with backoff) when it throws.
import { containsId, errorText, takesMeta, type Delivery, type DispatchHost, type Dispatcher } from './delivery';
import { Signal } from './signal';
import type { BatchedHandler, DeliveryMeta } from './types';

type FlushReason = 'size' | 'latency' | 'stop';

export class BatchedDispatcher<T> implements Dispatcher {
  private buffer: Delivery[] = [];
  private running: Delivery[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** Date.now() at which the armed timer fires. */
  private timerDue = 0;
  private flushing = false;
  /** When the running batch was handed to the handler (one batch runs at a time). */
  private deliveredAt = 0;
  private readonly done = new Signal();
  private abandoned = false;
  private readonly withMetas: boolean;

  constructor(
    private readonly host: DispatchHost,
    private readonly handler: BatchedHandler<T>,
    private readonly maxLatency: number,
    private readonly maxBatchSize: number,
    private readonly prefetch: number,
  ) {
    this.withMetas = takesMeta(handler);
  }

  load(): number {
    return this.buffer.length + this.running.length;
  }

  wants(): number {
    const room = Math.max(this.maxBatchSize, this.prefetch) - this.buffer.length;
    return room > 0 ? room : 0;
  }

  holds(id: string): boolean {
    return containsId(this.buffer, id) || containsId(this.running, id);
  }

  push(d: Delivery): void {
    if (!this.host.screen(d)) return;
    this.buffer.push(d);
    if (this.buffer.length >= this.maxBatchSize) this.flush('size');
    else if (this.buffer.length === 1) this.armTimer(this.maxLatency);
  }

  pump(): void {
    if (this.buffer.length >= this.maxBatchSize) this.flush('size');
  }

  /**
   * The latency timer, armed when a first event is buffered. A flush leaves it armed: a drain
   * flushes by size thousands of times a second and creating and clearing a timer for each batch
   * cost more than the rest of the batch bookkeeping (worker CPU profiles). When it fires it flushes
   * only if the oldest buffered event has waited maxLatency, else it is armed again for the rest.
   */
  private armTimer(ms: number): void {
    const due = Date.now() + ms;
    // One already armed fires no later and looks again then.
    if (this.timer && this.timerDue <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(this.onTimer, Math.max(0, ms));
  }

  private readonly onTimer = (): void => {
    this.timer = null;
    if (this.buffer.length === 0 || this.abandoned) return;
    const waited = Date.now() - this.buffer[0].receivedAt;
    if (waited >= this.maxLatency) this.flush('latency');
    else this.armTimer(this.maxLatency - waited);
  };

  /**
   * Starts the next batch. A batch whose handler returns no promise is acked and finished before
   * the next one starts here, in this loop (no recursion however many batches are buffered);
   * one that returns a promise, or throws, or needs its hold confirmed, finishes later in finish().
   */
  private flush(reason: FlushReason): void {
    for (let next: FlushReason | null = reason; next !== null; next = this.nextFlush(next === 'stop')) {
      if (this.flushing || this.buffer.length === 0 || this.abandoned) return;
      this.flushing = true;
      // Usually the buffer is exactly one batch: it becomes the running batch without a copy.
      if (this.buffer.length <= this.maxBatchSize) {
        this.running = this.buffer;
        this.buffer = [];
      } else this.running = this.buffer.splice(0, this.maxBatchSize);
      if (!this.runFirst(this.running, next)) return;
      this.flushing = false;
      this.running = [];
      this.done.notify();
      this.host.capacityFreed();
    }
  }

  /** After a batch: what to flush now (null: nothing, or the latency timer is armed for it). */
  private nextFlush(stopping: boolean): FlushReason | null {
    if (this.buffer.length === 0 || this.abandoned) return null;
    if (stopping) return 'stop';
    if (this.buffer.length >= this.maxBatchSize) return 'size';
    // The latency clock of what is left started when its first event arrived.
    const waited = Date.now() - this.buffer[0].receivedAt;
    if (waited >= this.maxLatency) return 'latency';
    this.armTimer(this.maxLatency - waited);
    return null;
  }

  /**
   * The first attempt, without a promise of the engine's own when the handler returns none and
   * every entry is still surely this instance's. True: the batch is done (acked). False: it
   * continues asynchronously (a returned promise, a failure, or a hold to confirm) and ends in finish().
   */
  private runFirst(batch: Delivery[], reason: FlushReason): boolean {
    if (!this.allFresh(batch)) {
      this.finishLater(this.runBatch(batch, reason), batch, reason);
      return false;
    }
    let result: Promise<void> | void;
    try {
      result = this.callHandler(batch);
    } catch (error) {
      this.finishLater(this.runBatch(batch, reason, { error }), batch, reason);
      return false;
    }
    if (result !== undefined && result !== null && typeof result.then === 'function') {
      this.finishLater(
        result.then(
          () => this.succeeded(batch, reason),
          (error: unknown) => this.runBatch(batch, reason, { error }),
        ),
        batch,
        reason,
      );
      return false;
    }
    this.succeeded(batch, reason);
    return true;
  }

  private succeeded(batch: Delivery[], reason: FlushReason): void {
    if (this.abandoned) return;
    const t0 = this.deliveredAt;
    this.host.ack(batch, t0, Date.now() - t0);
    this.host.flushed(batch.length, reason);
  }

  private finishLater(work: Promise<void>, batch: Delivery[], reason: FlushReason): void {
    void work
      .catch((e: unknown) => {
        // Only an engine bug gets here; the batch stays pending and will be claimed or re-read.
        for (const d of batch) this.host.failed(d, e);
      })
      .then(() => this.finish(reason));
  }

  /** A batch that went on asynchronously is done: the next one may start. */
  private finish(reason: FlushReason): void {
    if (this.abandoned) return;
    this.running = [];
    this.flushing = false;
    this.done.notify();
    this.host.capacityFreed();
    const next = this.nextFlush(reason === 'stop');
    if (next !== null) this.flush(next);
  }

  /** Marks the batch delivered and hands it to the handler: its events, and their metas in the same order (if it takes them). */
  private callHandler(batch: readonly Delivery[]): Promise<void> | void {
    const events = new Array<T>(batch.length);
    const metas = this.withMetas ? new Array<DeliveryMeta>(batch.length) : null;
    this.deliveredAt = this.host.markDelivered(batch, metas);
    for (let i = 0; i < batch.length; i++) events[i] = batch[i].value as T;
    return metas ? this.handler(events, metas) : (this.handler as (batch: T[]) => Promise<void> | void)(events);
  }

  /**
   * Attempts with retries (backoff) until the handler succeeds, the entries are dead-lettered or
   * the subscription stops. `first`: the first attempt already ran (in runFirst) and failed with this.
   */
  private async runBatch(batch: Delivery[], reason: FlushReason, first?: { error: unknown }): Promise<void> {
    // Entries whose hold may have lapsed are confirmed first: a peer may own some of them now.
    let current = first || this.allFresh(batch) ? batch : await this.host.confirm(batch);
    for (let attempt = 1; current.length > 0; attempt++) {
      if (this.abandoned) return;
      try {
        if (attempt === 1 && first) throw first.error;
        await this.callHandler(current);
      } catch (e) {
        if (this.abandoned) return;
        const dead: Delivery[] = [];
        const alive: Delivery[] = [];
        for (const d of current) {
          this.host.failed(d, e);
          (d.deliveryCount >= this.host.maxDeliveries ? dead : alive).push(d);
        }
        for (const d of dead) await this.host.deadLetter(d, errorText(e));
        if (alive.length === 0 || !this.host.canRetry()) return;
        current = await this.host.retry(alive, attempt);
        continue;
      }
      this.succeeded(current, reason);
      return;
    }
  }

  private allFresh(batch: readonly Delivery[]): boolean {
    const now = Date.now();
    for (let i = 0; i < batch.length; i++) if (!this.host.fresh(batch[i], now)) return false;
    return true;
  }

  busy(): boolean {
    return this.flushing;
  }

  waiting(): readonly Delivery[] {
    return this.buffer;
  }

  started(): readonly Delivery[] {
    return this.running;
  }

  drop(ids: ReadonlySet<string>): void {
    const before = this.buffer.length;
    this.buffer = this.buffer.filter((d) => !ids.has(d.id));
    if (this.buffer.length === before || this.abandoned) return;
    if (this.buffer.length === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.host.capacityFreed();
  }

  async drain(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.flush('stop');
    while (this.flushing) await this.done.wait();
  }

  abandon(): void {
    this.abandoned = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.buffer = [];
    this.running = [];
    this.done.notify();
  }
}
