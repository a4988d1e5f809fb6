// Stream discovery (SCAN … TYPE stream, paged; XINFO STREAM / GROUPS of a page in one pipeline) and
// stream detail (XINFO STREAM / GROUPS, MEMORY USAGE).
import type { GroupInfo, StreamDetail, StreamSummary } from '../../shared/dto';
import { ContractError } from '../../shared/reply';
import type { ChainableCommander } from 'ioredis';
import type { Area, ConsoleContext } from './context';
import { compareIds, isCluster, isMissingStreamOrGroup, keySlot, masterAddressFor, type RedisClient } from '../engine';
import { scanStreams } from './cluster-scan';
import { ScanAhead } from './scan-ahead';
import { decodeEntry, numberOrNull, pairs, replyText, type BinaryEntry } from './entry-format';
import { describeGroups, LagCounter } from './group-lag';

export function isNoSuchKey(error: unknown): boolean {
  return isMissingStreamOrGroup(error);
}

/** Reads XINFO STREAM, XINFO GROUPS and MEMORY USAGE for one key in one round trip. */
export async function inspectStream(ctx: ConsoleContext, lag: LagCounter, name: string): Promise<StreamDetail> {
  const key = ctx.key(name);
  const redis = ctx.redis();
  const replies = await redis
    .pipeline()
    // Buffer reply: the first and last entries keep their exact bytes.
    .callBuffer('XINFO', 'STREAM', key)
    .callBuffer('XINFO', 'GROUPS', key)
    .call('MEMORY', 'USAGE', key)
    .exec();
  const [[infoError, info], [groupsError, groups], [, memory]] = replies ?? [];
  if (infoError) {
    if (isNoSuchKey(infoError)) throw new ContractError('not_found', `stream ${JSON.stringify(name)} does not exist`);
    throw infoError;
  }
  if (groupsError) throw groupsError;
  const s = pairs(info);
  const first = s['first-entry'] as BinaryEntry | null;
  const last = s['last-entry'] as BinaryEntry | null;
  const maxDeleted = s['max-deleted-entry-id'] == null ? null : replyText(s['max-deleted-entry-id']);
  return {
    name,
    length: Number(s.length ?? 0),
    firstEntry: first ? decodeEntry(first) : null,
    lastEntry: last ? decodeEntry(last) : null,
    lastGeneratedId: replyText(s['last-generated-id'], '0-0'),
    maxDeletedEntryId: maxDeleted == null || maxDeleted === '0-0' ? null : maxDeleted,
    entriesAdded: numberOrNull(s['entries-added']),
    memoryBytes: numberOrNull(memory),
    groups: await describeGroups(redis, lag, key, name, s, (groups as unknown[]).map(pairs)),
    ...(isCluster(redis) ? { slot: keySlot(key), node: masterAddressFor(redis, key) ?? undefined } : {}),
  };
}

function idMs(id: string): number {
  return Number(id.split('-')[0]);
}

type Replies = Array<[Error | null, unknown]>;

/**
 * XINFO STREAM and XINFO GROUPS of every key of a page, two replies per key: one pipeline on one
 * server; on a cluster one per key (a pipeline must stay on one node there), all in flight together.
 * The replies are Buffers: group names keep their bytes.
 */
async function readStreamsAndGroups(redis: RedisClient, keys: Buffer[]): Promise<Replies[]> {
  // Most pages of a large keyspace hold no stream: no pipeline to build for them.
  if (keys.length === 0) return [];
  const add = (pipeline: ChainableCommander, key: Buffer) => pipeline.callBuffer('XINFO', 'STREAM', key).callBuffer('XINFO', 'GROUPS', key);
  if (isCluster(redis)) return Promise.all(keys.map(async (key) => ((await add(redis.pipeline(), key).exec()) ?? []) as Replies));
  const pipeline = redis.pipeline();
  for (const key of keys) add(pipeline, key);
  const replies = ((await pipeline.exec()) ?? []) as Replies;
  return keys.map((_, i) => replies.slice(2 * i, 2 * i + 2));
}

/**
 * XINFO replies read ahead with their SCAN page (ScanAhead) answer the page for this long; older
 * ones are read again, so a page's numbers are never older than this when it is answered. A walk
 * asks for its next page within milliseconds; one that paused (the Overview between refreshes) gets
 * the keys read ahead and numbers read now.
 */
const INFO_AHEAD_MS = 250;

interface PageInfo {
  /** When the XINFO pipeline was sent (Date.now()): the moment the page's numbers describe. */
  at: number;
  replies: Replies[];
}

async function readInfo(redis: RedisClient, keys: Buffer[]): Promise<PageInfo> {
  const at = Date.now();
  return { at, replies: await readStreamsAndGroups(redis, keys) };
}

/**
 * The smallest pending id over a stream's groups (XPENDING summary of each group that has pending
 * entries, addressed by the name's bytes as XINFO GROUPS gave them; one pipeline on the stream's
 * key, so cluster-safe); null when nothing is pending. A group deleted meanwhile is skipped.
 */
