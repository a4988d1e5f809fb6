// The pending entries list (PEL) of a group: listing with poison flags and entries that are gone
// from the stream, ACK, claim to a consumer, auto-claim, each for one or many ids at once, and
// acknowledging every pending id whose entry is gone.
import type { PendingEntry } from '../../shared/dto';
import type { Area, ConsoleContext } from './context';
import { pairs } from './entry-format';
import { nameFromReply, redisKey } from './redis-key';
import { missingIds, pendingGone, type PendingGone } from './stream-scripts';

// Read with callBuffer so consumer names keep their bytes; ids and counts become text and numbers at once.
type XPendingSummary = [number, Buffer | null, Buffer | null, Array<[Buffer, Buffer]> | null];
type XPendingEntry = [Buffer, Buffer, number, number];

const AUTOCLAIM_BATCH = 1000;
/** Bound on one auto-claim call: it walks the whole PEL in batches up to this many entries. */
export const AUTOCLAIM_LIMIT = 100_000;
/**
 * Pending ids checked for a deleted entry on a listing (the view refreshes every 2 s; the answer
 * is reused while neither the pending list nor the stream changed), and by one "ack the deleted"
 * call. Each check is one XRANGE of one id inside Redis, a few µs (docs/lag-and-rates.md).
 */
export const DELETED_SCAN_ON_LIST = 2_000;
export const DELETED_SCAN_ON_ACK = 100_000;
const MAX_CACHED_SCANS = 1_000;

export function createPendingArea(ctx: ConsoleContext): Area {
  /** `${stream}\n${group}\n${consumer}` → the last scan for deleted entries and what it was made on. */
  const scans = new Map<string, { facts: string; result: PendingGone }>();

  /** Pending ids whose entry is gone, reused while the pending list and the stream are as they were. */
  const deletedAmongPending = async (
    stream: string,
    group: string,
    consumer: string | undefined,
    /** XPENDING's total, smallest and largest id: the scan is reused while they and the stream stay. */
    summary: Array<number | string | null>,
  ): Promise<PendingGone> => {
    const redis = ctx.redis();
    const key = ctx.key(stream);
    const info = pairs(await redis.call('XINFO', 'STREAM', key));
    const first = info['first-entry'] as [string, unknown] | null;
    const facts = [
      summary[0],
      summary[1],
      summary[2],
      info.length,
      info['last-generated-id'],
      info['max-deleted-entry-id'],
      first?.[0],
    ].join('|');
    const cacheKey = `${stream}\n${group}\n${consumer ?? ''}`;
    const known = scans.get(cacheKey);
    if (known?.facts === facts) return known.result;
    const result = await pendingGone(redis, key, { group, consumer, limit: DELETED_SCAN_ON_LIST, ack: false });
    scans.delete(cacheKey);
    if (scans.size >= MAX_CACHED_SCANS) scans.delete(scans.keys().next().value as string);
    scans.set(cacheKey, { facts, result });
    return result;
  };

  return {
    handlers: {
      'pending.list': async ({ stream, group, consumer, from, count, poisonThreshold }) => {
        const redis = ctx.redis();
        const key = ctx.key(stream);
        const range = [from ? `(${from}` : '-', '+', count, ...(consumer ? [redisKey(consumer)] : [])];
        const replies = await redis
          .pipeline()
          .callBuffer('XPENDING', key, redisKey(group))
          .callBuffer('XPENDING', key, redisKey(group), ...range)
          .exec();
        const [[summaryError, summary], [listError, list]] = replies ?? [];
        if (summaryError) throw summaryError;
        if (listError) throw listError;
        const [total, minId, maxId, perConsumer] = summary as XPendingSummary;
        const rows = (list as XPendingEntry[]).map(
          ([id, owner, idle, deliveries]) => [String(id), nameFromReply(owner), idle, deliveries] as const,
        );
        const counts = [total, minId == null ? null : String(minId), maxId == null ? null : String(maxId)];
        const [gone, deleted] = await Promise.all([
          missingIds(
            redis,
            key,
            rows.map(([id]) => id),
          ),
          Number(total) > 0 ? deletedAmongPending(stream, group, consumer, counts) : null,
        ]);
        const entries: PendingEntry[] = rows.map(([id, owner, idle, deliveries]) => ({
          id,
          consumer: owner,
          idleMs: Number(idle),
          deliveries: Number(deliveries),
          poison: Number(deliveries) > poisonThreshold,
          entryDeleted: gone.has(id),
        }));
        return {
          entries,
          total: Number(total),
          minId: counts[1] as string | null,
          maxId: counts[2] as string | null,
          perConsumer: (perConsumer ?? []).map(([name, n]) => ({ consumer: nameFromReply(name), count: Number(String(n)) })),
          next: entries.length === count ? entries[entries.length - 1].id : null,
          deleted: deleted
            ? { count: deleted.gone, scanned: deleted.scanned, complete: deleted.complete }
            : { count: 0, scanned: 0, complete: true },
        };
      },

      // Pending ids whose entry is gone can never be processed: acknowledging them is the only way
      // to clear them. Checked and acked in one script, so only ids that are gone are touched.
      'pending.ackDeleted': async ({ stream, group, consumer }) => {
        const r = await pendingGone(ctx.redis(), ctx.key(stream), { group, consumer, limit: DELETED_SCAN_ON_ACK, ack: true });
        return { acked: r.acked, scanned: r.scanned, complete: r.complete };
      },

      'pending.ack': async ({ stream, group, ids }) => ({
        acked: Number(await ctx.redis().xack(ctx.key(stream), redisKey(group), ...ids)),
      }),

      // JUSTID: the console moves ownership without delivering, so delivery counts stay honest.
      'pending.claim': async ({ stream, group, ids, consumer, minIdleMs }) => {
        const claimed = (await ctx
          .redis()
          .call('XCLAIM', ctx.key(stream), redisKey(group), redisKey(consumer), minIdleMs, ...ids, 'JUSTID')) as string[];
        return { claimed };
      },

      'pending.autoClaim': async ({ stream, group, consumer, minIdleMs }) => {
        const redis = ctx.redis();
        const claimed: string[] = [];
        const deleted: string[] = [];
        let cursor = '0-0';
        do {
          const [next, ids, gone] = (await redis.call(
            'XAUTOCLAIM',
            ctx.key(stream),
            redisKey(group),
            redisKey(consumer),
            minIdleMs,
            cursor,
            'COUNT',
            AUTOCLAIM_BATCH,
            'JUSTID',
          )) as [string, string[], string[] | undefined];
          claimed.push(...ids);
          deleted.push(...(gone ?? []));
          cursor = next;
        } while (cursor !== '0-0' && claimed.length + deleted.length < AUTOCLAIM_LIMIT);
        return { claimed, deleted };
      },
    },
  };
}
