// An instance owns what it has fetched. Entries waiting in its prefetch buffer are pending on it
// in Redis, and a pending entry's idle time is what peers' claim passes look at: left alone, a
// buffer that takes longer than claimIdleMs to work through would be claimed by peers while its
// owner still holds it, and both would run it. So the instance keeps its hold fresh (XCLAIM to
// itself, JUSTID: the delivery count does not change), re-confirms before starting an entry whose
// hold may have lapsed, and lets go of its buffer when it stops making progress (a hung handler,
// a pause), as peers would take it over then anyway. See "Prefetch and ownership" in
// docs/engine-api.md.
import type { RedisClient } from './cluster';
import type { Delivery } from './delivery';
import { LuaScript } from './script';
import { sleep } from './signal';

/**
 * Re-asserts a consumer's hold on entries it still owns: XCLAIM to itself, idle time ARGV[3] (0 =
 * refresh; claimIdleMs = release to peers at their next claim pass). With ARGV[4] = '1' the XCLAIM
 * counts a delivery (a retry); otherwise JUSTID leaves the delivery count as it is. An entry a
 * peer has claimed meanwhile, or that was acked, is left alone and not returned: the ownership
 * check and the XCLAIM are one atomic step, so this can never take back an entry a peer won, and
 * a peer's XCLAIM (min-idle claimIdleMs) cannot win an entry that was just refreshed.
 */
const HOLD = new LuaScript(`
local stream, group, me, idle, redeliver = KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4] == '1'
local mine = {}
for i = 5, #ARGV do
  local p = redis.call('XPENDING', stream, group, ARGV[i], ARGV[i], 1)
  if p[1] and p[1][2] == me then mine[#mine + 1] = ARGV[i] end
end
local out = {}
for first = 1, #mine, 500 do
  local args = { stream, group, me, 0 }
  for i = first, math.min(first + 499, #mine) do args[#args + 1] = mine[i] end
  args[#args + 1] = 'IDLE'
  args[#args + 1] = idle
  if not redeliver then args[#args + 1] = 'JUSTID' end
  local claimed = redis.call('XCLAIM', unpack(args))
  for _, e in ipairs(claimed) do
    if not redeliver then out[#out + 1] = e elseif e then out[#out + 1] = e[1] end
  end
end
return out`);

/** The ids among `ids` still pending on `consumer`, XCLAIMed to it again (see HOLD). */
export async function holdOwn(
  redis: RedisClient,
  stream: string,
  group: string,
  consumer: string,
  ids: readonly string[],
  opts: { idleMs: number; redeliver: boolean },
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const own = (await HOLD.run(redis, [stream], [group, consumer, opts.idleMs, opts.redeliver ? '1' : '0', ...ids])) as string[];
  return new Set(own);
}

/** A delivery whose hold was found lost (a peer owns it now, or it is no longer pending). */
export const LOST = -1;

export interface HoldHost {
  readonly redis: RedisClient;
  readonly stream: string;
  readonly group: string;
  readonly instance: string;
  /** Running or paused (not stopping). */
  holding(): boolean;
  /** Entries fetched and not started yet. */
  waiting(): readonly Delivery[];
  /** Forget waiting entries that are not this instance's any more (or that it lets go of). */
  drop(ids: ReadonlySet<string>): void;
  /** No entry was handed to the handler for claimIdleMs while nothing more could start (hung, paused). */
  stalled(): boolean;
  reportError(context: string, e: unknown): void;
}

export class EntryHold {
  /** Refresh period, and the age from which a waiting entry's hold is refreshed. */
  readonly everyMs: number;
  /** Below this age (ms since ownership was last confirmed) a peer cannot have claimed the entry. */
  private readonly trustMs: number;
  private pass: Promise<boolean> = Promise.resolve(true);
  private passing = false;
  /** Refreshes and releases so far (entries), for tests and stats. */
  refreshed = 0;
  released = 0;

