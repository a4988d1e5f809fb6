// The live flow feed: for each watched stream, deliveries per group → instance per interval,
// lag, pending and oldest-pending age, pushed as one coalesced `flow.tick` per second. Hosted
// instances report exact engine stats; other instances report the counters in their presence
// heartbeat. Presence changes between ticks become membership events (joined, stale, returned,
// left, idle).
import type { FlowGroup, FlowInstance, FlowSnapshot, Presence } from '../../shared/dto';
import { readPresence, type ReadPresenceResult, type SubscriptionStats } from '../engine';
import type { Area, ConsoleContext } from './context';
import { numberOrNull, pairs } from './entry-format';
import type { InstancesArea } from './instances';
import type { Observations } from './observations';

export const FLOW_TICK_MS = 1000;
/** A live consumer idle longer than this is reported as idle in the membership timeline. */
export const IDLE_AFTER_MS = 30_000;
const MAX_WATCHED = 32;

interface Watch {
  /** How many pages watch this stream: one page leaving must not stop another's ticks. */
  watchers: number;
  lastAdded: number | null;
  lastAt: number;
  /** `${group}\n${instance}` → last known presence, and whether it was idle. */
  members: Map<string, { presence: Presence; idle: boolean }> | null;
}

export function createFlowArea(ctx: ConsoleContext, observations: Observations, instances: InstancesArea): Area {
  const watched = new Map<string, Watch>();
  let timer: ReturnType<typeof setInterval> | null = null;
  let ticking = false;

  const snapshot = async (stream: string, watch: Watch): Promise<FlowSnapshot> => {
    const redis = ctx.redis();
    const key = ctx.key(stream);
    const now = Date.now();
    const [[infoError, info], [groupsError, rawGroups]] = (await redis.pipeline().call('XINFO', 'STREAM', key).call('XINFO', 'GROUPS', key).exec()) ?? [];
    if (infoError) throw infoError;
    if (groupsError) throw groupsError;
    const s = pairs(info);
    const added = numberOrNull(s['entries-added']);
    const producedPerSec = added != null && watch.lastAdded != null && now > watch.lastAt ? Math.max(0, ((added - watch.lastAdded) * 1000) / (now - watch.lastAt)) : 0;
    watch.lastAdded = added;
    watch.lastAt = now;

    const groups = (rawGroups as unknown[]).map(pairs);
    const perGroup = redis.pipeline();
    for (const g of groups) {
      perGroup.call('XINFO', 'CONSUMERS', key, String(g.name));
      perGroup.call('XPENDING', key, String(g.name), 'IDLE', 0, '-', '+', 1);
    }
    const [perGroupReplies, presences] = await Promise.all([perGroup.exec(), readPresence(redis, key, now)]);
    const hosted = instances.live().filter((h) => h.stream === stream);
    const baseline = watch.members === null;
    const members = (watch.members ??= new Map());

    const flowGroups: FlowGroup[] = groups.map((g, i) => {
      const group = String(g.name);
      const consumers = ((perGroupReplies?.[2 * i]?.[1] as unknown[]) ?? []).map(pairs);
      const oldest = (perGroupReplies?.[2 * i + 1]?.[1] as Array<[string, string, number, number]>) ?? [];
      const present = new Map<string, ReadPresenceResult>(presences.filter((p) => p.group === group).map((p) => [p.instance, p]));
      const hostedStats = new Map<string, SubscriptionStats>(hosted.filter((h) => h.group === group).map((h) => [h.instance, h.stats]));
      const names = new Set<string>([...consumers.map((c) => String(c.name)), ...present.keys(), ...hostedStats.keys()]);
      const rows = [...names].map((instance) => {
        const stats = hostedStats.get(instance) ?? present.get(instance)?.stats ?? null;
        const p = present.get(instance);
        const presence: Presence = hostedStats.has(instance) || p?.live ? 'live' : p ? 'stale' : 'unknown';
        const idleMs = Number(consumers.find((c) => String(c.name) === instance)?.idle ?? 0);
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
        lag: numberOrNull(g.lag),
        pending: Number(g.pending ?? 0),
        oldestPendingMs: oldest[0] ? Number(oldest[0][2]) : null,
        instances: flowInstances.sort((a, b) => a.instance.localeCompare(b.instance)),
      };
    });
    return { stream, at: now, producedPerSec, length: Number(s.length ?? 0), groups: flowGroups };
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
      if (!baseline && before.presence !== 'unknown') observations.member({ at, stream, group, instance: id.slice(group.length + 1), kind: 'left', detail: 'no longer listed' });
    }
  };

  const tick = async () => {
    if (ticking) return; // a slow Redis must not stack ticks
    ticking = true;
    try {
      const snapshots: FlowSnapshot[] = [];
      for (const [stream, watch] of watched) {
        try {
          snapshots.push(await snapshot(stream, watch));
        } catch {
          // stream gone or Redis away: skip this tick for it, try again next second
        }
      }
      if (snapshots.length > 0) ctx.emit('flow.tick', snapshots);
    } finally {
      ticking = false;
    }
  };

  return {
    handlers: {
      'flow.watch': async ({ stream }) => {
        let watch = watched.get(stream);
        if (!watch) {
          if (watched.size >= MAX_WATCHED) watched.delete(watched.keys().next().value as string);
          watch = { watchers: 0, lastAdded: null, lastAt: 0, members: null };
        }
        const first = await snapshot(stream, watch);
        watch.watchers++;
        watched.set(stream, watch);
        timer ??= setInterval(() => void tick(), FLOW_TICK_MS);
        return first;
      },
      'flow.unwatch': async ({ stream }) => {
        const watch = watched.get(stream);
        if (!watch) return { stopped: false };
        if (--watch.watchers <= 0) watched.delete(stream);
        if (watched.size === 0 && timer) {
          clearInterval(timer);
          timer = null;
        }
        return { stopped: true };
      },
      'flow.timeline': async ({ stream }) => observations.timeline(stream),
    },
    close: () => {
      if (timer) clearInterval(timer);
      timer = null;
      watched.clear();
    },
  };
}
