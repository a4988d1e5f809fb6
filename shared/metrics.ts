// A snapshot of the numbers teams alert on in their own monitoring: per stream, per group and per
// instance. Web mode serves it as Prometheus text at GET /metrics (electron/web/metrics.ts).
import type { LagSource, Presence } from './dto';

export interface InstanceMetricsSample {
  name: string;
  pending: number;
  idleMs: number;
  presence: Presence;
  /** From the engine's presence heartbeat or a hosted instance; null for other clients' consumers. */
  deliveredPerSec: number | null;
  ackedPerSec: number | null;
}

export interface GroupMetricsSample {
  name: string;
  /** Null when unknown (never 0 for unknown). */
  lag: number | null;
  lagSource: LagSource;
  oldestUndeliveredMs: number | null;
  pending: number;
  oldestPendingMs: number | null;
  /** Entries read by the group per second between two snapshots (Redis 7 entries-read); null until measured. */
  readPerSec: number | null;
  instances: InstanceMetricsSample[];
}

export interface StreamMetricsSample {
  name: string;
  length: number;
  /** Entries added per second between two snapshots; null until measured. */
  entriesPerSec: number | null;
  groups: GroupMetricsSample[];
}

export interface MetricsSnapshot {
  streams: StreamMetricsSample[];
  /** True when there were more streams than `maxStreams`: the rest are not in the snapshot. */
  truncated: boolean;
  maxStreams: number;
  at: number;
  /** Redis time the snapshot took, in ms (wall clock on the console side). */
  tookMs: number;
}

export const METRICS_LIMITS = {
  /** Streams in one snapshot unless asked otherwise; each costs a few commands (docs/web-mode.md). */
  maxStreams: 200,
  maxStreamsCap: 1000,
  /** Groups per stream in one snapshot. */
  maxGroupsPerStream: 50,
} as const;
