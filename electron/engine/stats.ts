// Sliding-window latency percentiles and per-second rates, kept per subscription. Recording is
// O(1) (ring buffer, plus a running tally per millisecond); summaries read the tally, or scan and
// sort the ring when it cannot answer (heartbeat / console pull), never on the hot path.
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
  /**
   * Samples per whole millisecond 0 … TALLY_BINS - 1, kept as they are recorded; bin TALLY_BINS
   * holds every other value (negative, fractional, a second or more). A summary reads its ranks
   * from here when that last bin is empty: a scan up to the p99's bin, where a scan of the ring
   * (2,048 slots, twice) ran uncompiled on every heartbeat and paused deliveries for 1–4 ms.
   */
  private readonly tally = new Float64Array(TALLY_BINS + 1);
  /** Samples of each slot counted in the tally: its count, or 0 once it left the window. */
  private readonly tallied: Float64Array;
  private talliedTotal = 0;
  /** Slots written so far (a join writes none): slot of write w is w % capacity. */
  private written = 0;
  /** Writes before this one have left the tally (window passed, or slot overwritten). */
  private expiredTo = 0;
  /** The window's start at the last summary: a summary starting earlier cannot use the tally. */
  private expiredBefore = Number.NEGATIVE_INFINITY;
  /** The write after which samples were last recorded out of time order: the ring is in order once it is gone. */
  private disorderedAt = Number.NEGATIVE_INFINITY;

  constructor(
    /** Slots kept: single samples, or runs of equal samples recorded at once. */
    readonly capacity = 2048,
    readonly windowMs = 60_000,
  ) {
    this.values = new Float64Array(capacity);
    this.times = new Float64Array(capacity);
    this.counts = new Float64Array(capacity);
    this.tallied = new Float64Array(capacity);
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
    // The tally: a new write takes the slot's old samples out, then the new ones go in.
    const tally = this.tally;
    const leaving = join ? 0 : this.tallied[slot];
    tally[binOf(this.values[slot])] -= leaving;
    tally[binOf(ms)] += count;
    this.tallied[slot] = count + (join ? this.tallied[slot] : 0);
    this.talliedTotal += count - leaving;
    const written = this.written;
    // Earlier than the slot before it, or than a summary's window start: the tally's expiry (which
    // walks the ring in write order) is not to be trusted until that write has left the ring.
    const backwards = now < this.times[lastOrFirst] || now < this.expiredBefore;
    this.disorderedAt = backwards ? written : this.disorderedAt;
    this.written = join ? written : written + 1;
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
   * pull, on the thread that delivers events and where this code is seldom optimized: a slow
   * summary holds up every event behind it (at 5,000 events/s a 2 ms one delays ten). The engine's
   * latencies are whole milliseconds close together, so the usual case sorts nothing: one pass finds
   * their range, a second tallies the samples per millisecond, and one scan of the tally reads the
   * three ranks. A wider range (an outlier minutes away) sorts the slots natively: each becomes
   * value × capacity + slot, a number that orders the slots by value and still names its slot;
   * while a value that cannot be packed so is in the window, a comparator sorts. In a process
   * delivering 5,000 events/s a heartbeat's two summaries took 2–8 ms with a sort of every slot
   * the first times they ran (not yet compiled), 0.4 ms later; tallied, 0.7–1.3 ms and 0.03–0.05 ms.
   */
  summary(now = Date.now()): LatencySummary | null {
    const from = now - this.windowMs;
    const tallied = this.summaryByTally(from);
    if (tallied !== undefined) return tallied;
    if (this.unpackableAt >= from) return this.summaryByComparator(from);
    const { values, counts, times, size } = this;
    let n = 0;
    let total = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < size; i++) {
      if (times[i] < from) continue;
      const v = values[i];
      n++;
      total += counts[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (n === 0) return null;
    if (max - min >= TALLY_RANGE) return this.summaryBySort(from, n, total);
    const tally = new Float64Array(max - min + 1);
    for (let i = 0; i < size; i++) if (times[i] >= from) tally[values[i] - min] += counts[i];
    const [r50, r95, r99] = ranks(total);
    let p50 = max;
    let p95 = max;
    let seen = 0;
    for (let j = 0; j < tally.length; j++) {
      const before = seen;
      seen += tally[j];
      if (before <= r50 && seen > r50) p50 = min + j;
      if (before <= r95 && seen > r95) p95 = min + j;
      if (seen > r99) return { p50, p95, p99: min + j, count: total };
    }
    return { p50, p95, p99: max, count: total };
  }

  /**
   * From the running tally, when it holds exactly the window's samples and all of them are whole
   * milliseconds below TALLY_BINS; undefined when it cannot answer. Slots that left the window
   * leave the tally first, walked in write order (times only grow along it, unless disorderedAt).
   */
  private summaryByTally(from: number): LatencySummary | null | undefined {
    if (from < this.expiredBefore) return undefined;
    const { tally, tallied, times, values, capacity } = this;
    const oldest = this.written - this.size;
    let w = Math.max(this.expiredTo, oldest);
    for (; w < this.written; w++) {
      const slot = w % capacity;
      if (times[slot] >= from) break;
      tally[binOf(values[slot])] -= tallied[slot];
      this.talliedTotal -= tallied[slot];
      tallied[slot] = 0;
    }
    this.expiredTo = w;
    this.expiredBefore = from;
    if (this.disorderedAt >= oldest || tally[TALLY_BINS] !== 0) return undefined;
    const total = this.talliedTotal;
    if (total === 0) return null;
    const [r50, r95, r99] = ranks(total);
    let p50 = 0;
    let p95 = 0;
    let seen = 0;
    for (let j = 0; j < TALLY_BINS; j++) {
      const before = seen;
      seen += tally[j];
      if (before <= r50 && seen > r50) p50 = j;
      if (before <= r95 && seen > r95) p95 = j;
      if (seen > r99) return { p50, p95, p99: j, count: total };
    }
    return undefined;
  }

  private summaryBySort(from: number, n: number, total: number): LatencySummary {
    const { values, times, capacity } = this;
    const keys = new Float64Array(n);
    for (let i = 0, k = 0; i < this.size; i++) if (times[i] >= from) keys[k++] = values[i] * capacity + i;
    keys.sort();
    // Back to slot numbers, in value order (% is exact on doubles; a negative key leaves a negative remainder).
    for (let j = 0; j < n; j++) {
      const slot = keys[j] % capacity;
      keys[j] = slot < 0 ? slot + capacity : slot;
    }
    return this.quantiles(keys, total);
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
    return this.quantiles(slots, total);
  }

  /** p50/p95/p99 of `total` samples in the slots `order` (in value order), each slot standing for counts[slot] samples. */
  private quantiles(order: ArrayLike<number>, total: number): LatencySummary {
    const { values, counts } = this;
    const [r50, r95, r99] = ranks(total);
    const last = values[order[order.length - 1]];
    let p50 = last;
    let p95 = last;
    let seen = 0;
    for (let j = 0; j < order.length; j++) {
      const slot = order[j];
      const before = seen;
      seen += counts[slot];
      if (before <= r50 && seen > r50) p50 = values[slot];
      if (before <= r95 && seen > r95) p95 = values[slot];
      if (seen > r99) return { p50, p95, p99: values[slot], count: total };
    }
    return { p50, p95, p99: last, count: total };
  }
}

/** Widest range of values (ms) summarized by tallying per millisecond instead of sorting. */
const TALLY_RANGE = 4096;
/** Values 0 … TALLY_BINS - 1 ms are tallied as they are recorded (LatencyHistogram.tally). */
const TALLY_BINS = 1024;

/** A value's bin in the running tally: itself if a whole millisecond below TALLY_BINS, else the last bin. */
function binOf(ms: number): number {
  return ms >= 0 && ms < TALLY_BINS && (ms | 0) === ms ? ms : TALLY_BINS;
}

/** The ranks of p50, p95 and p99 among `total` samples: the q-quantile is the sample at rank floor(q × total). */
function ranks(total: number): [number, number, number] {
  const at = (q: number) => Math.min(total - 1, Math.floor(q * total));
  return [at(0.5), at(0.95), at(0.99)];
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
