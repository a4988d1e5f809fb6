// Entries of one stream: paging both ways from an id or a time with a server-side text filter, a
// live tail (blocking XREAD on its own connection, pushed in coalesced batches), the count of newer
// entries, a large value in chunks, re-publish with the exact bytes, and the journey of one entry.
// Reads are Buffer reads sized adaptively (entry-reads.ts), and every reply and feed batch stays
// within REPLY_BUDGET_BYTES: fewer entries rather than more bytes.
import type { RedisClient } from '../engine';
import { randomUUID } from 'node:crypto';
import type { StreamEntry } from '../../shared/dto';
import { REPLY_BUDGET_BYTES } from '../../shared/entry-budget';
import { ContractError } from '../../shared/reply';
import { valueFromBytes } from '../../shared/value-bytes';
import { Coalescer } from './coalescer';
import type { Area, ConsoleContext } from './context';
import { asBuffer, decodeEntry, entryMatches, entryWireSize, rawEntrySize, type BinaryEntry } from './entry-format';
import { AdaptiveCount, readRange } from './entry-reads';
import { compareIds, DEFAULT_MAXLEN } from '../engine';
import type { DecoderSpec } from '../../shared/decoding';
import { checkSpec } from './decoders';
import type { StreamSettings } from './stream-settings';

/** With a filter, one page call scans at most this many entries, then returns `next` to go on. */
export const FILTER_SCAN_LIMIT = 10_000;
/** With a filter, one page call reads at most this many bytes from Redis, then returns `next`. */
export const FILTER_SCAN_BYTES = 64 * 1024 * 1024;
/** entries.newer reads at most this many bytes; past it the count is a lower bound. */
export const NEWER_SCAN_BYTES = 16 * 1024 * 1024;
export const MAX_TAILS = 64;
/** UCloud's approximate cap on every produce (XADD … MAXLEN ~). */
export const PRODUCE_MAXLEN = DEFAULT_MAXLEN;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Tail {
  stop(): Promise<void>;
}

