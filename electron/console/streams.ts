// Stream discovery (SCAN … TYPE stream, paged) and stream detail (XINFO STREAM / GROUPS).
import type { GroupInfo, StreamDetail, StreamSummary } from '../../shared/dto';
import { ContractError } from '../../shared/reply';
import type { Area, ConsoleContext } from './context';
import { decodeEntry, numberOrNull, pairs, type RawEntry } from './entry-format';

export function toGroupInfo(raw: unknown): GroupInfo {
  const g = pairs(raw);
  return {
    name: String(g.name),
    consumers: Number(g.consumers ?? 0),
    pending: Number(g.pending ?? 0),
    lastDeliveredId: String(g['last-delivered-id'] ?? '0-0'),
    entriesRead: numberOrNull(g['entries-read']),
    lag: numberOrNull(g.lag),
  };
}

export function isNoSuchKey(error: unknown): boolean {
  return error instanceof Error && /no such key/i.test(error.message);
}

/** Reads XINFO STREAM, XINFO GROUPS and MEMORY USAGE for one key in one round trip. */
export async function inspectStream(ctx: ConsoleContext, name: string): Promise<StreamDetail> {
  const key = ctx.key(name);
  const replies = await ctx
    .redis()
    .pipeline()
    .call('XINFO', 'STREAM', key)
    .call('XINFO', 'GROUPS', key)
    .call('MEMORY', 'USAGE', key)
    .exec();
  const [[infoError, info], [groupsError, groups], [, memory]] = replies ?? [];
  if (infoError) {
    if (isNoSuchKey(infoError)) throw new ContractError('not_found', `stream ${JSON.stringify(name)} does not exist`);
    throw infoError;
  }
  if (groupsError) throw groupsError;
  const s = pairs(info);
  const first = s['first-entry'] as RawEntry | null;
  const last = s['last-entry'] as RawEntry | null;
  const maxDeleted = s['max-deleted-entry-id'];
  return {
    name,
    length: Number(s.length ?? 0),
    firstEntry: first ? decodeEntry(first) : null,
    lastEntry: last ? decodeEntry(last) : null,
    lastGeneratedId: String(s['last-generated-id'] ?? '0-0'),
    maxDeletedEntryId: maxDeleted == null || maxDeleted === '0-0' ? null : String(maxDeleted),
    entriesAdded: numberOrNull(s['entries-added']),
    memoryBytes: numberOrNull(memory),
    groups: (groups as unknown[]).map(toGroupInfo),
  };
}

export function createStreamsArea(ctx: ConsoleContext): Area {
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
        const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', ctx.key(pattern ?? '*'), 'COUNT', count, 'TYPE', 'stream');
        const streams: StreamSummary[] = [];
        const at = Date.now();
        // One pipelined round trip per key, all in flight together on the one connection.
        const inspected = await Promise.all(
          keys.map((key) =>
            inspectStream(ctx, ctx.name(key)).catch((error: unknown) => {
              // Deleted between SCAN and XINFO: it is simply no longer there.
              if (error instanceof ContractError && error.code === 'not_found') return null;
              throw error;
            }),
          ),
        );
        for (const detail of inspected) {
          if (!detail) continue;
          const lags = detail.groups.map((g) => g.lag);
          streams.push({
            name: detail.name,
            length: detail.length,
            firstId: detail.firstEntry?.id ?? null,
            lastId: detail.lastEntry?.id ?? null,
            groups: detail.groups.length,
            entriesPerSecond: rate(detail.name, detail.entriesAdded, at),
            memoryBytes: detail.memoryBytes,
            totalLag: lags.some((l) => l == null) ? null : lags.reduce<number>((sum, l) => sum + (l ?? 0), 0),
            totalPending: detail.groups.reduce((sum, g) => sum + g.pending, 0),
          });
        }
        streams.sort((a, b) => a.name.localeCompare(b.name));
        return { streams, cursor: nextCursor };
      },
      'streams.detail': async ({ stream }) => inspectStream(ctx, stream),
    },
  };
}
