// The pending entries list (PEL) of a group: listing with poison flags and entries that are gone
// from the stream, ACK, claim to a consumer, auto-claim, each for one or many ids at once, and
// acknowledging every pending id whose entry is gone.
import type { PendingEntry } from '../../shared/dto';
import type { Area, ConsoleContext } from './context';
import { missingIds, pendingGone } from './stream-scripts';

type XPendingSummary = [number, string | null, string | null, Array<[string, string]> | null];
type XPendingEntry = [string, string, number, number];

const AUTOCLAIM_BATCH = 1000;
/** Bound on one auto-claim call: it walks the whole PEL in batches up to this many entries. */
export const AUTOCLAIM_LIMIT = 100_000;
/**
 * Pending ids checked for a deleted entry on every listing (it is refreshed every 2 s), and by one
 * "ack the deleted" call. Each check is one XRANGE of one id inside Redis (docs/lag-and-rates.md).
 */
export const DELETED_SCAN_ON_LIST = 10_000;
export const DELETED_SCAN_ON_ACK = 100_000;

export function createPendingArea(ctx: ConsoleContext): Area {
  return {
    handlers: {
      'pending.list': async ({ stream, group, consumer, from, count, poisonThreshold }) => {
        const redis = ctx.redis();
        const key = ctx.key(stream);
        const range = [from ? `(${from}` : '-', '+', count, ...(consumer ? [consumer] : [])];
        const replies = await redis.pipeline().call('XPENDING', key, group).call('XPENDING', key, group, ...range).exec();
        const [[summaryError, summary], [listError, list]] = replies ?? [];
        if (summaryError) throw summaryError;
        if (listError) throw listError;
        const [total, minId, maxId, perConsumer] = summary as XPendingSummary;
        const rows = list as XPendingEntry[];
        const [gone, deleted] = await Promise.all([
          missingIds(redis, key, rows.map(([id]) => id)),
          Number(total) > 0 ? pendingGone(redis, key, { group, consumer, limit: DELETED_SCAN_ON_LIST, ack: false }) : null,
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
          minId: minId ?? null,
          maxId: maxId ?? null,
          perConsumer: (perConsumer ?? []).map(([name, n]) => ({ consumer: name, count: Number(n) })),
          next: entries.length === count ? entries[entries.length - 1].id : null,
          deleted: deleted ? { count: deleted.gone, scanned: deleted.scanned, complete: deleted.complete } : { count: 0, scanned: 0, complete: true },
        };
      },

      // Pending ids whose entry is gone can never be processed: acknowledging them is the only way
      // to clear them. Checked and acked in one script, so only ids that are gone are touched.
      'pending.ackDeleted': async ({ stream, group, consumer }) => {
        const r = await pendingGone(ctx.redis(), ctx.key(stream), { group, consumer, limit: DELETED_SCAN_ON_ACK, ack: true });
        return { acked: r.acked, scanned: r.scanned, complete: r.complete };
      },

      'pending.ack': async ({ stream, group, ids }) => ({
        acked: Number(await ctx.redis().xack(ctx.key(stream), group, ...ids)),
      }),

      // JUSTID: the console moves ownership without delivering, so delivery counts stay honest.
      'pending.claim': async ({ stream, group, ids, consumer, minIdleMs }) => {
        const claimed = (await ctx.redis().call('XCLAIM', ctx.key(stream), group, consumer, minIdleMs, ...ids, 'JUSTID')) as string[];
        return { claimed };
      },

      'pending.autoClaim': async ({ stream, group, consumer, minIdleMs }) => {
        const redis = ctx.redis();
        const claimed: string[] = [];
        const deleted: string[] = [];
        let cursor = '0-0';
        do {
          const [next, ids, gone] = (await redis.call(
            'XAUTOCLAIM', ctx.key(stream), group, consumer, minIdleMs, cursor, 'COUNT', AUTOCLAIM_BATCH, 'JUSTID',
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