export function createEntriesArea(ctx: ConsoleContext, settings?: StreamSettings): Area {
  /** The decoder a page asked for, else the stream's remembered one; none means values are not decoded. */
  const decoderFor = async (stream: string, asked: DecoderSpec | undefined): Promise<DecoderSpec | null> => {
    if (asked) {
      checkSpec(asked);
      return asked;
    }
    return (await settings?.decoder(stream)) ?? null;
  };

  const tails = new Map<string, Tail>();

  /** One entry with every byte, or not_found. */
  const readOne = async (stream: string, id: string): Promise<BinaryEntry> => {
    const [entry] = await ctx.redis().xrangeBuffer(ctx.key(stream), id, id);
    if (!entry) throw new ContractError('not_found', `entry ${id} not found in stream ${JSON.stringify(stream)}`);
    return entry;
  };

  const startTail = async (stream: string, decoder: DecoderSpec | null): Promise<string> => {
    if (tails.size >= MAX_TAILS) throw new ContractError('conflict', `at most ${MAX_TAILS} live tails at once; stop one first`);
    const key = ctx.key(stream);
    const latest = await readRange(ctx.redis(), key, 'backward', '+', 1);
    let lastId = latest[0] ? latest[0][0].toString() : '0-0';
    const tailId = randomUUID();
    const topic = `entries.tail:${tailId}`;
    const connection: RedisClient = ctx.duplicate(`streamscope:tail:${tailId}`);
    let stopped = false;
    // Bytes buffered in the feed: flushed before a batch would pass the reply budget.
    let pendingBytes = 0;
    // Entries that could not be turned into a DTO: reported as dropped with the next batch.
    let undecodable = 0;
    const feed = new Coalescer<{ entry: StreamEntry; bytes: number }>({
      flush: (items, dropped) => {
        for (const item of items) pendingBytes -= item.bytes;
        const lost = undecodable;
        undecodable = 0;
        ctx.feeds.emit(topic, 'entries.appended', { tailId, stream, entries: items.map((i) => i.entry), dropped: dropped + lost });
      },
      maxItems: 300,
      maxBuffered: 5000,
    });
    const push = (raw: BinaryEntry) => {
      let entry: StreamEntry;
      let bytes: number;
      try {
        entry = decodeEntry(raw, decoder);
        bytes = entryWireSize(entry);
      } catch {
        undecodable++;
        return;
      }
      if (pendingBytes > 0 && pendingBytes + bytes > REPLY_BUDGET_BYTES) feed.flushNow();
      pendingBytes += bytes;
      feed.push({ entry, bytes });
    };
    const count = new AdaptiveCount(500);
    const loop = (async () => {
      while (!stopped) {
        try {
          const reply = await connection.xreadBuffer('COUNT', count.next(), 'BLOCK', 1000, 'STREAMS', key, lastId);
          for (const [, entries] of reply ?? []) {
            count.observe(entries);
            for (const raw of entries) {
              push(raw);
              lastId = raw[0].toString();
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
      'entries.page': async ({ stream, direction, from, fromTime, count, filter, decoder: asked }) => {
        const decoder = await decoderFor(stream, asked);
        const redis = ctx.redis();
        const key = ctx.key(stream);
        let bound: string;
        if (from !== undefined) bound = from === '-' || from === '+' ? from : `(${from}`;
        else if (fromTime !== undefined) bound = String(fromTime);
        else bound = direction === 'forward' ? '-' : '+';
        const needle = filter && filter.length > 0 ? filter : undefined;
        const scanLimit = needle ? FILTER_SCAN_LIMIT : count;

        const entries: StreamEntry[] = [];
        let bytes = 0;
        let scanned = 0;
        let scannedBytes = 0;
        // The last entry this page is done with (shown, or read and not matching): `next` goes on after it.
        let cursor: string | null = null;
        let atEnd = false;
        const reads = new AdaptiveCount(needle ? 1000 : count);
        pages: for (;;) {
          if (needle && (scanned >= scanLimit || scannedBytes >= FILTER_SCAN_BYTES)) break;
          const asked = Math.min(reads.next(), needle ? scanLimit - scanned : count - entries.length);
          const raw = await readRange(redis, key, direction, bound, asked);
          reads.observe(raw);
          for (let i = 0; i < raw.length; i++) {
            const item = raw[i];
            if (!needle || entryMatches(item[1], needle)) {
              const entry = decodeEntry(item, decoder);
              const size = entryWireSize(entry);
              // Fewer entries rather than more bytes; the first one always goes, so paging moves on.
              if (entries.length > 0 && bytes + size > REPLY_BUDGET_BYTES) break pages;
              bytes += size;
              entries.push(entry);
            }
            scanned++;
            scannedBytes += rawEntrySize(item);
            cursor = item[0].toString();
            if (entries.length === count || (needle && scanned >= scanLimit)) {
              // Done on the last entry Redis had: say so now rather than with an empty next page.
              atEnd = i === raw.length - 1 && raw.length < asked;
              break pages;
            }
          }
          if (raw.length < asked) {
            atEnd = true;
            break;
          }
          if (cursor) bound = `(${cursor}`;
        }
        return { entries, next: atEnd ? null : cursor, scanned };
      },

      'entries.tail': async ({ stream, decoder }) => ({ tailId: await startTail(stream, await decoderFor(stream, decoder)) }),

      'entries.untail': async ({ tailId }) => {
        const tail = tails.get(tailId);
        if (!tail) return { stopped: false };
        tails.delete(tailId);
        await tail.stop();
        return { stopped: true };
      },

      'entries.republish': async ({ stream, id, toStream }) => {
        const [, flat] = await readOne(stream, id);
        const newId = await ctx.redis().xadd(ctx.key(toStream ?? stream), 'MAXLEN', '~', PRODUCE_MAXLEN, '*', ...flat);
        return { id: String(newId) };
      },

      'entries.value': async ({ stream, id, field, offset, length }) => {
        const [, flat] = await readOne(stream, id);
        const fields = flat.length >> 1;
        if (field >= fields)
          throw new ContractError(
            'not_found',
            `entry ${id} has ${fields} field${fields === 1 ? '' : 's'}; there is no field number ${field} (0-based)`,
          );
        const value = asBuffer(flat[2 * field + 1]);
        if (offset > value.length)
          throw new ContractError('invalid_args', `offset ${offset} is past the end of the value (${value.length} bytes)`);
        return { offset, size: value.length, chunk: valueFromBytes(value.subarray(offset, offset + length)) };
      },

      'entries.newer': async ({ stream, after, limit }) => {
        const redis = ctx.redis();
        const key = ctx.key(stream);
        const reads = new AdaptiveCount(limit);
        let bound = `(${after}`;
        let count = 0;
        let read = 0;
        let newestId: string | null = null;
        for (;;) {
          const asked = Math.min(reads.next(), limit - count);
          const raw = await readRange(redis, key, 'forward', bound, asked);
          reads.observe(raw);
          for (const item of raw) read += rawEntrySize(item);
          count += raw.length;
          if (raw.length > 0) newestId = raw[raw.length - 1][0].toString();
          if (raw.length < asked) return { count, atLeast: false, newestId };
          if (count >= limit || read >= NEWER_SCAN_BYTES) return { count, atLeast: true, newestId };
          bound = `(${newestId}`;
        }
      },
    },
    close: async () => {
      const all = [...tails.values()];
      tails.clear();
      await Promise.all(all.map((t) => t.stop()));
    },
  };
}
