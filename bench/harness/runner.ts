// Runs a family's scenarios interleaved (run 1 of each, then run 2 of each, …) so drift in the
// shared machine's load hits baseline and candidate alike, rotating the order every round so no
// scenario always goes first; then takes medians and the spread (min–max) per metric.
import { loadavg } from 'node:os';
import { Redis } from 'ioredis';
import { deleteKeysContaining, uniqueToken } from './redis';
import type { Family, Measurement, Scenario, Size, Target } from './scenario';
import { median } from './stats';

export interface MedianSummary {
  msgsPerSec: number;
  mbPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  /** p99 after warm-up (flows), NaN where the scenario has no warm-up split. */
  p99Warm: number;
  /** Live flows: the producer's rate, and in how many runs it set the pace. */
  producerMsgsPerSec: number;
  allocMBPer100k: number;
  gcPer100k: number;
  gcMsPer100k: number;
  heapPeakMB: number;
}

export type Spread = [min: number, max: number];

export interface ScenarioResult {
  id: string;
  family: string;
  title: string;
  meaning: string;
  baseline: string | null;
  runs: Measurement[];
  errors: string[];
  median: MedianSummary | null;
  /** Smallest and largest value over the runs that completed. */
  spread: { msgsPerSec: Spread; p99: Spread; p99Warm: Spread } | null;
  /** Runs in which the producer, not the consumers, set the pace (live flooding flows). */
  producerBoundRuns: number;
  /** Paced flows: runs in which the producer fell more than 5 % short of its asked rate. */
  producerBehindRuns: number;
  /** Median msgs/s and p99 of this scenario divided by its baseline's (same invocation). */
  ratio: { msgsPerSec: number; p99: number } | null;
  notes: Record<string, number | string>;
}

export interface TargetResult extends Target {
  value: number | null;
  met: boolean | null;
  /** Why the target failed without (or besides) its ratio: failed, stalled or missing runs. */
  failure: string | null;
  /** The control's median over its baseline's (the A/A ratio); null without a control, its value, or with a failed run. */
  aa: number | null;
}

export interface RunOptions {
  redisUrl: string;
  size: Size;
  runs: number;
  log: (line: string) => void;
}

