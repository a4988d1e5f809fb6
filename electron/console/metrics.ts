// The metrics snapshot (shared/metrics.ts): a bounded walk over the streams (SCAN, at most
// `maxStreams`), each read like the Overview reads it (XINFO STREAM + GROUPS in one pipeline, lag
// under the shared counting budget), plus one pipeline per stream of XPENDING summaries and XINFO
// CONSUMERS, and the engine presence of the stream's groups. Rates are deltas between snapshots.
import type { GroupInfo } from '../../shared/dto';
import type { GroupMetricsSample, MetricsSnapshot, StreamMetricsSample } from '../../shared/metrics';
import { METRICS_LIMITS } from '../../shared/metrics';
import { ContractError } from '../../shared/reply';
import { idTime } from '../engine';
import { scanStreams } from './cluster-scan';
import type { Area, ConsoleContext } from './context';
import { pairs } from './entry-format';
import type { LagCounter } from './group-lag';
import type { ConsumerInsight } from './groups';
import { inspectStream } from './streams';

/** Counters remembered between snapshots to give per-second rates; bounded. */
class Deltas {
  private readonly last = new Map<string, { value: number; at: number }>();
  rate(key: string, value: number | null, at: number): number | null {
    if (value == null) return null;
    const before = this.last.get(key);
    if (this.last.size > 50_000) this.last.clear();
    this.last.set(key, { value, at });
    if (!before || at <= before.at || value < before.value) return null;
    return ((value - before.value) * 1000) / (at - before.at);
  }
}

export function createMetricsArea(ctx: ConsoleContext, lag: LagCounter, insight: ConsumerInsight | null): Area {
  const deltas = new Deltas();

  const sampleStream = async (name: string, at: number): Promise<StreamMetricsSample | null> => {
    let detail;
    try {
      detail = await inspectStream(ctx, lag, name);
    } catch (error) {
      if (error instanceof ContractError && error.code === 'not_found') return null; // deleted since SCAN
      throw error;
    }
    const groups = detail.groups.slice(0, METRICS_LIMITS.maxGroupsPerStream);
    const key = ctx.key(name);
    const pipeline = ctx.redis().pipeline();
    for (const g of groups) pipeline.call('XPENDING', key, g.name).call('XINFO', 'CONSUMERS', key, g.name);
    const replies = groups.length > 0 ? ((await pipeline.exec()) ?? []) : [];
    const sampled: GroupMetricsSample[] = [];
    for (const [i, g] of groups.entries()) {
      const [, summary] = replies[2 * i] ?? [];
      const [, consumers] = replies[2 * i + 1] ?? [];
      const minId = Array.isArray(summary) && summary[1] != null ? String(summary[1]) : null;
      const details = insight ? await insight.details(name, g.name).catch(() => null) : null;
      const instances = (Array.isArray(consumers) ? consumers : []).map((raw) => {
        const c = pairs(raw);
        const consumer = String(c.name);
        const extra = details?.get(consumer);
        return {
          name: consumer,
          pending: Number(c.pending ?? 0),
          idleMs: Number(c.idle ?? 0),
          presence: extra?.presence ?? 'unknown',
          deliveredPerSec: extra?.metrics?.deliveredPerSec ?? null,
          ackedPerSec: extra?.metrics?.ackedPerSec ?? null,
        };
      });
      // Entries read per second from Redis's entries-read; where Redis does not know it, the engine instances' own rates.
      const measured = instances.filter((x) => x.deliveredPerSec != null);
      const fromInstances = measured.length > 0 ? measured.reduce((sum, x) => sum + (x.deliveredPerSec ?? 0), 0) : null;
      const readPerSec = deltas.rate(`${name}\n${g.name}`, g.entriesRead, at) ?? fromInstances;
      sampled.push(groupSample(g, minId, at, readPerSec, instances));
    }
    return { name, length: detail.length, entriesPerSec: deltas.rate(name, detail.entriesAdded, at), groups: sampled };
  };

  return {
    handlers: {
      'metrics.snapshot': async ({ maxStreams }): Promise<MetricsSnapshot> => {
        const started = Date.now();
        const redis = ctx.redis();
        const names: string[] = [];
        let cursor = '0';
        let truncated = false;
        do {
          const [next, keys] = await scanStreams(redis, cursor, ctx.key('*'), 1000);
          for (const k of keys) names.push(ctx.name(k));
          cursor = next;
          if (names.length > maxStreams) {
            truncated = true;
            break;
          }
        } while (cursor !== '0');
        const chosen = [...new Set(names)].sort().slice(0, maxStreams);
        if (names.length > chosen.length) truncated = true;
        const at = Date.now();
        const streams = (await Promise.all(chosen.map((n) => sampleStream(n, at)))).filter((s): s is StreamMetricsSample => s !== null);
        return { streams, truncated, maxStreams, at, tookMs: Date.now() - started };
      },
    },
  };
}

function groupSample(
  g: GroupInfo,
  minPendingId: string | null,
  at: number,
  readPerSec: number | null,
  instances: GroupMetricsSample['instances'],
): GroupMetricsSample {
  return {
    name: g.name,
    lag: g.lagSource === 'unknown' ? null : g.lag,
    lagSource: g.lagSource ?? 'redis',
    oldestUndeliveredMs: g.lag === 0 ? 0 : (g.oldestUndeliveredMs ?? null),
    pending: g.pending,
    oldestPendingMs: g.pending === 0 ? 0 : minPendingId ? Math.max(0, at - idTime(minPendingId)) : null,
    readPerSec,
    instances,
  };
}
