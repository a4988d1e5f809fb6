// Consumer groups of a stream and their consumers. Consumers are joined with engine presence and,
// for instances this console hosts, with live metrics (both supplied by the instances area).
import type { InstanceInfo } from '../../shared/dto';
import type { Area, ConsoleContext } from './context';
import { numberOrNull, pairs, replyText } from './entry-format';
import { describeGroups, LagCounter } from './group-lag';
import { nameFromReply, redisKey } from './redis-key';
import type { Observations } from './observations';

/** Extra facts about consumers that Redis does not know: presence, hosting, metrics. */
export type ConsumerDetails = Pick<
  InstanceInfo,
  'presence' | 'mode' | 'host' | 'pid' | 'startedAt' | 'lastSeenAt' | 'hostedId' | 'metrics'
>;

export interface ConsumerInsight {
  /** Details for the consumers of one group, by consumer name (also ones Redis does not list yet). */
  details(stream: string, group: string): Promise<Map<string, ConsumerDetails>>;
}

const UNKNOWN: ConsumerDetails = {
  presence: 'unknown',
  mode: null,
  host: null,
  pid: null,
  startedAt: null,
  lastSeenAt: null,
  hostedId: null,
  metrics: null,
};

export function createGroupsArea(
  ctx: ConsoleContext,
  insight: ConsumerInsight | null,
  lag: LagCounter = new LagCounter(),
  observations?: Observations,
): Area {
  /** The group's last-delivered id now, or null if it does not exist. */
  const positionOf = async (stream: string, group: string): Promise<string | null> => {
    const groups = ((await ctx.redis().callBuffer('XINFO', 'GROUPS', ctx.key(stream))) as unknown[]).map(pairs);
    const position = groups.find((g) => nameFromReply(g.name) === group)?.['last-delivered-id'];
    return position == null ? null : replyText(position);
  };
  /** Remembers where this console put a group (the id `$` or `0` resolved to), for entries' journeys. */
  const notePosition = async (stream: string, group: string, how: 'created' | 'moved', requested: string, from?: string | null) => {
    if (!observations) return;
    const at = Date.now();
    const position = await positionOf(stream, group);
    if (position != null) observations.groupPosition(stream, group, { at, position, how, requested, ...(from ? { from } : {}) });
  };
  return {
    handlers: {
      'groups.list': async ({ stream }) => {
        const redis = ctx.redis();
        const key = ctx.key(stream);
        const [[groupsError, groups], [infoError, info]] =
          (await redis.pipeline().callBuffer('XINFO', 'GROUPS', key).call('XINFO', 'STREAM', key).exec()) ?? [];
        if (groupsError) throw groupsError;
        if (infoError) throw infoError;
        return describeGroups(redis, lag, key, stream, pairs(info), (groups as unknown[]).map(pairs));
      },
      'groups.create': async ({ stream, group, from, mkstream }) => {
        const extra = mkstream ? ['MKSTREAM'] : [];
        await ctx.redis().call('XGROUP', 'CREATE', ctx.key(stream), redisKey(group), from, ...extra);
        await notePosition(stream, group, 'created', from);
        return { created: true };
      },
      'groups.delete': async ({ stream, group }) => {
        const destroyed = await ctx.redis().call('XGROUP', 'DESTROY', ctx.key(stream), redisKey(group));
        return { deleted: Number(destroyed) === 1 };
      },
      'groups.setPosition': async ({ stream, group, id }) => {
        const from = observations ? await positionOf(stream, group) : null;
        await ctx.redis().call('XGROUP', 'SETID', ctx.key(stream), redisKey(group), id);
        await notePosition(stream, group, 'moved', id, from);
        return { ok: true as const };
      },
      'consumers.list': async ({ stream, group }) => {
        const raw = (await ctx.redis().callBuffer('XINFO', 'CONSUMERS', ctx.key(stream), redisKey(group))) as unknown[];
        const details = insight ? await insight.details(stream, group) : new Map<string, ConsumerDetails>();
        const listed: InstanceInfo[] = raw.map((entry) => {
          const c = pairs(entry);
          const name = nameFromReply(c.name);
          return {
            name,
            pending: Number(c.pending ?? 0),
            idleMs: Number(c.idle ?? 0),
            inactiveMs: numberOrNull(c.inactive),
            ...(details.get(name) ?? UNKNOWN),
          };
        });
        // Live instances that have not read yet are not in XINFO CONSUMERS; show them anyway.
        const known = new Set(listed.map((c) => c.name));
        for (const [name, extra] of details) {
          if (!known.has(name) && extra.presence === 'live') {
            listed.push({ name, pending: 0, idleMs: 0, inactiveMs: null, ...extra });
          }
        }
        return listed;
      },
      'consumers.delete': async ({ stream, group, consumer }) => {
        const dropped = await ctx.redis().call('XGROUP', 'DELCONSUMER', ctx.key(stream), redisKey(group), redisKey(consumer));
        return { pendingDropped: Number(dropped) };
      },
    },
  };
}