/** The round's order: the list rotated by `round`, so each scenario takes every place in turn. */
export function rotate<T>(items: readonly T[], round: number): T[] {
  if (items.length === 0) return [];
  const k = round % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

const load1 = () => Math.round(loadavg()[0] * 100) / 100;

export async function runFamily(family: Family, selected: Scenario[], options: RunOptions): Promise<ScenarioResult[]> {
  const admin = new Redis(options.redisUrl);
  const runs = new Map<string, Measurement[]>(selected.map((s) => [s.id, []]));
  const errors = new Map<string, string[]>(selected.map((s) => [s.id, []]));
  try {
    for (let run = 1; run <= options.runs; run++) {
      const round = rotate(selected, run - 1);
      for (const [order, scenario] of round.entries()) {
        const token = uniqueToken();
        const before = load1();
        try {
          const m = await scenario.run({ redisUrl: options.redisUrl, size: options.size, token });
          m.load = { before, after: load1() };
          m.order = order + 1;
          runs.get(scenario.id)!.push(m);
          const warm = m.warmLatency ? `, p99 after warm-up ${m.warmLatency.p99.toFixed(2)} ms` : '';
          const p = m.producer;
          const flag = !p
            ? ''
            : p.pacedAt !== undefined
              ? p.msgsPerSec < 0.95 * p.pacedAt
                ? ` (BEHIND its ${p.pacedAt}/s)`
                : ' (paced)'
              : p.bound
                ? ' (PRODUCER-BOUND)'
                : '';
          const pace = p ? `, producer ${Math.round(p.msgsPerSec)} msgs/s${flag}` : '';
          options.log(
            `  ${scenario.id} run ${run} (#${order + 1}, load ${before}→${m.load.after}): ${Math.round(m.messages / m.seconds)} msgs/s, p99 ${m.latency?.p99.toFixed(2) ?? '-'} ms${warm}${pace}`,
          );
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          errors.get(scenario.id)!.push(`run ${run}: ${message}`);
          options.log(`  ${scenario.id} run ${run} (#${order + 1}, load ${before}→${load1()}): FAILED ${message.split('\n')[0]}`);
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
      spread: spreadOf(measured),
      producerBoundRuns: measured.filter((m) => m.producer?.bound && m.producer.pacedAt === undefined).length,
      producerBehindRuns: measured.filter((m) => m.producer?.pacedAt !== undefined && m.producer.msgsPerSec < 0.95 * m.producer.pacedAt)
        .length,
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

const rate = (m: Measurement) => m.messages / m.seconds;

function medianSummary(runs: Measurement[]): MedianSummary | null {
  if (runs.length === 0) return null;
  const pick = (f: (m: Measurement) => number | undefined) => median(runs.map((m) => f(m) ?? Number.NaN));
  return {
    msgsPerSec: pick(rate),
    mbPerSec: pick((m) => (rate(m) * m.bytesPerMessage) / 1e6),
    p50: pick((m) => m.latency?.p50),
    p95: pick((m) => m.latency?.p95),
    p99: pick((m) => m.latency?.p99),
    p999: pick((m) => m.latency?.p999),
    max: pick((m) => m.latency?.max),
    p99Warm: pick((m) => m.warmLatency?.p99),
    producerMsgsPerSec: pick((m) => m.producer?.msgsPerSec),
    allocMBPer100k: pick((m) => m.heap?.allocMBPer100k),
    gcPer100k: pick((m) => m.heap?.gcPer100k),
    gcMsPer100k: pick((m) => m.heap?.gcMsPer100k),
    heapPeakMB: pick((m) => m.heap?.heapPeakMB),
  };
}

function spreadOf(runs: Measurement[]): ScenarioResult['spread'] {
  if (runs.length === 0) return null;
  const range = (values: number[]): Spread => {
    const finite = values.filter((v) => Number.isFinite(v));
    return finite.length ? [Math.min(...finite), Math.max(...finite)] : [Number.NaN, Number.NaN];
  };
  return {
    msgsPerSec: range(runs.map(rate)),
    p99: range(runs.map((m) => m.latency?.p99 ?? Number.NaN)),
    p99Warm: range(runs.map((m) => m.warmLatency?.p99 ?? Number.NaN)),
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

/**
 * Ratios of medians. A scenario with a failed or stalled run fails every target it is part of
 * (its medians would otherwise speak only for the runs that happened to succeed); so does one that
 * has no value for the metric.
 */
export function evaluateTargets(targets: Target[], results: ScenarioResult[]): TargetResult[] {
  const byId = (id: string | undefined) => (id === undefined ? undefined : results.find((r) => r.id === id));
  return targets.map((target) => {
    const subject = byId(target.subject);
    const reference = byId(target.reference);
    if (!subject || !reference) return { ...target, value: null, met: null, failure: null, aa: null };
    const problems = [subject, reference]
      .filter((r) => r.errors.length > 0)
      .map((r) => `${r.errors.length} of ${r.errors.length + r.runs.length} runs of ${r.id} failed`);
    const value = ratioOf(subject, reference, target.metric);
    if (value === null) problems.push(`no ${target.metric} measured`);
    const ratioMet =
      value !== null &&
      (target.atLeast === undefined || value >= target.atLeast) &&
      (target.atMost === undefined || value <= target.atMost);
    const control = byId(target.control);
    const original = byId(control?.baseline ?? undefined);
    const aa =
      control && original && control.errors.length + original.errors.length === 0 ? ratioOf(control, original, target.metric) : null;
    return { ...target, value, met: problems.length === 0 && ratioMet, failure: problems.length ? problems.join('; ') : null, aa };
  });
}

/** a's median over b's; nothing against nothing (no collection in either) is par, something against nothing unbounded. */
function ratioOf(a: ScenarioResult, b: ScenarioResult, metric: Target['metric']): number | null {
  const x = a.median?.[metric];
  const y = b.median?.[metric];
  if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) return null;
  if (y === 0) return x === 0 ? 1 : Number.POSITIVE_INFINITY;
  return x / y;
}
