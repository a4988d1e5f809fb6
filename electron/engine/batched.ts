// Batched: buffer events and call the handler with up to maxBatchSize of them, when the buffer is
// full or maxLatency ms after the FIRST buffered event. One batch runs at a time; the whole batch
// is acked after the handler succeeds and retried (with backoff) when it throws.
import { containsId, errorText, type Delivery, type DispatchHost, type Dispatcher } from './delivery';
import { Signal } from './signal';
import type { BatchedHandler, DeliveryMeta } from './types';

export class BatchedDispatcher<T> implements Dispatcher {
  private buffer: Delivery[] = [];
  private running: Delivery[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** Date.now() at which the armed timer fires. */
  private timerDue = 0;
  private flushing = false;
  private readonly done = new Signal();
  private abandoned = false;

  constructor(
    private readonly host: DispatchHost,
    private readonly handler: BatchedHandler<T>,
    private readonly maxLatency: number,
    private readonly maxBatchSize: number,
    private readonly prefetch: number,
  ) {}

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

  private flush(reason: 'size' | 'latency' | 'stop'): void {
    if (this.flushing || this.buffer.length === 0 || this.abandoned) return;
    this.flushing = true;
    this.running = this.buffer.splice(0, this.maxBatchSize);
    const batch = this.running;
    void this.runBatch(batch, reason)
      .catch((e: unknown) => {
        // Only an engine bug gets here; the batch stays pending and will be claimed or re-read.
        for (const d of batch) this.host.failed(d, e);
      })
      .then(() => {
        if (this.abandoned) return;
        this.running = [];
        this.flushing = false;
        this.afterFlush(reason === 'stop');
        this.done.notify();
        this.host.capacityFreed();
      });
  }

  private afterFlush(stopping: boolean): void {
    if (this.buffer.length === 0) return;
    if (stopping) return this.flush('stop');
    if (this.buffer.length >= this.maxBatchSize) return this.flush('size');
    // The latency clock of what is left started when its first event arrived.
    const waited = Date.now() - this.buffer[0].receivedAt;
    if (waited >= this.maxLatency) this.flush('latency');
    else this.armTimer(this.maxLatency - waited);
  }

  private async runBatch(batch: Delivery[], reason: 'size' | 'latency' | 'stop'): Promise<void> {
    // Entries whose hold may have lapsed are confirmed first: a peer may own some of them now.
    let current = this.allFresh(batch) ? batch : await this.host.confirm(batch);
    for (let attempt = 1; current.length > 0; attempt++) {
      if (this.abandoned) return;
      const t0 = this.host.markDelivered(current);
      const events = new Array<T>(current.length);
      const metas = new Array<DeliveryMeta>(current.length);
      for (let i = 0; i < current.length; i++) {
        events[i] = current[i].value as T;
        metas[i] = this.host.meta(current[i]);
      }
      try {
        await this.handler(events, metas);
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
      if (this.abandoned) return;
      this.host.ack(current, t0, Date.now() - t0);
      this.host.flushed(current.length, reason);
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
