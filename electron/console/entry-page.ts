// One page of a stream's entries (from an id or a time, either way, optionally through a
// server-side text filter), and the count of entries newer than one. Both read in adaptively sized
// batches and stop at a byte budget: the page at REPLY_BUDGET_BYTES of DTOs (fewer entries rather
// than more bytes), a filter or a count at the bytes it may scan, then say where to go on.
import type { RedisKey } from 'ioredis';
import type { RedisClient } from '../engine';
import type { DecoderSpec } from '../../shared/decoding';
import type { EntryPage, NewerEntries, StreamEntry } from '../../shared/dto';
import { REPLY_BUDGET_BYTES } from '../../shared/entry-budget';
import type { Args } from '../../shared/schemas';
import { decodeEntry, entryMatches, entryWireSize, rawEntrySize } from './entry-format';
import { AdaptiveCount, readRange } from './entry-reads';

/** With a filter, one page call scans at most this many entries, then returns `next` to go on. */
export const FILTER_SCAN_LIMIT = 10_000;
/** With a filter, one page call reads at most this many bytes from Redis, then returns `next`. */
export const FILTER_SCAN_BYTES = 64 * 1024 * 1024;
/** entries.newer reads at most this many bytes; past it the count is a lower bound. */
export const NEWER_SCAN_BYTES = 16 * 1024 * 1024;

type PageQuery = Pick<Args<'entries.page'>, 'direction' | 'from' | 'fromTime' | 'count' | 'filter'>;

/** The XRANGE/XREVRANGE bound a page starts at: after an id (exclusive), at a time, or at the stream's end. */
function firstBound({ direction, from, fromTime }: PageQuery): string {
  if (from !== undefined) return from === '-' || from === '+' ? from : `(${from}`;
  if (fromTime !== undefined) return String(fromTime);
  return direction === 'forward' ? '-' : '+';
}

export async function readPage(redis: RedisClient, key: RedisKey, query: PageQuery, decoder: DecoderSpec | null): Promise<EntryPage> {
  const { direction, count } = query;
  const needle = query.filter && query.filter.length > 0 ? query.filter : undefined;
  const scanLimit = needle ? FILTER_SCAN_LIMIT : count;
  let bound = firstBound(query);

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
}

/** Entries after `after`, counted up to `limit` or NEWER_SCAN_BYTES read; past either the count is a lower bound. */
export async function countNewer(redis: RedisClient, key: RedisKey, after: string, limit: number): Promise<NewerEntries> {
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
}
