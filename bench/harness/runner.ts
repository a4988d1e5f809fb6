// Runs a family's scenarios interleaved (run 1 of each, then run 2 of each, …) so drift in the
// shared machine's load hits baseline and candidate alike, then takes medians per metric.
import { Redis } from 'ioredis';
import { deleteKeysContaining, uniqueToken } from './redis';
import type { Family, Measurement, Metric, Scenario, Target } from './scenario';
import { median } from './stats';

export interface MedianSummary {
  msgsPerSec: number;
  mbPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

export interface ScenarioResult {
  id: string;
  family: string;
  title: string;
  meaning: string;
  baseline: string | null;
  runs: Measurement[];
  errors: string[];
  median: MedianSummary | null;
  /** Median msgs/s and p99 of this scenario divided by its baseline's (same invocation). */
  ratio: { msgsPerSec: number; p99: number } | null;
  notes: Record<string, number | string>;
}

export interface TargetResult extends Target {
  value: number | null;
  met: boolean | null;
}

export interface RunOptions {
  redisUrl: string;
  full: boolean;
  runs: number;
  log: (line: string) => void;
}

export async function runFamily(family: Family, selected: Scenario[], options: RunOptions): Promise<ScenarioResult[]> {
  const admin = new Redis(options.redisUrl);
  const runs = new Map<string, Measurement[]>(selected.map((s) => [s.id, []]));
  const errors = new Map<string, string[]>(selected.map((s) => [s.id, []]));
  try {
    for (let run = 1; run <= options.runs; run++) {
      for (const scenario of selected) {
        const token = uniqueToken();
        try {
          const m = await scenario.run({ redisUrl: options.redisUrl, full: options.full, token });
          runs.get(scenario.id)!.push(m);
          options.log(`  ${scenario.id} run ${run}: ${Math.round(m.messages / m.seconds)} msgs/s, p99 ${m.latency?.p99.toFixed(2) ?? '-'} ms`);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          errors.get(scenario.id)!.push(message);
          options.log(`  ${scenario.id} run ${run}: FAILED ${message.split('\n')[0]}`);
        } finally {
          await deleteKeysContaining(admin, token);
        }
      }
    }
  } finally {
    admin.disconnect();
  }
  const results = selected.map((s): ScenarioResult => {
    const measured = runs.get(s.id)!;
    return {
      id: s.id,
      family: family.name,
      title: s.title,
      meaning: s.meaning,
      baseline: s.baseline ?? null,
      runs: measured,
      errors: errors.get(s.id)!,
      median: medianSummary(measured),
      ratio: null,
      notes: medianNotes(measured),
    };
  });
  for (const result of results) {
    const base = results.find((r) => r.id === result.baseline);
    if (result.median && base?.median) {
      result.ratio = {
        msgsPerSec: result.median.msgsPerSec / base.median.msgsPerSec,
        p99: result.median.p99 / base.median.p99,
      };
    }
  }
  return results;
}

function medianSummary(runs: Measurement[]): MedianSummary | null {
  if (runs.length === 0) return null;
  const rate = (m: Measurement) => m.messages / m.seconds;
  const pick = (f: (m: Measurement) => number) => median(runs.map(f));
  return {
    msgsPerSec: pick(rate),
    mbPerSec: pick((m) => (rate(m) * m.bytesPerMessage) / 1e6),
    p50: pick((m) => m.latency?.p50 ?? Number.NaN),
    p95: pick((m) => m.latency?.p95 ?? Number.NaN),
    p99: pick((m) => m.latency?.p99 ?? Number.NaN),
    p999: pick((m) => m.latency?.p999 ?? Number.NaN),
    max: pick((m) => m.latency?.max ?? Number.NaN),
  };
}

/** Numeric notes as medians over runs; text notes from the last run. */
function medianNotes(runs: Measurement[]): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  const keys = new Set(runs.flatMap((m) => Object.keys(m.notes ?? {})));
  for (const key of keys) {
    const values = runs.map((m) => m.notes?.[key]).filter((v) => v !== undefined);
    out[key] = values.every((v) => typeof v === 'number') ? median(values as number[]) : String(values[values.length - 1]);
  }
  return out;
}

export function evaluateTargets(targets: Target[], results: ScenarioResult[]): TargetResult[] {
  const value = (id: string, metric: Metric) => results.find((r) => r.id === id)?.median?.[metric];
  return targets.map((target) => {
    const subject = value(target.subject, target.metric);
    const reference = value(target.reference, target.metric);
    if (subject === undefined || reference === undefined || !Number.isFinite(subject) || !Number.isFinite(reference)) {
      return { ...target, value: null, met: null };
    }
    const ratio = subject / reference;
    const met = (target.atLeast === undefined || ratio >= target.atLeast) && (target.atMost === undefined || ratio <= target.atMost);
    return { ...target, value: ratio, met };
  });
}
