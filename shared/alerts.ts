// Alerts: per-group thresholds the console checks on an interval, what fires, and the history.
// Kept apart from dto.ts so the alert contract reads in one place.

/** Thresholds for one group of one stream; a threshold left out is not checked. */
export interface AlertRule {
  stream: string;
  group: string;
  /** Entries not yet delivered to the group (its lag). */
  lag?: number;
  /** Age in ms of the oldest entry not yet delivered to the group (lag in time). */
  lagMs?: number;
  /** Entries delivered to the group and not yet acknowledged. */
  pending?: number;
  /** Age in ms of the oldest pending entry (from its id). */
  oldestPendingMs?: number;
  /** Alert when an instance of the group (an engine instance with presence) stops being live. */
  instances?: boolean;
}

/** The alert settings of a connection profile. */
export interface AlertSettings {
  rules: AlertRule[];
}

export type AlertMetric = 'lag' | 'lagMs' | 'pending' | 'oldestPendingMs' | 'instance';

/**
 * What a value was compared as: `reported` is Redis's own number; `counted` the console counted
 * it (exact); `at-least` a lower bound the console counted (it fires only when even the bound is
 * over); `measured` from ids or presence timestamps.
 */
export type AlertCompared = 'reported' | 'counted' | 'at-least' | 'measured';

export interface Alert {
  /** stream, group, metric (and instance): one alert per thing that can be over its threshold. */
  key: string;
  stream: string;
  group: string;
  metric: AlertMetric;
  instance?: string;
  value: number;
  threshold: number;
  compared: AlertCompared;
  /** A sentence saying what is over what. */
  message: string;
  /** When it started firing. */
  since: number;
}

export interface AlertHistoryItem {
  id: number;
  at: number;
  kind: 'fired' | 'resolved';
  alert: Alert;
}

/** A threshold that could not be compared on the last check, and why (e.g. lag unknown). */
export interface AlertSkip {
  stream: string;
  group: string;
  metric: AlertMetric;
  reason: string;
}

export interface AlertStatus {
  rules: AlertRule[];
  /** `profile`: saved with the connection profile; `memory`: connected without a profile, kept until the console exits. */
  rulesSavedIn: 'profile' | 'memory';
  firing: Alert[];
  /** Newest first, bounded (ALERT_LIMITS.history). */
  history: AlertHistoryItem[];
  skipped: AlertSkip[];
  checkedAt: number | null;
  intervalMs: number;
  /** Why the last check failed as a whole (Redis away), else null. */
  error: string | null;
}

export const ALERT_LIMITS = {
  /** Rules per profile; each rule's stream costs one check per interval. */
  rules: 100,
  /** History items kept; the oldest go first. */
  history: 500,
  /** The check interval the console uses unless told otherwise. */
  intervalMs: 5_000,
} as const;

/** The words for a metric, as a user reads them. */
export const ALERT_METRIC_NAMES: Record<AlertMetric, string> = {
  lag: 'lag',
  lagMs: 'lag in time',
  pending: 'pending',
  oldestPendingMs: 'oldest pending age',
  instance: 'instance not live',
};
