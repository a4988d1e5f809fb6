// Immediate: one event per handler call, in order, at most `concurrency` at once. With a stream
// key selector and concurrency > 1, events with the same key still run one after another.
import { errorText, type Delivery, type DispatchHost, type Dispatcher } from './delivery';
import { Signal } from './signal';
import type { ImmediateHandler } from './types';

export class ImmediateDispatcher<T> implements Dispatcher {
  private queue: Delivery[] = [];
  private active = 0;
  private readonly held = new Set<string>();
  private readonly idle = new Signal();
  private readonly keyChains = new Map<string, Promise<void>>();
  private abandoned = false;

  constructor(
    private readonly host: DispatchHost,
    private readonly handler: ImmediateHandler<T>,
    private readonly concurrency: number,
    private readonly prefetch: number,
    private readonly keyOf?: (event: T) => string,
  ) {}

  load(): number {
    return this.queue.length + this.active;
  }

  wants(): number {
    // Read ahead once half the prefetched entries are used, so the next round trip overlaps work.
    return this.queue.length > this.prefetch >> 1 ? 0 : this.prefetch - this.queue.length;
  }

  holds(id: string): boolean {
    return this.held.has(id);
  }

  push(d: Delivery): void {
    if (this.held.has(d.id)) return;
    this.held.add(d.id);
    this.queue.push(d);
    this.pump();
  }

  pump(): void {
    while (this.active < this.concurrency && this.queue.length > 0 && this.host.canStart()) {
      const d = this.queue.shift() as Delivery;
      this.active++;
      this.start(d);
    }
  }

  private start(d: Delivery): void {
    let run: Promise<void>;
    if (this.keyOf && this.concurrency > 1) {
      const screened = this.host.screen(d);
      if (!screened) {
        this.finish(d);
        return;
      }
      d.value = screened.value;
      let key: string;
      try {
        key = this.keyOf(screened.value as T);
      } catch {
        key = '';
      }
      const prev = this.keyChains.get(key);
      const next = () => this.handle(d, true);
      run = (prev ?? Promise.resolve()).then(next, next);
      this.keyChains.set(key, run);
      void run.then(() => {
        if (this.keyChains.get(key) === run) this.keyChains.delete(key);
      });
    } else {
      run = this.handle(d, false);
    }
    // handle() reports its own failures; the rejection branch only guards against engine bugs
    // turning into an unhandled rejection (which would kill the process).
    void run.then(
      () => this.finish(d),
      (e: unknown) => {
        this.host.failed(d, e);
        this.finish(d);
      },
    );
  }

  private finish(d: Delivery): void {
    this.held.delete(d.id);
    this.active--;
    if (this.abandoned) return;
    if (this.active === 0) this.idle.notify();
    this.pump();
    this.host.capacityFreed();
  }

  private async handle(d: Delivery, screened: boolean): Promise<void> {
    if (!screened) {
      const s = this.host.screen(d);
      if (!s) return;
      d.value = s.value;
    }
    for (let attempt = 1; ; attempt++) {
      if (this.abandoned) return;
      this.host.markDelivered(d);
      const t0 = d.deliveredAt;
      try {
        await this.handler(d.value as T, this.host.meta(d));
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
      this.host.ack(d, Date.now() - t0);
      return;
    }
  }

  unstarted(): string[] {
    return this.queue.map((d) => d.id);
  }

  async drain(): Promise<void> {
    while (this.active > 0) await this.idle.wait();
  }

  abandon(): void {
    this.abandoned = true;
    this.queue = [];
    this.held.clear();
    this.idle.notify();
  }
}
