// Immediate: one event per handler call, in order, at most `concurrency` at once. With a stream
// key selector and concurrency > 1, events with the same key still run one after another.
import { containsId, errorText, takesMeta, type Delivery, type DispatchHost, type Dispatcher } from './delivery';
import { Signal } from './signal';
import type { DeliveryMeta, ImmediateHandler } from './types';

export class ImmediateDispatcher<T> implements Dispatcher {
  private queue: Delivery[] = [];
  /** Started and not finished (running, or waiting behind their key): at most `concurrency`. */
  private readonly active: Delivery[] = [];
  private readonly idle = new Signal();
  private readonly keyChains = new Map<string, Promise<void>>();
  private abandoned = false;
  private pumping = false;
  private readonly withMeta: boolean;

  constructor(
    private readonly host: DispatchHost,
    private readonly handler: ImmediateHandler<T>,
    private readonly concurrency: number,
    private readonly prefetch: number,
    private readonly keyOf?: (event: T) => string,
  ) {
    this.withMeta = takesMeta(handler);
  }

  load(): number {
    return this.queue.length + this.active.length;
  }

  wants(): number {
    // Read ahead once half the prefetched entries are used, so the next round trip overlaps work.
    return this.queue.length > this.prefetch >> 1 ? 0 : this.prefetch - this.queue.length;
  }

  holds(id: string): boolean {
    return containsId(this.queue, id) || containsId(this.active, id);
  }

  push(d: Delivery): void {
    this.queue.push(d);
    this.pump();
  }

  pump(): void {
    // A handler that finishes synchronously frees its slot inside start(): this loop takes the
    // next entry then, instead of a nested pump() per event (which could run as deep as the queue).
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.active.length < this.concurrency && this.queue.length > 0 && this.host.canStart()) {
        const d = this.queue.shift() as Delivery;
        this.active.push(d);
        this.start(d);
      }
    } finally {
      this.pumping = false;
    }
  }

  private start(d: Delivery): void {
    if (!this.host.fresh(d)) {
      void this.startConfirmed(d);
      return;
    }
    if (!this.keyOf || this.concurrency === 1) {
      this.run(d);
      return;
    }
    if (!this.host.screen(d)) {
      this.finish(d);
      return;
    }
    let key: string;
    try {
      key = this.keyOf(d.value as T);
    } catch {
      key = '';
    }
    const prev = this.keyChains.get(key);
    const next = () => this.deliver(d, true);
    const run = (prev ?? Promise.resolve()).then(next, next);
    this.keyChains.set(key, run);
    void run.then(() => {
      if (this.keyChains.get(key) === run) this.keyChains.delete(key);
    });
  }

  /** Its hold may have lapsed (a peer may own it now): ask Redis first, holding its place in line. */
  private async startConfirmed(d: Delivery): Promise<void> {
    const [still] = await this.host.confirm([d]);
    if (still && !this.abandoned) this.start(d);
    else this.finish(d);
  }

  private finish(d: Delivery): void {
    const i = this.active.indexOf(d);
    if (i >= 0) {
      const last = this.active.pop() as Delivery;
      if (i < this.active.length) this.active[i] = last;
    }
    if (this.abandoned) return;
    if (this.active.length === 0) this.idle.notify();
    this.pump();
    this.host.capacityFreed();
  }

  /**
   * The first attempt, without a promise of the engine's own: a handler that returns no promise is
   * acked and finished before this returns; one that returns a promise is followed with then().
   * A failure (thrown or rejected) continues in deliver(), which retries or dead-letters.
   */
  private run(d: Delivery): void {
    let meta: DeliveryMeta | undefined;
    try {
      if (!this.host.screen(d) || this.abandoned) return this.finish(d);
      meta = this.host.markDeliveredOne(d, this.withMeta);
    } catch (e) {
      // An engine bug, not a handler failure: the entry stays pending.
      this.host.failed(d, e);
      return this.finish(d);
    }
    let result: Promise<void> | void;
    try {
      result = this.call(d.value as T, meta);
    } catch (error) {
      void this.deliver(d, true, { error });
      return;
    }
    if (result !== undefined && result !== null && typeof result.then === 'function') {
      result.then(
        () => this.succeeded(d),
        (error: unknown) => void this.deliver(d, true, { error }),
      );
      return;
    }
    this.succeeded(d);
  }

  /** The handler gets the meta only if it takes one (see takesMeta). */
  private call(event: T, meta: DeliveryMeta | undefined): Promise<void> | void {
    return meta ? this.handler(event, meta) : (this.handler as (event: T) => Promise<void> | void)(event);
  }

  private succeeded(d: Delivery): void {
    try {
      if (!this.abandoned) this.host.ackOne(d, Date.now() - d.deliveredAt);
    } catch (e) {
      this.host.failed(d, e);
    }
    this.finish(d);
  }

  /**
   * Screen (unless done), run the handler with retries, ack or dead-letter, then finish: one
   * promise per event. `first`: the first attempt already ran (in run()) and failed with this.
   */
  private async deliver(d: Delivery, screened: boolean, first?: { error: unknown }): Promise<void> {
    try {
      if (!screened && !this.host.screen(d)) return;
      for (let attempt = 1; ; attempt++) {
        if (this.abandoned) return;
        try {
          if (attempt === 1 && first) throw first.error;
          const meta = this.host.markDeliveredOne(d, this.withMeta);
          await this.call(d.value as T, meta);
        } catch (e) {
          if (this.abandoned) return;
          this.host.failed(d, e);
          if (d.deliveryCount >= this.host.maxDeliveries) {
            await this.host.deadLetter(d, errorText(e));
            return;
          }
          if (!this.host.canRetry()) return;
          const again = await this.host.retry([d], attempt);
          if (again.length === 0) return;
          continue;
        }
        if (this.abandoned) return;
        this.host.ackOne(d, Date.now() - d.deliveredAt);
        return;
      }
    } catch (e) {
      // Handler failures are handled above; this only keeps an engine bug from becoming an
      // unhandled rejection (which would kill the process). The entry stays pending.
      this.host.failed(d, e);
    } finally {
      this.finish(d);
    }
  }

  busy(): boolean {
    return this.active.length >= this.concurrency;
  }

  waiting(): readonly Delivery[] {
    return this.queue;
  }

  started(): readonly Delivery[] {
    return this.active;
  }

  drop(ids: ReadonlySet<string>): void {
    const before = this.queue.length;
    this.queue = this.queue.filter((d) => !ids.has(d.id));
    if (this.queue.length !== before && !this.abandoned) this.host.capacityFreed();
  }

  async drain(): Promise<void> {
    while (this.active.length > 0) await this.idle.wait();
  }

  abandon(): void {
    this.abandoned = true;
    this.queue = [];
    this.idle.notify();
  }
}
