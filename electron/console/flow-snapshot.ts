// One sample of a followed stream. Watched (a page shows it): every group with each instance's
// presence, rate, in-flight count and share of load, hosted instances from their engine stats and
// others from their presence heartbeat. Retained (no page shows it): one pipelined round trip,
// group numbers only.
import type { FlowGroup, FlowInstance, FlowSnapshot, Presence } from '../../shared/dto';
import { readPresence, type ReadPresenceResult, type SubscriptionStats } from '../engine';
import type { ConsoleContext } from './context';
import { numberOrNull, pairs } from './entry-format';
import { trackMembership, type MemberRow, type Members } from './flow-membership';
import { producedRate, readRates, type RateCounters } from './flow-rates';
import { reportedGroup, streamFacts, type GroupLag, type LagCounter } from './group-lag';
import type { InstancesArea } from './instances';
import type { Observations } from './observations';
import { nameFromReply, redisKey } from './redis-key';

export interface SnapshotSources {
  ctx: ConsoleContext;
  observations: Observations;
  instances: InstancesArea;
  lagCounter: LagCounter;
}

/** What a followed stream remembers between samples. */
export interface SampledStream extends RateCounters {
  /** The instances seen at the last watched sample; null before the first (that one is a baseline). */
  members: Members | null;
}

/** A group's lag as the flow feed and the charts carry it. */
const lagFields = (l: GroupLag): Pick<FlowGroup, 'lag' | 'lagSource' | 'oldestUndeliveredMs'> => ({
  lag: l.lag,
  lagSource: l.lagSource,
  oldestUndeliveredMs: l.oldestUndeliveredMs,
});

/** XINFO STREAM and XINFO GROUPS replies of a pipeline, or the error either gave. */
function streamAndGroups(replies: Array<[Error | null, unknown]>): {
  info: Record<string, unknown>;
  groups: Array<Record<string, unknown>>;
} {
  const [[infoError, info], [groupsError, rawGroups]] = replies;
  if (infoError) throw infoError;
  if (groupsError) throw groupsError;
  return { info: pairs(info), groups: (rawGroups as unknown[]).map(pairs) };
}

/** One group's instances, from XINFO CONSUMERS, presence and the console's hosted instances. */
function instanceRows(
  consumers: Array<Record<string, unknown>>,
  present: Map<string, ReadPresenceResult>,
  hostedStats: Map<string, SubscriptionStats>,
): Array<MemberRow & { stats: SubscriptionStats | null }> {
  const names = new Set<string>([...consumers.map((c) => nameFromReply(c.name)), ...present.keys(), ...hostedStats.keys()]);
  return [...names].map((instance) => {
    const stats = hostedStats.get(instance) ?? present.get(instance)?.stats ?? null;
    const p = present.get(instance);
    const presence: Presence = hostedStats.has(instance) || p?.live ? 'live' : p ? 'stale' : 'unknown';
    const idleMs = Number(consumers.find((c) => nameFromReply(c.name) === instance)?.idle ?? 0);
    return { instance, presence, stats, idleMs, hosted: hostedStats.has(instance) };
  });
}

/** Each live instance's delivered/s and its share of the group's. */
function shareOfLoad(rows: Array<MemberRow & { stats: SubscriptionStats | null }>): { groupRate: number; instances: FlowInstance[] } {
  const groupRate = rows.reduce((sum, r) => sum + (r.presence === 'live' ? (r.stats?.deliveredPerSec ?? 0) : 0), 0);
  const instances = rows.map((r) => {
    const rate = r.presence === 'live' ? (r.stats?.deliveredPerSec ?? 0) : 0;
    return {
      instance: r.instance,
      presence: r.presence,
      deliveredPerSec: rate,
      ackedPerSec: r.presence === 'live' ? (r.stats?.ackedPerSec ?? 0) : 0,
      inFlight: r.stats?.inFlight ?? 0,
      share: groupRate > 0 ? rate / groupRate : 0,
      hosted: r.hosted,
    };
  });
  return { groupRate, instances: instances.sort((a, b) => a.instance.localeCompare(b.instance)) };
}

