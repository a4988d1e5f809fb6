// The console's memory of each stream's flow, so the Charts tab has history after a reload, in a
// second window, or after switching streams and back: a bounded ring of samples per stream (by age
// and by count), and the limits on which unwatched streams keep being sampled (the most recently
// watched few, for a while, at a low rate). A connection switch rebuilds the console's areas, so
// history starts again on the new Redis.
//
// Samples keep the stream's and its groups' numbers only (what charts draw): instances can number
// in the hundreds per group and only the live `flow.tick` needs them. Memory is therefore bounded by
// (watched + retained streams) × maxSamples × groups per stream, see docs/charts-history.md.
import type { FlowInstance, FlowSnapshot } from '../../shared/dto';

export interface FlowHistoryLimits {
  /** How far back samples are kept. */
  windowMs: number;
  /** Hard cap on samples per stream, whatever their age. */
  maxSamples: number;
  /** While no page watches a stream the console samples it this often (one pipelined round trip)… */
  backgroundEveryMs: number;
  /** …for at most this long after the last page stopped watching… */
  retainMs: number;
  /** …and for at most this many streams, the most recently watched (0 = none). */
  retainedStreams: number;
}

export const FLOW_HISTORY_LIMITS: Readonly<FlowHistoryLimits> = {
  windowMs: 10 * 60_000,
  // 10 minutes of 1-second ticks plus the snapshots each flow.watch adds.
  maxSamples: 720,
  backgroundEveryMs: 5_000,
  retainMs: 30 * 60_000,
  retainedStreams: 20,
};

/** One empty, frozen instance list shared by every sample: an array per group and sample adds up. */
const NO_INSTANCES = Object.freeze([]) as unknown as FlowInstance[];

/** The numbers of a snapshot that charts draw; `instances` is left empty (see above). */
export function chartSample(s: FlowSnapshot): FlowSnapshot {
  return {
    stream: s.stream,
    at: s.at,
    producedPerSec: s.producedPerSec,
    length: s.length,
    groups: s.groups.map((g) => ({
      group: g.group,
      deliveredPerSec: g.deliveredPerSec,
      lag: g.lag,
      ...(g.lagSource === undefined ? {} : { lagSource: g.lagSource }),
      ...(g.oldestUndeliveredMs === undefined ? {} : { oldestUndeliveredMs: g.oldestUndeliveredMs }),
      pending: g.pending,
      oldestPendingMs: g.oldestPendingMs,
      instances: NO_INSTANCES,
    })),
  };
}

/** Samples of one stream in time order: a fixed-capacity ring, also trimmed by age. */
export class SampleRing {
  private readonly slots: Array<FlowSnapshot | undefined>;
  private head = 0;
  private count = 0;

  constructor(private readonly limits: Pick<FlowHistoryLimits, 'windowMs' | 'maxSamples'>) {
    this.slots = new Array<FlowSnapshot | undefined>(Math.max(1, limits.maxSamples));
  }

  get size(): number {
    return this.count;
  }

  private at(i: number): FlowSnapshot {
    return this.slots[(this.head + i) % this.slots.length] as FlowSnapshot;
  }

  /** Adds a sample newer than every kept one (an older or equal `at` is ignored: no duplicates). */
  add(sample: FlowSnapshot): void {
    if (this.count > 0 && sample.at <= this.at(this.count - 1).at) return;
    if (this.count === this.slots.length) this.dropOldest();
    this.slots[(this.head + this.count) % this.slots.length] = sample;
    this.count++;
    while (this.count > 0 && this.at(0).at < sample.at - this.limits.windowMs) this.dropOldest();
  }

  /** Samples newer than `sinceMs` and inside the window as of `now`, oldest first. */
  since(sinceMs: number | undefined, now: number): FlowSnapshot[] {
    const after = Math.max(sinceMs ?? -Infinity, now - this.limits.windowMs);
    const out: FlowSnapshot[] = [];
    for (let i = 0; i < this.count; i++) {
      const s = this.at(i);
      if (s.at > after) out.push(s);
    }
    return out;
  }

  clear(): void {
    this.slots.fill(undefined);
    this.head = 0;
    this.count = 0;
  }

  private dropOldest(): void {
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.slots.length;
    this.count--;
  }
}