  constructor(
    private readonly host: HoldHost,
    private readonly claimIdleMs: number,
  ) {
    // A peer claims once the idle time reaches claimIdleMs; refreshing at a quarter of it leaves
    // three quarters for a late timer, a slow round trip or a busy event loop.
    this.everyMs = Math.max(10, Math.floor(claimIdleMs / 4));
    this.trustMs = Math.floor((claimIdleMs * 3) / 4);
  }

  /** True when no peer can have claimed this entry yet, so it may start without asking Redis. */
  fresh(d: Delivery, now = Date.now()): boolean {
    return now - d.ownedAt < this.trustMs;
  }

  /** The periodic pass: refresh the waiting entries' hold, or let go of them if the instance is stuck. */
  async tick(): Promise<void> {
    if (this.passing || !this.host.holding()) return;
    const waiting = this.host.waiting();
    if (waiting.length === 0) return;
    if (this.host.stalled()) {
      await this.releaseStalled(waiting);
      return;
    }
    const now = Date.now();
    const due = waiting.filter((d) => now - d.ownedAt >= this.everyMs);
    if (due.length > 0) await this.run(due, 0);
  }

  /**
   * Entries about to start whose hold may have lapsed (the refresh could not run: Redis errors, an
   * event loop blocked by a handler): asks Redis, together with every other waiting entry due for a
   * refresh, and returns those still owned. Empty when the subscription stops meanwhile.
   */
  async confirm(ds: readonly Delivery[]): Promise<Delivery[]> {
    for (let failures = 0; this.host.holding();) {
      await this.pass;
      const now = Date.now();
      const stale = ds.filter((d) => d.ownedAt !== LOST && !this.fresh(d, now));
      if (stale.length === 0) return ds.filter((d) => d.ownedAt !== LOST);
      const due = this.host.waiting().filter((d) => now - d.ownedAt >= this.everyMs);
      if (!(await this.run([...stale, ...due], 0))) await sleep(Math.min(100 * 2 ** failures++, 1000));
    }
    return [];
  }

  /**
   * Marks entries idle (claimIdleMs) if they are still this instance's, so peers take them at their
   * next claim pass instead of waiting claimIdleMs (on stop, and when the instance is stuck).
   */
  async release(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      this.released += (await this.own(ids, this.claimIdleMs)).size;
    } catch (e) {
      this.host.reportError('release held entries', e);
    }
  }

  private async releaseStalled(waiting: readonly Delivery[]): Promise<void> {
    const ids = waiting.map((d) => d.id);
    // Forgotten first, so none of them starts here while they go to peers.
    this.host.drop(new Set(ids));
    for (const d of waiting) d.ownedAt = LOST;
    await this.release(ids);
  }

  private own(ids: readonly string[], idleMs: number): Promise<Set<string>> {
    const h = this.host;
    return holdOwn(h.redis, h.stream, h.group, h.instance, ids, { idleMs, redeliver: false });
  }

  /** One HOLD call at a time; callers chain on `pass`. False when Redis could not be asked. */
  private run(ds: readonly Delivery[], idleMs: number): Promise<boolean> {
    const next = this.pass.then(async () => {
      this.passing = true;
      const sentAt = Date.now();
      try {
        const mine = await this.own([...new Set(ds.map((d) => d.id))], idleMs);
        const lost = new Set<string>();
        for (const d of ds) {
          if (mine.has(d.id)) {
            if (d.ownedAt !== LOST && d.ownedAt < sentAt) d.ownedAt = sentAt;
          } else {
            d.ownedAt = LOST;
            lost.add(d.id);
          }
        }
        this.refreshed += mine.size;
        if (lost.size > 0) this.host.drop(lost);
        return true;
      } catch (e) {
        this.host.reportError('refresh held entries', e);
        return false;
      } finally {
        this.passing = false;
      }
    });
    this.pass = next;
    return next;
  }
}
