// Every live feed (tails, broadcast traffic, flow ticks, progress) goes through one of these, so a
// transport never carries one message per Redis entry: items are batched about every `intervalMs`
// or as soon as `maxItems` are waiting, and a slow consumer costs bounded memory (oldest dropped,
// counted, reported with the next batch).

export interface CoalescerOptions<T> {
  flush: (items: T[], dropped: number) => void;
  intervalMs?: number;
  maxItems?: number;
  /** Hard bound on buffered items; beyond it the oldest are dropped and counted. */
  maxBuffered?: number;
}

export class Coalescer<T> {
  private buffer: T[] = [];
  private dropped = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly intervalMs: number;
  private readonly maxItems: number;
  private readonly maxBuffered: number;

  constructor(private readonly options: CoalescerOptions<T>) {
    this.intervalMs = options.intervalMs ?? 100;
    this.maxItems = options.maxItems ?? 300;
    this.maxBuffered = Math.max(options.maxBuffered ?? 10_000, this.maxItems);
  }

  push(item: T): void {
    if (this.closed) return;
    this.buffer.push(item);
    if (this.buffer.length > this.maxBuffered) {
      const excess = this.buffer.length - this.maxBuffered;
      this.buffer.splice(0, excess);
      this.dropped += excess;
    }
    if (this.buffer.length >= this.maxItems) this.flushNow();
    else if (!this.timer) this.timer = setTimeout(() => this.flushNow(), this.intervalMs);
  }

  /** Deliver what is buffered now (also used before close so nothing buffered is lost). */
  flushNow(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.buffer.length > 0) {
      const items = this.buffer.splice(0, this.maxItems);
      const dropped = this.dropped;
      this.dropped = 0;
      this.options.flush(items, dropped);
    }
  }

  close(): void {
    this.flushNow();
    this.closed = true;
  }
}

/** Keeps only the latest value per key (e.g. a job's progress) and pushes them together. */
export class LatestByKey<K, V> {
  private readonly latest = new Map<K, V>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly flush: (values: V[]) => void,
    private readonly intervalMs = 100,
  ) {}

  set(key: K, value: V): void {
    this.latest.set(key, value);
    if (!this.timer) this.timer = setTimeout(() => this.flushNow(), this.intervalMs);
  }

  flushNow(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.latest.size === 0) return;
    const values = [...this.latest.values()];
    this.latest.clear();
    this.flush(values);
  }
}
