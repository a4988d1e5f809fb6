// SCAN one page ahead. A walk over a large keyspace is a chain of round trips (SCAN, then XINFO of
// the page's streams, then the next SCAN), and most pages of 1,000,000 keys hold no stream at all:
// the page after the one being answered is asked for at once, while the caller is still busy with
// this one, so its reply is usually in hand when the caller asks. The walk sees exactly the pages
// it would have seen; a page asked for ahead and never used costs one SCAN.
import type { RedisKey } from 'ioredis';
import type { RedisClient } from '../engine';

export type ScanPage = [cursor: string, keys: Buffer[]];

/** Pages read ahead are kept this long: a walk that stops is not answered from an old page later. */
const AHEAD_MS = 5_000;
/** Walks read ahead for at once (windows, pages of the console); older ones are dropped. */
const AHEAD_WALKS = 8;

export class ScanAhead {
  private readonly pages = new Map<string, { redis: RedisClient; page: Promise<ScanPage>; at: number }>();

  constructor(private readonly scan: (redis: RedisClient, cursor: string, match: RedisKey, count: number) => Promise<ScanPage>) {}

  /** The page at `cursor` (read ahead when it was), and the page after it asked for already. */
  async page(redis: RedisClient, cursor: string, match: RedisKey, count: number): Promise<ScanPage> {
    const read = () => this.scan(redis, cursor, match, count);
    const ahead = this.take(redis, cursor, match, count);
    // A page read ahead that failed (Redis away for a moment) is read again now: its error is old news.
    const page = await (ahead ? ahead.catch(read) : read());
    if (page[0] !== '0') this.ask(redis, page[0], match, count);
    return page;
  }

  private take(redis: RedisClient, cursor: string, match: RedisKey, count: number): Promise<ScanPage> | null {
    const key = pageKey(cursor, match, count);
    const ahead = this.pages.get(key);
    if (!ahead) return null;
    this.pages.delete(key);
    // Another connection (the console switched servers) or too old: read the page again.
    return ahead.redis === redis && Date.now() - ahead.at <= AHEAD_MS ? ahead.page : null;
  }

  private ask(redis: RedisClient, cursor: string, match: RedisKey, count: number): void {
    const page = this.scan(redis, cursor, match, count);
    // Not awaited until the walk asks for it (maybe never): its failure must not go unhandled here;
    // the walk that takes the page gets the same rejection.
    page.catch(() => {});
    this.pages.set(pageKey(cursor, match, count), { redis, page, at: Date.now() });
    if (this.pages.size > AHEAD_WALKS) this.pages.delete(this.pages.keys().next().value as string);
  }
}

function pageKey(cursor: string, match: RedisKey, count: number): string {
  // The pattern's bytes, as hex: a key-prefixed pattern may be a Buffer that is not UTF-8.
  return `${count} ${cursor} ${Buffer.from(match).toString('hex')}`;
}
