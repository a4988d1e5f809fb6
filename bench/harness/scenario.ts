// What a benchmark scenario is: something that moves events and says how many, how fast, and
// with what latency. Families group scenarios that are compared with each other in one run.
import type { LatencySummary } from './stats';

export interface ScenarioContext {
  redisUrl: string;
  full: boolean;
  /** Unique per run; every key the run creates contains it, and is deleted afterwards. */
  token: string;
}

export interface Measurement {
  /** Events that reached each receiving side (each subscriber, each fan-out service). */
  messages: number;
  seconds: number;
  bytesPerMessage: number;
  latency: LatencySummary | null;
  notes?: Record<string, number | string>;
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

export type Metric = 'msgsPerSec' | 'p99';

/** A target from issue 6, checked on the medians of one invocation. */
export interface Target {
  label: string;
  subject: string;
  reference: string;
  metric: Metric;
  /** subject/reference must be at least this (throughput) … */
  atLeast?: number;
  /** … or at most this (latency). */
  atMost?: number;
}

export interface Family {
  name: string;
  scenarios: Scenario[];
  targets: Target[];
  /** Releases what the family's scenarios share across runs (fixtures built once). */
  teardown?: () => Promise<void>;
  /** Why this family cannot run on this machine (e.g. no browser), or null; it is then skipped. */
  unavailable?: () => string | null;
}