async function oldestPendingId(redis: RedisClient, key: Buffer, groups: Array<Record<string, unknown>>): Promise<string | null> {
  const waiting = groups.filter((g) => Number(g.pending ?? 0) > 0);
  if (waiting.length === 0) return null;
  const pipeline = redis.pipeline();
  for (const g of waiting) pipeline.call('XPENDING', key, g.name as Buffer);
  let oldest: string | null = null;
  for (const [error, reply] of (await pipeline.exec()) ?? []) {
    if (error || !Array.isArray(reply) || reply[1] == null) continue;
    const id = String(reply[1]);
    if (!oldest || compareIds(id, oldest) < 0) oldest = id;
  }
  return oldest;
}

/**
 * One listed stream from its XINFO STREAM and XINFO GROUPS replies: every number the Overview
 * shows, with the lag Redis does not give counted (group-lag.ts) and the oldest pending entry read,
 * together in one more round and only where needed. Null when the stream went away after SCAN.
 */
async function listedStream(
  ctx: ConsoleContext,
  lag: LagCounter,
  key: Buffer,
  [[infoError, info], [groupsError, rawGroups]]: Replies,
  at: number,
  rate: (name: string, added: number | null, at: number) => number | null,
): Promise<StreamSummary | null> {
  // Deleted between SCAN and XINFO: it is simply no longer there.
  if (infoError && isNoSuchKey(infoError)) return null;
  if (infoError) throw infoError;
  if (groupsError && isNoSuchKey(groupsError)) return null;
  if (groupsError) throw groupsError;
  const redis = ctx.redis();
  const name = ctx.name(key);
  const s = pairs(info);
  const groupFields = (rawGroups as unknown[]).map(pairs);
  const [groups, oldestId] = await Promise.all([
    describeGroups(redis, lag, key, name, s, groupFields),
    oldestPendingId(redis, key, groupFields),
  ]);
  const first = s['first-entry'] as BinaryEntry | null;
  const last = s['last-entry'] as BinaryEntry | null;
  return {
    name,
    length: Number(s.length ?? 0),
    firstId: first ? replyText(first[0]) : null,
    lastId: last ? replyText(last[0]) : null,
    groups: groups.length,
    entriesPerSecond: rate(name, numberOrNull(s['entries-added']), at),
    ...totalLag(groups),
    totalPending: groups.reduce((sum, g) => sum + g.pending, 0),
    oldestPendingMs: oldestId ? Math.max(0, at - idMs(oldestId)) : null,
    ...(isCluster(redis) ? { slot: keySlot(key), node: masterAddressFor(redis, key) ?? undefined } : {}),
  };
}

/**
 * A stream's backlog over its groups: the sum of every lag that is known (Redis's or counted), a
 * lower bound when some group's lag is only bounded or unknown, and the oldest entry still waiting.
 */
export function totalLag(
  groups: GroupInfo[],
): Pick<StreamSummary, 'totalLag' | 'totalLagKind' | 'lagComputedGroups' | 'lagUnknownGroups' | 'oldestUndeliveredMs'> {
  const known = groups.filter((g) => g.lag != null);
  const waiting = groups.map((g) => g.oldestUndeliveredMs).filter((ms): ms is number => ms != null);
  return {
    totalLag: groups.length > 0 && known.length === 0 ? null : known.reduce((sum, g) => sum + (g.lag ?? 0), 0),
    totalLagKind: groups.some((g) => g.lag == null || g.lagSource === 'at-least') ? 'at-least' : 'exact',
    lagComputedGroups: groups.filter((g) => g.lagSource === 'computed' || g.lagSource === 'at-least').length,
    lagUnknownGroups: groups.length - known.length,
    oldestUndeliveredMs: waiting.length > 0 ? Math.max(...waiting) : null,
  };
}

export function createStreamsArea(ctx: ConsoleContext, lag: LagCounter = new LagCounter()): Area {
  // entries-added per stream from the previous pass, to turn two passes into a rate.
  const previous = new Map<string, { added: number; at: number }>();

  const rate = (name: string, added: number | null, at: number): number | null => {
    if (added == null) return null;
    const before = previous.get(name);
    if (previous.size > 50_000) previous.clear();
    previous.set(name, { added, at });
    if (!before || at <= before.at) return null;
    return Math.max(0, ((added - before.added) * 1000) / (at - before.at));
  };

  const scan = new ScanAhead(scanStreams, readInfo);

  return {
    handlers: {
      'streams.list': async ({ pattern, cursor, count }) => {
        const redis = ctx.redis();
        const [nextCursor, keys, read] = await scan.page(redis, cursor, ctx.key(pattern ?? '*'), count);
        // Read ahead while the caller was busy with the page before; read again if that was a while ago.
        const { at, replies } = Date.now() - read.at <= INFO_AHEAD_MS ? read : await readInfo(redis, keys);
        const listed = await Promise.all(keys.map((key, i) => listedStream(ctx, lag, key, replies[i], at, rate)));
        const streams = listed.filter((x): x is StreamSummary => x !== null).sort((a, b) => a.name.localeCompare(b.name));
        return { streams, cursor: nextCursor };
      },
      'streams.detail': async ({ stream }) => inspectStream(ctx, lag, stream),
    },
  };
}
