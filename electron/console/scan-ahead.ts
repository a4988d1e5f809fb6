// SCAN ahead of a walk. A walk over a large keyspace is a chain of round trips (SCAN, then XINFO of
// the page's streams, then the next SCAN), and most pages of 1,000,000 keys hold no stream at all.
// SCAN's cursors can only be followed one after another, so that chain is the walk's floor; here it
// runs on its own, up to AHEAD_PAGES pages past the one being answered (each next SCAN sent as soon
// as the cursor before it is in hand), and each page's own reads (`readPage`: the XINFO of its
// streams) go out as soon as its keys are. The walk sees exactly the pages it would have seen; pages
// read ahead and never used cost their SCAN and reads.
import type { RedisKey } from 'ioredis';
import type { RedisClient } from '../engine';

/** A page of a walk: its next cursor, its keys, and what `readPage` read for them. */
export type ScanPage<R> = [cursor: string, keys: Buffer[], read: R];

type Scan = (redis: RedisClient, cursor: string, match: RedisKey, count: number) => Promise<[string, Buffer[]]>;

/** Pages read ahead are kept this long: a walk that stops is not answered from an old page later. */
const AHEAD_MS = 5_000;
/** Pages of one walk asked for ahead of the one it is answered: enough to keep Redis busy between its pages. */
export const AHEAD_PAGES = 4;
/** Pages kept at once over every walk (windows, pages of the console); the oldest are dropped. */
const AHEAD_KEPT = 8 * AHEAD_PAGES;

interface Ahead<R> {
  redis: RedisClient;
  /** The SCAN alone: the chain goes on from its cursor without waiting for the page's reads. */
  scanned: Promise<[string, Buffer[]]>;
  page: Promise<ScanPage<R>>;
  at: number;
  /** Dropped (too many kept) or found too old: the chain goes no further from it. */
  dropped: boolean;
}

export class ScanAhead<R> {
  private readonly pages = new Map<string, Ahead<R>>();

  constructor(
    private readonly scan: Scan,
    private readonly readPage: (redis: RedisClient, keys: Buffer[]) => Promise<R>,
  ) {}

  /** The page at `cursor` (read ahead when it was), with the pages after it asked for already. */
  async page(redis: RedisClient, cursor: string, match: RedisKey, count: number): Promise<ScanPage<R>> {
    const ahead = this.take(redis, cursor, match, count);
    // A page read ahead that failed (Redis away for a moment) is read again now: its error is old news.
    const read = () => this.read(redis, cursor, match, count).page;
    const page = await (ahead ? ahead.catch(read) : read());
    this.readAhead(redis, page[0], match, count, AHEAD_PAGES);
    return page;
  }

  private read(redis: RedisClient, cursor: string, match: RedisKey, count: number): Pick<Ahead<R>, 'scanned' | 'page'> {
    const scanned = this.scan(redis, cursor, match, count);
    const page = scanned.then(async ([next, keys]): Promise<ScanPage<R>> => [next, keys, await this.readPage(redis, keys)]);
    return { scanned, page };
  }

  private take(redis: RedisClient, cursor: string, match: RedisKey, count: number): Promise<ScanPage<R>> | null {
    const key = pageKey(cursor, match, count);
    const ahead = this.pages.get(key);
    if (!ahead) return null;
    this.pages.delete(key);
    // Another connection (the console switched servers) or too old: read the page again.
    if (ahead.redis === redis && Date.now() - ahead.at <= AHEAD_MS) return ahead.page;
    ahead.dropped = true;
    return null;
  }

  /** Pages from `cursor` on asked for, `budget` of them, each as soon as the cursor before it is known. */
  private readAhead(redis: RedisClient, cursor: string, match: RedisKey, count: number, budget: number): void {
    if (cursor === '0' || budget === 0) return;
    const key = pageKey(cursor, match, count);
    let ahead = this.pages.get(key);
    if (ahead && ahead.redis !== redis) return;
    if (!ahead) {
      const { scanned, page } = this.read(redis, cursor, match, count);
      // Not awaited until the walk asks for it (maybe never): its failure must not go unhandled here;
      // the walk that takes the page gets the same rejection.
      page.catch(() => {});
      ahead = { redis, scanned, page, at: Date.now(), dropped: false };
      this.pages.set(key, ahead);
      this.dropOldest();
    }
    const from = ahead;
    from.scanned.then(
      ([next]) => {
        if (!from.dropped) this.readAhead(redis, next, match, count, budget - 1);
      },
      () => {},
    );
  }

  private dropOldest(): void {
    while (this.pages.size > AHEAD_KEPT) {
      const [key, oldest] = this.pages.entries().next().value as [string, Ahead<R>];
      oldest.dropped = true;
      this.pages.delete(key);
    }
  }
}

function pageKey(cursor: string, match: RedisKey, count: number): string {
  // The pattern's bytes, as hex: a key-prefixed pattern may be a Buffer that is not UTF-8.
  return `${count} ${cursor} ${Buffer.from(match).toString('hex')}`;
}
