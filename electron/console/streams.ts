// Stream discovery (SCAN … TYPE stream, paged) and stream detail (XINFO STREAM / GROUPS).
import type { GroupInfo, StreamDetail, StreamSummary } from '../../shared/dto';
import { ContractError } from '../../shared/reply';
import type { Area, ConsoleContext } from './context';
import { isCluster, isMissingStreamOrGroup, keySlot, masterAddressFor } from '../engine';
import { scanStreams } from './cluster-scan';
import { decodeEntry, numberOrNull, pairs, replyText, type BinaryEntry } from './entry-format';
import { describeGroups, LagCounter } from './group-lag';
import { redisKey } from './redis-key';

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
    groups: await describeGroups(redis, lag, key, name, s, groups as unknown[]),
    ...(isCluster(redis) ? { slot: keySlot(key), node: masterAddressFor(redis, key) ?? undefined } : {}),
  };
}

function idMs(id: string): number {
  return Number(id.split('-')[0]);
}

/**
 * The smallest pending id per stream (XPENDING summary of every group that has pending entries).
 * One pipeline per stream (same key, so cluster-safe), all in flight together: one extra round
 * trip for the whole page, not one per stream. A group or stream deleted meanwhile is skipped.
 */
async function oldestPendingIds(ctx: ConsoleContext, details: Array<StreamDetail | null>): Promise<Map<string, string>> {
  const oldest = new Map<string, string>();
  await Promise.all(
    details.map(async (detail) => {
      const groups = detail?.groups.filter((g) => g.pending > 0) ?? [];
      if (!detail || groups.length === 0) return;
      const key = ctx.key(detail.name);
      const pipeline = ctx.redis().pipeline();
      for (const g of groups) pipeline.call('XPENDING', key, redisKey(g.name));
      for (const [error, reply] of (await pipeline.exec()) ?? []) {
        if (error || !Array.isArray(reply) || reply[1] == null) continue;
        const id = String(reply[1]);
        const current = oldest.get(detail.name);
        if (!current || compareIds(id, current) < 0) oldest.set(detail.name, id);
      }
    }),
  );
  return oldest;
}

function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt);
  const [bm, bs] = b.split('-').map(BigInt);
  return am === bm ? (as === bs ? 0 : as < bs ? -1 : 1) : am < bm ? -1 : 1;
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

  return {
    handlers: {
      'streams.list': async ({ pattern, cursor, count }) => {
        const redis = ctx.redis();
        const [nextCursor, keys] = await scanStreams(redis, cursor, ctx.key(pattern ?? '*'), count);
        const streams: StreamSummary[] = [];
        const at = Date.now();
        // One pipelined round trip per key, all in flight together on the one connection.
        const inspected = await Promise.all(
          keys.map((key) =>
            inspectStream(ctx, lag, ctx.name(key)).catch((error: unknown) => {
              // Deleted between SCAN and XINFO: it is simply no longer there.
              if (error instanceof ContractError && error.code === 'not_found') return null;
              throw error;
            }),
          ),
        );
        const oldest = await oldestPendingIds(ctx, inspected);
        for (const detail of inspected) {
          if (!detail) continue;
          const oldestId = oldest.get(detail.name);
          streams.push({
            name: detail.name,
            length: detail.length,
            firstId: detail.firstEntry?.id ?? null,
            lastId: detail.lastEntry?.id ?? null,
            groups: detail.groups.length,
            entriesPerSecond: rate(detail.name, detail.entriesAdded, at),
            memoryBytes: detail.memoryBytes,
            ...totalLag(detail.groups),
            totalPending: detail.groups.reduce((sum, g) => sum + g.pending, 0),
            oldestPendingMs: oldestId ? Math.max(0, at - idMs(oldestId)) : null,
            ...(detail.slot === undefined ? {} : { slot: detail.slot, node: detail.node }),
          });
        }
        streams.sort((a, b) => a.name.localeCompare(b.name));
        return { streams, cursor: nextCursor };
      },
      'streams.detail': async ({ stream }) => inspectStream(ctx, lag, stream),
    },
  };
}
