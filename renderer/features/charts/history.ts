// A bounded history of flow snapshots (by age and by count) and the time series drawn from it.
import type { FlowSnapshot } from '../../../shared';
import { groupColours, PRODUCED_COLOUR } from './palette';

export const WINDOW_MS = 10 * 60_000;
/** Hard cap even if ticks come faster than expected (10/s for 10 minutes). */
export const MAX_SAMPLES = 6000;

/**
 * Merges samples into the history in time order, one per `at` (the console's history and live
 * ticks overlap: the first one kept wins), and drops what is older than the window or beyond the cap.
 */
export function appendBounded(
  samples: readonly FlowSnapshot[],
  incoming: readonly FlowSnapshot[],
  windowMs = WINDOW_MS,
  max = MAX_SAMPLES,
): FlowSnapshot[] {
  if (incoming.length === 0) return samples as FlowSnapshot[];
  const all = inOrderAfter(samples, incoming) ? samples.concat(incoming) : mergeByAt(samples, incoming);
  if (all.length === samples.length) return samples as FlowSnapshot[];
  const newest = all[all.length - 1].at;
  let start = Math.max(0, all.length - max);
  while (start < all.length && all[start].at < newest - windowMs) start++;
  return start === 0 ? all : all.slice(start);
}

/** The common case, live ticks: every incoming sample is newer than the last kept and than the one before. */
function inOrderAfter(samples: readonly FlowSnapshot[], incoming: readonly FlowSnapshot[]): boolean {
  let last = samples.length ? samples[samples.length - 1].at : -Infinity;
  for (const s of incoming) {
    if (s.at <= last) return false;
    last = s.at;
  }
  return true;
}

function mergeByAt(samples: readonly FlowSnapshot[], incoming: readonly FlowSnapshot[]): FlowSnapshot[] {
  const byAt = new Map<number, FlowSnapshot>();
  for (const s of samples) byAt.set(s.at, s);
  for (const s of incoming) if (!byAt.has(s.at)) byAt.set(s.at, s);
  return [...byAt.values()].sort((a, b) => a.at - b.at);
}

export type Metric = 'lag' | 'pending' | 'oldestPending' | 'throughput';

export interface Series {
  /** Seconds since epoch, what uPlot's time axis expects. */
  x: number[];
  names: string[];
  /** One colour per name: its group's (groupColours over the groups shown), so a group looks the same in every chart. */
  colours: string[];
  /** One array per name, aligned with x; null where a group did not exist yet. */
  ys: Array<Array<number | null>>;
}

/** Group names in order of first appearance, so lines keep their order as groups come and go. */
export function groupNames(samples: readonly FlowSnapshot[]): string[] {
  const seen = new Set<string>();
  for (const s of samples) for (const g of s.groups) seen.add(g.group);
  return [...seen];
}

export function seriesOf(samples: readonly FlowSnapshot[], metric: Metric): Series {
  const groups = groupNames(samples);
  const colours = groupColours(groups);
  const x = samples.map((s) => s.at / 1000);
  const per = (pick: (g: FlowSnapshot['groups'][number]) => number | null) =>
    groups.map((name) =>
      samples.map((s) => {
        const g = s.groups.find((gg) => gg.group === name);
        return g ? pick(g) : null;
      }),
    );
  switch (metric) {
    case 'lag':
      return { x, names: groups, colours, ys: per((g) => g.lag) };
    case 'pending':
      return { x, names: groups, colours, ys: per((g) => g.pending) };
    case 'oldestPending':
      return { x, names: groups, colours, ys: per((g) => (g.oldestPendingMs === null ? 0 : g.oldestPendingMs / 1000)) };
    case 'throughput':
      return {
        x,
        names: ['produced', ...groups.map((g) => `${g} delivered`)],
        colours: [PRODUCED_COLOUR, ...colours],
        ys: [samples.map((s) => s.producedPerSec), ...per((g) => g.deliveredPerSec)],
      };
  }
}

/**
 * How the lag drawn for each group was known, over the samples shown: a chart line looks the same
 * whether Redis reported the number or the console counted it, so the chart says which.
 * Groups whose lag Redis reported throughout are left out; null when that is every group.
 */
export function lagProvenance(samples: readonly FlowSnapshot[]): string | null {
  const by = new Map<string, Set<string>>();
  for (const s of samples)
    for (const g of s.groups) {
      const source = g.lagSource ?? (g.lag === null ? 'unknown' : 'redis');
      if (source === 'redis') continue;
      let set = by.get(g.group);
      if (!set) by.set(g.group, (set = new Set()));
      set.add(source);
    }
  if (by.size === 0) return null;
  const words: Record<string, string> = {
    computed: 'counted by the console',
    'at-least': 'at least the line (counting stopped at its limit)',
    unknown: 'unknown at times (gaps in the line)',
  };
  const parts = [...by].map(([group, sources]) => `${group}: ${[...sources].map((x) => words[x] ?? x).join('; ')}`);
  return `Lag Redis did not report — ${parts.join(' · ')}.`;
}
