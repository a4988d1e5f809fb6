// The live flow feed: for each watched stream, deliveries per group → instance per interval,
// lag, pending and oldest-pending age, pushed as one coalesced `flow.tick` per second. Hosted
// instances report exact engine stats; other instances report the counters in their presence
// heartbeat. Presence changes between ticks become membership events (joined, stale, returned,
// left, idle). Every snapshot also goes into the console's bounded history of the stream
// (flow-history.ts), and a stream no page watches any more keeps being sampled at a low rate for a
// while, so `flow.history` can give a page that opens later the last ten minutes.
import type { FlowGroup, FlowHistory, FlowInstance, FlowSnapshot, Presence } from '../../shared/dto';
import { isMissingStreamOrGroup, readPresence, type ReadPresenceResult, type SubscriptionStats } from '../engine';
import type { Area, ConsoleContext } from './context';
import { chartSample, FLOW_HISTORY_LIMITS, SampleRing, type FlowHistoryLimits } from './flow-history';
import { numberOrNull, pairs } from './entry-format';
import { LagCounter, reportedGroup, streamFacts, type GroupLag } from './group-lag';
import type { InstancesArea } from './instances';
import type { Observations } from './observations';
import { nameFromReply, redisKey } from './redis-key';

export const FLOW_TICK_MS = 1000;
/** A live consumer idle longer than this is reported as idle in the membership timeline. */
export const IDLE_AFTER_MS = 30_000;
const MAX_WATCHED = 32;

/** A stream the console follows: watched by pages (watchers > 0), or retained and sampled quietly. */
interface Tracked {
  /** How many pages watch this stream: one page leaving must not stop another's ticks. */
  watchers: number;
  lastAdded: number | null;
  lastAt: number;
  /** `${group}\n${instance}` → last known presence, and whether it was idle. */
  members: Map<string, { presence: Presence; idle: boolean }> | null;
  history: SampleRing;
  /** When the last page stopped watching; null while a page watches. */
  unwatchedAt: number | null;
  /** Each group's entries-read at the last sample (its delivered/s when instances are not read). */
  lastRead: Map<string, number | null>;
}

/** A group's lag as the flow feed and the charts carry it. */
const lagFields = (l: GroupLag): Pick<FlowGroup, 'lag' | 'lagSource' | 'oldestUndeliveredMs'> => ({
  lag: l.lag,
  lagSource: l.lagSource,
  oldestUndeliveredMs: l.oldestUndeliveredMs,
});

/** Redis's answer when the stream key no longer exists. */
/** The feed of one stream's ticks, followed by the pages watching it. */
const watchTopic = (stream: string) => `flow.watch:${stream}`;
const isGone = (error: unknown) => isMissingStreamOrGroup(error);