/** A watched stream's sample, recording membership changes since the previous one. */
export async function watchedSnapshot(sources: SnapshotSources, stream: string, watch: SampledStream): Promise<FlowSnapshot> {
  const { ctx, lagCounter, instances, observations } = sources;
  const redis = ctx.redis();
  const key = ctx.key(stream);
  const now = Date.now();
  const { info: s, groups } = streamAndGroups(
    (await redis.pipeline().call('XINFO', 'STREAM', key).callBuffer('XINFO', 'GROUPS', key).exec()) ?? [],
  );
  const elapsed = now - watch.lastAt;
  const producedPerSec = producedRate(watch, s, now);
  readRates(watch, groups, numberOrNull(s['entries-added']), elapsed); // only to keep the counters current for quiet sampling
  const perGroup = redis.pipeline();
  for (const g of groups) {
    // The group's name as Redis sent it (bytes), so a name that is not UTF-8 addresses the same group.
    perGroup.callBuffer('XINFO', 'CONSUMERS', key, g.name as Buffer);
    perGroup.call('XPENDING', key, g.name as Buffer, 'IDLE', 0, '-', '+', 1);
  }
  const [perGroupReplies, presences, lags] = await Promise.all([
    perGroup.exec(),
    readPresence(redis, key, now),
    lagCounter.resolve(redis, key, stream, streamFacts(s), groups.map(reportedGroup)),
  ]);
  const hosted = instances.live().filter((h) => h.stream === stream);
  const baseline = watch.members === null;
  const members = (watch.members ??= new Map() as Members);

  const flowGroups: FlowGroup[] = groups.map((g, i) => {
    const group = nameFromReply(g.name);
    const consumers = ((perGroupReplies?.[2 * i]?.[1] as unknown[]) ?? []).map(pairs);
    const oldest = (perGroupReplies?.[2 * i + 1]?.[1] as Array<[string, string, number, number]>) ?? [];
    const present = new Map<string, ReadPresenceResult>(presences.filter((p) => p.group === group).map((p) => [p.instance, p]));
    const hostedStats = new Map<string, SubscriptionStats>(hosted.filter((h) => h.group === group).map((h) => [h.instance, h.stats]));
    const rows = instanceRows(consumers, present, hostedStats);
    const { groupRate, instances: flowInstances } = shareOfLoad(rows);
    trackMembership(observations, stream, group, rows, members, baseline, now);
    return {
      group,
      deliveredPerSec: groupRate,
      ...lagFields(lags[i]),
      pending: Number(g.pending ?? 0),
      oldestPendingMs: oldest[0] ? Number(oldest[0][2]) : null,
      instances: flowInstances,
    };
  });
  return { stream, at: now, producedPerSec, length: Number(s.length ?? 0), groups: flowGroups };
}

/**
 * A stream no page watches: one pipelined round trip (XINFO STREAM, XINFO GROUPS, and the oldest
 * pending entry of each group known from the previous sample), group numbers only, plus the lag
 * counts Redis does not give (group-lag.ts: reused while nothing changed, budgeted).
 */
export async function quietSample(sources: SnapshotSources, stream: string, t: SampledStream): Promise<FlowSnapshot> {
  const { ctx, lagCounter } = sources;
  const key = ctx.key(stream);
  const now = Date.now();
  const known = [...t.lastRead.keys()];
  const pipeline = ctx.redis().pipeline().call('XINFO', 'STREAM', key).callBuffer('XINFO', 'GROUPS', key);
  for (const group of known) pipeline.call('XPENDING', key, redisKey(group), 'IDLE', 0, '-', '+', 1);
  const replies = ((await pipeline.exec()) ?? []) as Array<[Error | null, unknown]>;
  const { info: s, groups } = streamAndGroups(replies);
  const oldest = new Map(known.map((group, i) => [group, replies[2 + i]]));
  const elapsed = now - t.lastAt;
  const producedPerSec = producedRate(t, s, now);
  const rates = readRates(t, groups, numberOrNull(s['entries-added']), elapsed);
  const lags = await lagCounter.resolve(ctx.redis(), key, stream, streamFacts(s), groups.map(reportedGroup));
  return {
    stream,
    at: now,
    producedPerSec,
    length: Number(s.length ?? 0),
    groups: groups.map((g, i): FlowGroup => {
      const group = nameFromReply(g.name);
      const [error, first] = oldest.get(group) ?? [null, null];
      const entry = !error && Array.isArray(first) ? (first[0] as [string, string, number, number] | undefined) : undefined;
      return {
        group,
        deliveredPerSec: rates.get(group) ?? 0,
        ...lagFields(lags[i]),
        pending: Number(g.pending ?? 0),
        oldestPendingMs: entry ? Number(entry[2]) : null,
        instances: [],
      };
    }),
  };
}
