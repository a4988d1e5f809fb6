// What a benchmark scenario is: something that moves events and says how many, how fast, and
// with what latency. Families group scenarios that are compared with each other in one run.
import type { LatencySummary } from './stats';

/** quick: seconds per family, for the tests; default: `npm run bench`; full: `--full`. */
export type Size = 'quick' | 'default' | 'full';

export interface ScenarioContext {
  redisUrl: string;
  size: Size;
  /** Unique per run; every key the run creates contains it, and is deleted afterwards. */
  token: string;
}

/** The value for this run's size. */
export function sized<T>(ctx: { size: Size }, sizes: Record<Size, T>): T {
  return sizes[ctx.size];
}

/** Who set the pace of a flow: its consumers, or (they kept up with it) its producer. */
export interface ProducerPace {
  msgsPerSec: number;
  /** True when the consumers delivered at ≥ 90 % of the producer's rate: the producer set the pace. */
  bound: boolean;
  /** A paced producer (latency runs) sets the pace by design: its asked rate, to see whether it kept it. */
  pacedAt?: number;
}

/** Heap and GC of the consumer processes over the measured window, per 100,000 deliveries. */
export interface HeapCost {
  /** Bytes allocated (sum over processes), from V8's heap size before/after each GC. */
  allocMBPer100k: number;
  gcPer100k: number;
  /** GC pause time (wall clock: on a loaded machine this includes waiting for a core). */
  gcMsPer100k: number;
  /** Largest heap in use seen in any one consumer process. */
  heapPeakMB: number;
}

export interface Measurement {
  /** Events that reached each receiving side (each subscriber, each fan-out service). */
  messages: number;
  seconds: number;
  bytesPerMessage: number;
  latency: LatencySummary | null;
  /** Latency after warm-up (flows: events sent after the first 20 % of the run). */
  warmLatency?: LatencySummary | null;
  /** Live flows only: the producer's own rate and whether it, not the consumers, set the pace. */
  producer?: ProducerPace;
  heap?: HeapCost;
  notes?: Record<string, number | string>;
  /** Set by the runner: 1-minute load average when the run started and ended, and its place in its round. */
  load?: { before: number; after: number };
  order?: number;
}

export interface Scenario {
  id: string;
  title: string;
  /** One sentence for docs/benchmarks.md: what is measured and how. */
  meaning: string;
  /** Id of the scenario this one is compared with (same family); baselines have none. */
  baseline?: string;
  run(ctx: ScenarioContext): Promise<Measurement>;
}

/** What a target compares: a median of the scenario summary. */
export type Metric = 'msgsPerSec' | 'p50' | 'p99' | 'p99Warm' | 'allocMBPer100k' | 'gcMsPer100k';

/** A target, checked on the medians of one invocation. */
export interface Target {
  label: string;
  subject: string;
  reference: string;
  metric: Metric;
  /** subject/reference must be at least this (throughput) … */
  atLeast?: number;
  /** … or at most this (latency, memory). */
  atMost?: number;
  /**
   * Id of an A/A scenario: one that runs exactly what its own baseline runs, in the same rounds.
   * Its median over its baseline's is how far the host alone moved this metric in this invocation,
   * the noise a subject/reference ratio is read against. Reported beside the target, never folded into it.
   */
  control?: string;
}

/** Runs per scenario unless `--runs` or the family says otherwise. */
export const DEFAULT_RUNS = 3;

export interface Family {
  name: string;
  scenarios: Scenario[];
  targets: Target[];
  /**
   * Runs per scenario when `--runs` is not given (otherwise DEFAULT_RUNS). Families whose one-run figures
   * swing most on a shared host (a paced p99, a fan-out of 7 cold processes) take more, so their
   * medians are not settled by one outlier.
   */
  runs?: number;
  /** Releases what the family's scenarios share across runs (fixtures built once). */
  teardown?: () => Promise<void>;
  /** Why this family cannot run on this machine (e.g. no browser), or null; it is then skipped. */
  unavailable?: () => string | null;
}
