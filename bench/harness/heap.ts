// What a process allocates and collects while it works: V8's GCProfiler reports the heap in use
// before and after every collection, so the bytes allocated in a window are the growth between
// collections plus the growth since the last one; `cost` is each pause in microseconds.
import { GCProfiler, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface HeapUse {
  allocBytes: number;
  gcCount: number;
  gcMs: number;
  heapPeakBytes: number;
  /** Young-generation collections (Scavenge) and their pause time. */
  scavenges: number;
  scavengeMs: number;
  /** Full collections (mark-compact, its incremental marking steps and weak callbacks). */
  majors: number;
  majorMs: number;
  /** Bytes a scavenge moved into the old generation (old-space growth across each scavenge). */
  promotedBytes: number;
}

interface SpaceStatistic {
  spaceName: string;
  spaceUsedSize: number;
}

interface GcStatistic {
  gcType: string;
  cost: number;
  beforeGC: { heapStatistics: { usedHeapSize: number }; heapSpaceStatistics?: SpaceStatistic[] };
  afterGC: { heapStatistics: { usedHeapSize: number }; heapSpaceStatistics?: SpaceStatistic[] };
}

/** Old-generation bytes in use (old space and large objects). */
function oldBytes(spaces: SpaceStatistic[] | undefined): number {
  let n = 0;
  for (const s of spaces ?? []) if (s.spaceName === 'old_space' || s.spaceName === 'large_object_space') n += s.spaceUsedSize;
  return n;
}

export class HeapMeter {
  private profiler: GCProfiler | null = null;
  private startUsed = 0;

  start(): void {
    this.profiler = new GCProfiler();
    this.startUsed = getHeapStatistics().used_heap_size;
    this.profiler.start();
  }

  stop(): HeapUse {
    const endUsed = getHeapStatistics().used_heap_size;
    const stats = ((this.profiler?.stop() as { statistics?: GcStatistic[] } | undefined)?.statistics ?? []) as GcStatistic[];
    this.profiler = null;
    let alloc = 0;
    let gcUs = 0;
    let peak = Math.max(this.startUsed, endUsed);
    let used = this.startUsed;
    let scavenges = 0;
    let scavengeUs = 0;
    let majors = 0;
    let majorUs = 0;
    let promoted = 0;
    for (const s of stats) {
      const before = s.beforeGC.heapStatistics.usedHeapSize;
      alloc += Math.max(0, before - used);
      used = s.afterGC.heapStatistics.usedHeapSize;
      peak = Math.max(peak, before);
      gcUs += s.cost;
      if (s.gcType === 'Scavenge' || s.gcType === 'MinorMarkCompact' || s.gcType === 'MinorMarkSweep') {
        scavenges++;
        scavengeUs += s.cost;
        promoted += Math.max(0, oldBytes(s.afterGC.heapSpaceStatistics) - oldBytes(s.beforeGC.heapSpaceStatistics));
      } else {
        if (s.gcType === 'MarkSweepCompact') majors++;
        majorUs += s.cost;
      }
    }
    alloc += Math.max(0, endUsed - used);
    return {
      allocBytes: alloc,
      gcCount: stats.length,
      gcMs: gcUs / 1000,
      heapPeakBytes: peak,
      scavenges,
      scavengeMs: scavengeUs / 1000,
      majors,
      majorMs: majorUs / 1000,
      promotedBytes: promoted,
    };
  }
}

let gc: (() => void) | null = null;

/** A full collection now (the bench runs without --expose-gc, so the flag is set at run time). */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/** Heap in use after a full collection: what is really held. */
export function heapHeldBytes(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}