export function createFlowArea(
  ctx: ConsoleContext,
  observations: Observations,
  instances: InstancesArea,
  limits: FlowHistoryLimits = FLOW_HISTORY_LIMITS,
  lagCounter: LagCounter = new LagCounter(),
): Area {
  const tracked = new Map<string, Tracked>();
  let liveTimer: ReturnType<typeof setInterval> | null = null;
  let quietTimer: ReturnType<typeof setInterval> | null = null;
  let ticking = false;
  let sampling = false;

  const newTracked = (): Tracked => ({
    watchers: 0,
    lastAdded: null,
    lastAt: 0,
    members: null,
    history: new SampleRing(limits),
    unwatchedAt: null,
    lastRead: new Map(),
  });

  /** Produced/s since the previous sample of this stream (0 for the first). */
  const producedRate = (t: Tracked, info: Record<string, unknown>, now: number): number => {
    const added = numberOrNull(info['entries-added']);
    const rate =
      added != null && t.lastAdded != null && now > t.lastAt ? Math.max(0, ((added - t.lastAdded) * 1000) / (now - t.lastAt)) : 0;
    t.lastAdded = added;
    t.lastAt = now;
    return rate;
  };

  /** Each group's delivered/s from its entries-read counter (Redis 7), remembering the counters. */
  const readRates = (t: Tracked, groups: Array<Record<string, unknown>>, added: number | null, elapsedMs: number): Map<string, number> => {
    const rates = new Map<string, number>();
    const next = new Map<string, number | null>();
    for (const g of groups) {
      const name = nameFromReply(g.name);
      // A group that has not read since it was created reports no entries-read, but its lag says it.
      const lag = numberOrNull(g.lag);
      const read = numberOrNull(g['entries-read']) ?? (added != null && lag != null ? added - lag : null);
      const before = t.lastRead.get(name);
      if (read != null && before != null && elapsedMs > 0) rates.set(name, Math.max(0, ((read - before) * 1000) / elapsedMs));
      next.set(name, read);
    }
    t.lastRead = next;
    return rates;
  };

  const snapshot = async (stream: string, watch: Tracked): Promise<FlowSnapshot> => {
    const redis = ctx.redis();
    const key = ctx.key(stream);
    const now = Date.now();
    const [[infoError, info], [groupsError, rawGroups]] =
      (await redis.pipeline().call('XINFO', 'STREAM', key).callBuffer('XINFO', 'GROUPS', key).exec()) ?? [];
    if (infoError) throw infoError;
    if (groupsError) throw groupsError;
    const s = pairs(info);
    const elapsed = now - watch.lastAt;
    const producedPerSec = producedRate(watch, s, now);

    const groups = (rawGroups as unknown[]).map(pairs);
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
    const members = (watch.members ??= new Map<string, { presence: Presence; idle: boolean }>());

    const flowGroups: FlowGroup[] = groups.map((g, i) => {
      const group = nameFromReply(g.name);
      const consumers = ((perGroupReplies?.[2 * i]?.[1] as unknown[]) ?? []).map(pairs);
      const oldest = (perGroupReplies?.[2 * i + 1]?.[1] as Array<[string, string, number, number]>) ?? [];
      const present = new Map<string, ReadPresenceResult>(presences.filter((p) => p.group === group).map((p) => [p.instance, p]));
      const hostedStats = new Map<string, SubscriptionStats>(hosted.filter((h) => h.group === group).map((h) => [h.instance, h.stats]));
      const names = new Set<string>([...consumers.map((c) => nameFromReply(c.name)), ...present.keys(), ...hostedStats.keys()]);
      const rows = [...names].map((instance) => {
        const stats = hostedStats.get(instance) ?? present.get(instance)?.stats ?? null;
        const p = present.get(instance);
        const presence: Presence = hostedStats.has(instance) || p?.live ? 'live' : p ? 'stale' : 'unknown';
        const idleMs = Number(consumers.find((c) => nameFromReply(c.name) === instance)?.idle ?? 0);
        return { instance, presence, stats, idleMs, hosted: hostedStats.has(instance) };
      });
      const groupRate = rows.reduce((sum, r) => sum + (r.presence === 'live' ? (r.stats?.deliveredPerSec ?? 0) : 0), 0);
      const flowInstances: FlowInstance[] = rows.map((r) => {
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
      trackMembership(stream, group, rows, members, baseline, now);
      return {
        group,
        deliveredPerSec: groupRate,
        ...lagFields(lags[i]),
        pending: Number(g.pending ?? 0),
        oldestPendingMs: oldest[0] ? Number(oldest[0][2]) : null,
        instances: flowInstances.sort((a, b) => a.instance.localeCompare(b.instance)),
      };
    });
    return { stream, at: now, producedPerSec, length: Number(s.length ?? 0), groups: flowGroups };
  };

  /**
   * A stream no page watches: one pipelined round trip (XINFO STREAM, XINFO GROUPS, and the oldest
   * pending entry of each group known from the previous sample), group numbers only, plus the lag
   * counts Redis does not give (group-lag.ts: reused while nothing changed, budgeted).
   */
  const sampleQuietly = async (stream: string, t: Tracked): Promise<FlowSnapshot> => {
    const key = ctx.key(stream);
    const now = Date.now();
    const known = [...t.lastRead.keys()];
    const pipeline = ctx.redis().pipeline().call('XINFO', 'STREAM', key).callBuffer('XINFO', 'GROUPS', key);
    for (const group of known) pipeline.call('XPENDING', key, redisKey(group), 'IDLE', 0, '-', '+', 1);
    const replies = (await pipeline.exec()) ?? [];
    const [[infoError, info], [groupsError, rawGroups]] = replies;
    if (infoError) throw infoError;
    if (groupsError) throw groupsError;
    const oldest = new Map(known.map((group, i) => [group, replies[2 + i]]));
    const elapsed = now - t.lastAt;
    const s = pairs(info);
    const producedPerSec = producedRate(t, s, now);
    const groups = (rawGroups as unknown[]).map(pairs);
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
  };

  const trackMembership = (
    stream: string,
    group: string,
    rows: Array<{ instance: string; presence: Presence; idleMs: number; hosted: boolean }>,
    members: Map<string, { presence: Presence; idle: boolean }>,
    baseline: boolean,
    at: number,
  ) => {
    const seen = new Set<string>();
    for (const r of rows) {
      const id = `${group}\n${r.instance}`;
      seen.add(id);
      const idle = r.presence === 'live' && r.idleMs > IDLE_AFTER_MS;
      const before = members.get(id);
      members.set(id, { presence: r.presence, idle });
      // Hosted instances report their own joins and leaves from engine events.
      if (baseline || r.hosted) continue;
      const emit = (kind: 'joined' | 'stale' | 'returned' | 'idle', detail?: string) =>
        observations.member({ at, stream, group, instance: r.instance, kind, ...(detail ? { detail } : {}) });
      if (!before && r.presence === 'live') emit('joined');
      else if (before?.presence === 'live' && r.presence === 'stale') emit('stale', 'presence heartbeat expired');
      else if (before && before.presence !== 'live' && r.presence === 'live') emit('returned');
      if (before && !before.idle && idle) emit('idle', `idle ${Math.round(r.idleMs / 1000)} s`);
      else if (before?.idle && !idle && r.presence === 'live') emit('returned', 'reading again');
    }
    for (const [id, before] of members) {
      if (!id.startsWith(`${group}\n`) || seen.has(id)) continue;
      members.delete(id);
      if (!baseline && before.presence !== 'unknown')
        observations.member({ at, stream, group, instance: id.slice(group.length + 1), kind: 'left', detail: 'no longer listed' });
    }
  };

  const watchedCount = () => [...tracked.values()].filter((t) => t.watchers > 0).length;

  /** Pushes one `flow.tick` with every watched stream's snapshot, and keeps them in the history. */
  const tick = async () => {
    if (ticking) return; // a slow Redis must not stack ticks
    ticking = true;
    try {
      const snapshots: FlowSnapshot[] = [];
      for (const [stream, t] of tracked) {
        if (t.watchers === 0) continue;
        try {
          const s = await snapshot(stream, t);
          t.history.add(chartSample(s));
          snapshots.push(s);
        } catch (error) {
          // Redis away: skip this tick for it, try again next second. Stream deleted: its history
          // describes something that no longer exists; a stream re-created under the name starts anew.
          if (isGone(error)) t.history.clear();
        }
      }
      // Each stream's snapshot to the pages watching that stream.
      for (const snapshot of snapshots) ctx.feeds.emit(watchTopic(snapshot.stream), 'flow.tick', [snapshot]);
    } finally {
      ticking = false;
    }
  };

  /** Samples every retained stream (in parallel, one round trip each), dropping expired and deleted ones. */
  const sampleRetained = async () => {
    if (sampling) return;
    sampling = true;
    try {
      const now = Date.now();
      const due: Array<[string, Tracked]> = [];
      for (const [stream, t] of tracked) {
        if (t.watchers > 0 || t.unwatchedAt === null) continue;
        if (now - t.unwatchedAt > limits.retainMs) tracked.delete(stream);
        else due.push([stream, t]);
      }
      await Promise.all(
        due.map(async ([stream, t]) => {
          try {
            const sample = await sampleQuietly(stream, t);
            if (tracked.get(stream) === t) t.history.add(sample);
          } catch (error) {
            if (isGone(error) && tracked.get(stream) === t && t.watchers === 0) tracked.delete(stream);
          }
        }),
      );
    } finally {
      sampling = false;
      schedule();
    }
  };

  /** Keeps the most recently unwatched `retainedStreams` streams; the rest lose their history. */
  const enforceRetention = () => {
    const retained = [...tracked].filter(([, t]) => t.watchers === 0).sort(([, a], [, b]) => (a.unwatchedAt ?? 0) - (b.unwatchedAt ?? 0));
    for (const [stream] of retained.slice(0, Math.max(0, retained.length - limits.retainedStreams))) tracked.delete(stream);
  };

  /** Runs the 1 s live timer while a page watches something, the quiet one while something is retained. */
  const schedule = () => {
    const watched = watchedCount();
    const retained = tracked.size - watched;
    if (watched > 0) liveTimer ??= setInterval(() => void tick(), FLOW_TICK_MS);
    else if (liveTimer) {
      clearInterval(liveTimer);
      liveTimer = null;
    }
    if (retained > 0) quietTimer ??= setInterval(() => void sampleRetained(), limits.backgroundEveryMs);
    else if (quietTimer) {
      clearInterval(quietTimer);
      quietTimer = null;
    }
  };

  /** One page stops watching `stream` (counts are per page: another page's watch goes on). */
  const unwatch = (stream: string) => {
    const t = tracked.get(stream);
    if (!t || t.watchers === 0) return { stopped: false };
    if (--t.watchers === 0) {
      stopWatching(t);
      if (limits.retainMs <= 0) tracked.delete(stream);
      enforceRetention();
    }
    schedule();
    return { stopped: true };
  };

  const stopWatching = (t: Tracked) => {
    t.watchers = 0;
    t.unwatchedAt = Date.now();
    t.members = null; // membership is tracked while watched only: a later watch starts from a baseline
  };

  return {
    handlers: {
      'flow.watch': async ({ stream }) => {
        const candidate = tracked.get(stream) ?? newTracked();
        const first = await snapshot(stream, candidate); // a missing stream throws here: nothing is tracked
        const t = tracked.get(stream) ?? candidate; // another watch may have started it meanwhile
        if (!tracked.has(stream)) {
          if (watchedCount() >= MAX_WATCHED) {
            const oldest = [...tracked].find(([, w]) => w.watchers > 0);
            if (oldest) {
              stopWatching(oldest[1]);
              ctx.feeds.end(watchTopic(oldest[0])); // its pages get no more ticks, and their stops must not touch a later watch
            }
          }
          tracked.set(stream, t);
        }
        t.watchers++;
        // The watching page receives the ticks, and its watch ends when that page goes away.
        ctx.feeds.follow(watchTopic(stream), () => unwatch(stream));
        t.unwatchedAt = null;
        t.history.add(chartSample(first));
        enforceRetention();
        schedule();
        return first;
      },
      'flow.unwatch': async ({ stream }) => {
        ctx.feeds.unfollow(watchTopic(stream));
        return unwatch(stream);
      },
      'flow.timeline': async ({ stream }) => observations.timeline(stream),
      'flow.history': async ({ stream, sinceMs }): Promise<FlowHistory> => {
        const t = tracked.get(stream);
        const samples = t?.history.since(sinceMs, Date.now()) ?? [];
        const last = samples.at(-1)?.groups ?? [];
        // Plus at most one counting script per group whose lag Redis does not give (group-lag.ts).
        const groups = last.length + last.filter((g) => g.lagSource !== undefined && g.lagSource !== 'redis').length;
        return {
          stream,
          windowMs: limits.windowMs,
          backgroundEveryMs: limits.backgroundEveryMs,
          backgroundCommandsPerSec: ((2 + groups) * 1000) / limits.backgroundEveryMs,
          samples,
        };
      },
    },
    close: () => {
      if (liveTimer) clearInterval(liveTimer);
      if (quietTimer) clearInterval(quietTimer);
      liveTimer = quietTimer = null;
      tracked.clear();
    },
  };
}
