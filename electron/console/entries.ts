// Entries of one stream: paging both ways from an id or a time with a server-side text filter, a
// live tail (blocking XREAD on its own connection, pushed in coalesced batches), re-publish, and
// the journey of one entry.
import type { RedisClient } from '../engine';
import { randomUUID } from 'node:crypto';
import type { StreamEntry } from '../../shared/dto';
import { ContractError } from '../../shared/reply';
import { Coalescer } from './coalescer';
import type { Area, ConsoleContext } from './context';
import { decodeEntry, entryMatches, type RawEntry } from './entry-format';
import { compareIds, DEFAULT_MAXLEN } from '../engine';

/** With a filter, one page call scans at most this many entries, then returns `next` to go on. */
export const FILTER_SCAN_LIMIT = 10_000;
export const MAX_TAILS = 64;
/** UCloud's approximate cap on every produce (XADD … MAXLEN ~). */
export const PRODUCE_MAXLEN = DEFAULT_MAXLEN;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Tail {
  stop(): Promise<void>;
}

export function createEntriesArea(ctx: ConsoleContext): Area {
  const tails = new Map<string, Tail>();

  const startTail = async (stream: string): Promise<string> => {
    if (tails.size >= MAX_TAILS) throw new ContractError('conflict', `at most ${MAX_TAILS} live tails at once; stop one first`);
    const key = ctx.key(stream);
    const latest = (await ctx.redis().xrevrange(key, '+', '-', 'COUNT', 1)) as RawEntry[];
    let lastId = latest[0]?.[0] ?? '0-0';
    const tailId = randomUUID();
    const topic = `entries.tail:${tailId}`;
    const connection: RedisClient = ctx.duplicate(`streamscope:tail:${tailId}`);
    let stopped = false;
    const feed = new Coalescer<StreamEntry>({
      flush: (entries, dropped) => ctx.feeds.emit(topic, 'entries.appended', { tailId, stream, entries, dropped }),
      maxItems: 300,
      maxBuffered: 5000,
    });
    const loop = (async () => {
      while (!stopped) {
        try {
          const reply = (await connection.xread('COUNT', 500, 'BLOCK', 1000, 'STREAMS', key, lastId)) as Array<[string, RawEntry[]]> | null;
          for (const [, entries] of reply ?? []) {
            for (const raw of entries) {
              feed.push(decodeEntry(raw));
              lastId = raw[0];
            }
          }
        } catch {
          if (stopped) break;
          await sleep(250);
          // A Redis that came back empty (no persistence) restarts ids from 0: follow it.
          const generated = await connection
            .call('XINFO', 'STREAM', key)
            .then((info) => {
              const flat = info as unknown[];
              const at = flat.indexOf('last-generated-id');
              return at >= 0 ? String(flat[at + 1]) : null;
            })
            .catch(() => null);
          if (generated && compareIds(generated, lastId) < 0) lastId = '0-0';
        }
      }
    })();
    tails.set(tailId, {
      stop: async () => {
        stopped = true;
        ctx.release(connection);
        await loop;
        feed.close();
        ctx.feeds.end(topic);
      },
    });
    // The page that started the tail receives it, and the tail stops when that page goes away.
    ctx.feeds.follow(topic, () => {
      const tail = tails.get(tailId);
      tails.delete(tailId);
      return tail?.stop();
    });
    return tailId;
  };

  return {
    handlers: {
      'entries.page': async ({ stream, direction, from, fromTime, count, filter }) => {
        const redis = ctx.redis();
        const key = ctx.key(stream);
        const forward = direction === 'forward';
        let bound: string;
        if (from !== undefined) bound = from === '-' || from === '+' ? from : `(${from}`;
        else if (fromTime !== undefined) bound = String(fromTime);
        else bound = forward ? '-' : '+';
        const needle = filter && filter.length > 0 ? filter : undefined;
        const scanLimit = needle ? FILTER_SCAN_LIMIT : count;

        const entries: StreamEntry[] = [];
        let scanned = 0;
        let lastScanned: string | null = null;
        let atEnd = false;
        while (entries.length < count && scanned < scanLimit) {
          const batch = needle ? Math.min(1000, scanLimit - scanned) : count - entries.length;
          const raw = (forward
            ? await redis.xrange(key, bound, '+', 'COUNT', batch)
            : await redis.xrevrange(key, bound, '-', 'COUNT', batch)) as RawEntry[];
          let consumedAll = true;
          for (let i = 0; i < raw.length; i++) {
            scanned++;
            lastScanned = raw[i][0];
            if (!needle || entryMatches([...raw[i][1]], needle)) entries.push(decodeEntry(raw[i]));
            if (entries.length === count) {
              consumedAll = i === raw.length - 1;
              break;
            }
          }
          if (raw.length < batch && consumedAll) {
            atEnd = true;
            break;
          }
          if (lastScanned) bound = `(${lastScanned}`;
        }
        return { entries, next: atEnd ? null : lastScanned, scanned };
      },

      'entries.tail': async ({ stream }) => ({ tailId: await startTail(stream) }),

      'entries.untail': async ({ tailId }) => {
        const tail = tails.get(tailId);
        if (!tail) return { stopped: false };
        tails.delete(tailId);
        await tail.stop();
        return { stopped: true };
      },

      'entries.republish': async ({ stream, id, toStream }) => {
        const redis = ctx.redis();
        const [entry] = (await redis.xrange(ctx.key(stream), id, id)) as RawEntry[];
        if (!entry) throw new ContractError('not_found', `entry ${id} not found in stream ${JSON.stringify(stream)}`);
        const newId = await redis.xadd(ctx.key(toStream ?? stream), 'MAXLEN', '~', PRODUCE_MAXLEN, '*', ...entry[1]);
        return { id: String(newId) };
      },
    },
    close: async () => {
      const all = [...tails.values()];
      tails.clear();
      await Promise.all(all.map((t) => t.stop()));
    },
  };
}
