// Sliding-window latency percentiles and per-second rates, kept per subscription. Recording is
// O(1) (ring buffer); summaries sort on demand (heartbeat / console pull), never on the hot path.
//
// Recording runs for every delivery and is compiled into the delivery loop, so it has no branch
// that is taken only now and then (the ring wrapping round, a new second): V8 compiles optimized
// code from what it has seen, and code that then reaches an arm it never saw is thrown away and
// compiled again, a few milliseconds of compiler time each in a short-lived process
// (docs/benchmarks.md, "What a fresh process pays").
import type { LatencySummary, SubscriptionStats } from './types';

export class LatencyHistogram {
  private readonly values: Float64Array;
  private readonly times: Float64Array;
  /** How many samples each slot stands for (a batch acked together is one slot). */
  private readonly counts: Float64Array;
  private next = 0;
  /** The slot written last (where an equal sample joins), -1 before the first. */
  private last = -1;
  private size = 0;
  /** |value| above this does not pack exactly with its slot into one number (see summary). */
  private readonly packLimit: number;
  /** When a value that does not pack (not whole, or beyond packLimit) was last recorded. */
  private unpackableAt = Number.NEGATIVE_INFINITY;

  constructor(
    /** Slots kept: single samples, or runs of equal samples recorded at once. */
    readonly capacity = 2048,
    readonly windowMs = 60_000,
  ) {
    this.values = new Float64Array(capacity);
    this.times = new Float64Array(capacity);
    this.counts = new Float64Array(capacity);
    this.packLimit = Math.floor(Number.MAX_SAFE_INTEGER / capacity) - 1;
  }

  record(ms: number, now = Date.now()): void {
    this.recordMany(ms, 1, now);
  }

  /**
   * `count` samples of the same value (a batch acked together), kept in one slot. Samples equal to
   * the last slot's, recorded in the same millisecond (the events of one read, mostly), join it: at
   * a drain's rates the slots then cover seconds of deliveries instead of milliseconds.
   */
  recordMany(ms: number, count: number, now = Date.now()): void {
    if (!(count > 0)) return;
    // Written without an arm of its own for joining, for a wrap-around or for an unpackable value:
    // every operation below runs on every call (see the note at the top of this file).
    const last = this.last;
    const lastOrFirst = last < 0 ? 0 : last;
    const sameValue = this.values[lastOrFirst] === ms;
    const sameTime = this.times[lastOrFirst] === now;
    const join = last >= 0 && sameValue && sameTime;
    const next = this.next;
    const size = this.size;
    const slot = join ? lastOrFirst : next;
    const joined = this.counts[slot] + count;
    this.values[slot] = ms;
    this.times[slot] = now;
    this.counts[slot] = join ? joined : count;
    this.last = slot;
    const advanced = (next + 1) % this.capacity;
    const grown = Math.min(size + 1, this.capacity);
    this.next = join ? next : advanced;
    this.size = join ? size : grown;
    const unpackable = !Number.isInteger(ms) || ms > this.packLimit || ms < -this.packLimit;
    const later = now > this.unpackableAt;
    this.unpackableAt = unpackable && later ? now : this.unpackableAt;
  }

  /**
   * Percentiles of the samples recorded in the window. Runs on every presence heartbeat and stats
   * pull, in a process busy delivering events where this code is seldom optimized, so it makes one
   * pass over the slots and one native numeric sort: each slot becomes value × capacity + slot, a
   * number that orders the slots by value and still names its slot (a sort with a comparator,
   * ~20,000 calls, took ~1 ms of main-thread time in a fresh process). The engine's latencies are
   * whole milliseconds; while a value that cannot be packed so is in the window, a comparator sorts.
   */
  summary(now = Date.now()): LatencySummary | null {
    const from = now - this.windowMs;
    if (this.unpackableAt >= from) return this.summaryByComparator(from);
    const { values, counts, times, capacity } = this;
    const keys = new Float64Array(this.size);
    let n = 0;
    let total = 0;
    for (let i = 0; i < this.size; i++) {
      if (times[i] < from) continue;
      keys[n++] = values[i] * capacity + i;
      total += counts[i];
    }
    if (n === 0) return null;
    const sorted = keys.subarray(0, n).sort();
    const slotOf = (key: number) => {
      // % is exact on doubles; a negative key leaves a negative remainder.
      const slot = key % capacity;
      return slot < 0 ? slot + capacity : slot;
    };
    return this.quantiles(n, total, (j) => slotOf(sorted[j]));
  }

  private summaryByComparator(from: number): LatencySummary | null {
    const values = this.values;
    const slots: number[] = [];
    let total = 0;
    for (let i = 0; i < this.size; i++) {
      if (this.times[i] < from) continue;
      slots.push(i);
      total += this.counts[i];
    }
    if (slots.length === 0) return null;
    slots.sort((a, b) => values[a] - values[b]);
    return this.quantiles(slots.length, total, (j) => slots[j]);
  }

  /**
   * p50/p95/p99 of `total` samples in `n` slots, `slotAt(j)` the j-th slot in value order: the
   * q-quantile is the sample at rank floor(q × total), each slot standing for counts[slot] samples.
   */
  private quantiles(n: number, total: number, slotAt: (j: number) => number): LatencySummary {
    const { values, counts } = this;
    const at = (q: number) => {
      const rank = Math.min(total - 1, Math.floor(q * total));
      if (total === n) return values[slotAt(rank)];
      let seen = 0;
      for (let j = 0; j < n; j++) {
        const slot = slotAt(j);
        seen += counts[slot];
        if (seen > rank) return values[slot];
      }
      return values[slotAt(n - 1)];
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
    // A bucket last written in an earlier second starts again from n.
    this.buckets[i] = this.stamps[i] === sec ? this.buckets[i] + n : n;
    this.stamps[i] = sec;
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
