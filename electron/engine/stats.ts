// Sliding-window latency percentiles and per-second rates, kept per subscription. Recording is
// O(1) (ring buffer); summaries sort on demand (heartbeat / console pull), never on the hot path.
import type { LatencySummary, SubscriptionStats } from './types';

export class LatencyHistogram {
  private readonly values: Float64Array;
  private readonly times: Float64Array;
  /** How many samples each slot stands for (a batch acked together is one slot). */
  private readonly counts: Float64Array;
  private next = 0;
  private size = 0;

  constructor(
    /** Slots kept: single samples, or runs of equal samples recorded at once. */
    readonly capacity = 2048,
    readonly windowMs = 60_000,
  ) {
    this.values = new Float64Array(capacity);
    this.times = new Float64Array(capacity);
    this.counts = new Float64Array(capacity);
  }

  record(ms: number, now = Date.now()): void {
    this.recordMany(ms, 1, now);
  }

  /** `count` samples of the same value (a batch acked together), kept in one slot. */
  recordMany(ms: number, count: number, now = Date.now()): void {
    if (!(count > 0)) return;
    this.values[this.next] = ms;
    this.times[this.next] = now;
    this.counts[this.next] = count;
    if (++this.next === this.capacity) this.next = 0;
    if (this.size < this.capacity) this.size++;
  }

  /**
   * Percentiles of the samples recorded in the window. Runs on every presence heartbeat and stats
   * pull, so it sorts typed arrays: the values themselves (native numeric sort) when every slot is
   * one sample, else the slots by value.
   */
  summary(now = Date.now()): LatencySummary | null {
    const from = now - this.windowMs;
    const slots = new Uint32Array(this.size);
    let n = 0;
    let total = 0;
    for (let i = 0; i < this.size; i++) {
      if (this.times[i] >= from) {
        slots[n++] = i;
        total += this.counts[i];
      }
    }
    if (n === 0) return null;
    if (total === n) {
      const sorted = new Float64Array(n);
      for (let j = 0; j < n; j++) sorted[j] = this.values[slots[j]];
      sorted.sort();
      const at = (q: number) => sorted[Math.min(n - 1, Math.floor(q * n))];
      return { p50: at(0.5), p95: at(0.95), p99: at(0.99), count: n };
    }
    const values = this.values;
    const order = slots.subarray(0, n).sort((a, b) => values[a] - values[b]);
    // The q-quantile is the sample at rank floor(q × total) of all samples in order, each slot
    // standing for counts[slot] equal samples.
    const at = (q: number) => {
      const rank = Math.min(total - 1, Math.floor(q * total));
      let seen = 0;
      for (let j = 0; j < n; j++) {
        seen += this.counts[order[j]];
        if (seen > rank) return values[order[j]];
      }
      return values[order[n - 1]];
    };
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99), count: total };
  }
}

/** Events per second over the last `seconds` whole seconds, in 1 s buckets. */
export class RateMeter {
  private readonly buckets: Float64Array;
  private readonly stamps: Float64Array;

  constructor(readonly seconds = 10) {
    this.buckets = new Float64Array(seconds);
    this.stamps = new Float64Array(seconds);
  }

  add(n = 1, now = Date.now()): void {
    const sec = Math.floor(now / 1000);
    const i = sec % this.seconds;
    if (this.stamps[i] !== sec) {
      this.stamps[i] = sec;
      this.buckets[i] = 0;
    }
    this.buckets[i] += n;
  }

  perSecond(now = Date.now()): number {
    const sec = Math.floor(now / 1000);
    let sum = 0;
    // Complete seconds only, so the current partial second does not drag the rate down.
    for (let i = 0; i < this.seconds; i++) {
      const s = this.stamps[i];
      if (s < sec && s >= sec - this.seconds + 1) sum += this.buckets[i];
    }
    return sum / (this.seconds - 1);
  }
}

export class SubscriptionCounters {
  delivered = 0;
  acked = 0;
  failed = 0;
  retried = 0;
  deadLettered = 0;
  claimed = 0;
  inFlight = 0;
  readonly deliveredRate = new RateMeter();
  readonly ackedRate = new RateMeter();
  readonly publishToDeliver = new LatencyHistogram();
  readonly deliverToAck = new LatencyHistogram();

  snapshot(now = Date.now()): SubscriptionStats {
    return {
      delivered: this.delivered,
      acked: this.acked,
      failed: this.failed,
      retried: this.retried,
      deadLettered: this.deadLettered,
      claimed: this.claimed,
      inFlight: this.inFlight,
      deliveredPerSec: this.deliveredRate.perSecond(now),
      ackedPerSec: this.ackedRate.perSecond(now),
      publishToDeliverMs: this.publishToDeliver.summary(now),
      deliverToAckMs: this.deliverToAck.summary(now),
    };
  }
}
