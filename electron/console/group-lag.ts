// The truth about a group's backlog. Redis 7's XINFO GROUPS gives `lag`, but often nil: for a group
// created or moved to an id (and at `$` on Redis 7.0), for any group once an entry after its
// position was deleted (XDEL), and always before Redis 7. Then the console counts the entries after
// the group's last-delivered id itself, inside Redis (stream-scripts.ts), exact up to
// LAG_LIMITS.exactUpTo entries and a lower bound beyond, and says so (`lagSource`). It also finds
// the oldest entry the group has not been delivered yet: the first id after last-delivered, whose
// ms part says how long the backlog has been waiting.
//
// Counting costs about 1 µs of Redis time per entry walked, and the Overview, Groups, Instances and
// Flow views poll, so the cost is bounded three ways (docs/lag-and-rates.md): a count is reused
// while the stream and the group have not changed; a count that walked W entries is reused for
// W / reuseEntriesPerMs ms even when they have; and all counting shares a token bucket of entries
// per second, beyond which the last count (with its time) or "unknown" is shown.
import type { RedisKey } from 'ioredis';
import type { GroupInfo, LagSource } from '../../shared/dto';
import { compareIds, idTime, type RedisClient } from '../engine';
import { numberOrNull, replyText } from './entry-format';
import { nameFromReply } from './redis-key';
import { countAfter } from './stream-scripts';

export interface LagLimits {
  /** Counts are exact up to this many entries after the group's position, a lower bound beyond. */
  exactUpTo: number;
  /** Entries before the position also walked (alternating): exact for groups near the stream's start… */
  behindBudget: number;
  /** …starting once this many entries after it were seen, so a small lag costs nothing extra. */
  behindAfter: number;
  /** The token bucket shared by all counting: entries per second, and the burst. */
  entriesPerSec: number;
  burstEntries: number;
  /** A count that walked W entries is reused for W / this many ms even if the stream moved on. */
  reuseEntriesPerMs: number;
  /** Cached counts kept (oldest forgotten first). */
  maxCached: number;
}

export const LAG_LIMITS: Readonly<LagLimits> = {
  exactUpTo: 100_000,
  behindBudget: 10_000,
  behindAfter: 1_000,
  // ≈ 50 ms of Redis time per second at most, on average (5 % of one core).
  entriesPerSec: 50_000,
  burstEntries: 250_000,
  // 100,000 entries walked (~100 ms) → reused for 5 s: about 2 % of Redis's time for that group.
  reuseEntriesPerMs: 20,
  maxCached: 10_000,
};

/** What XINFO STREAM says that a count depends on. */
export interface StreamFacts {
  length: number;
  lastGeneratedId: string;
  maxDeletedEntryId: string | null;
  firstEntryId: string | null;
  lastEntryId: string | null;
}

/** One group as XINFO GROUPS gave it. */
export interface ReportedGroup {
  name: string;
  lastDeliveredId: string;
  lag: number | null;
  /** False on Redis before 7.0, whose XINFO GROUPS has no lag field at all. */
  lagReported: boolean;
}

export type GroupLag = Required<Pick<GroupInfo, 'lagSource' | 'firstUndeliveredId' | 'oldestUndeliveredMs'>> &
  Pick<GroupInfo, 'lagNote' | 'lagCountedAt'> & { lag: number | null };

interface Counted {
  /** The facts the count was made on: the same facts give the same count. */
  facts: string;
  exact: boolean;
  count: number;
  firstId: string | null;
  walked: number;
  at: number;
}

/** Why Redis gave no lag for this group, in words. */
function silenceReason(facts: StreamFacts, group: ReportedGroup): string {
  if (!group.lagReported) return 'Redis before 7.0 reports no lag';
  if (facts.maxDeletedEntryId && compareIds(facts.maxDeletedEntryId, group.lastDeliveredId) > 0) {
    return 'Redis gives no lag: entries after the group’s position were deleted (XDEL), so its count would be wrong';
  }
  return 'Redis gives no lag: it does not know how many entries the group has read (created or moved to an id, or at $ before Redis 7.2)';
}

/**
 * The first entry after a group's position when XINFO STREAM already names it, so no walk is
 * needed: the stream's first entry when the position is before it, or its last entry when Redis's
 * own lag (exact: Redis gives none once entries after the position were deleted) says one waits.
 */
function firstNamedByFacts(facts: StreamFacts, group: ReportedGroup): string | undefined {
  if (facts.firstEntryId && compareIds(group.lastDeliveredId, facts.firstEntryId) < 0) return facts.firstEntryId;
  if (group.lag === 1 && facts.lastEntryId) return facts.lastEntryId;
  return undefined;
}

export class LagCounter {
  private readonly counted = new Map<string, Counted>();
  /** The first entry after a position, for groups whose lag Redis gave: keyed by what could change it. */
  private readonly firsts = new Map<string, { facts: string; firstId: string | null }>();
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly limits: Readonly<LagLimits> = LAG_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {
    this.tokens = limits.burstEntries;
    this.refilledAt = clock();
  }

  /** Each group's lag as well as it can be known now; one script call per group that needs one, all in flight together. */
  async resolve(redis: RedisClient, key: RedisKey, stream: string, facts: StreamFacts, groups: ReportedGroup[]): Promise<GroupLag[]> {
    return Promise.all(groups.map((g) => this.resolveOne(redis, key, `${stream}\n${g.name}`, facts, g)));
  }

  private async resolveOne(
    redis: RedisClient,
    key: RedisKey,
    cacheKey: string,
    facts: StreamFacts,
    group: ReportedGroup,
  ): Promise<GroupLag> {
    const now = this.clock();
    const caughtUp = facts.length === 0 || compareIds(group.lastDeliveredId, facts.lastGeneratedId) >= 0;
    if (group.lag != null) {
      const firstId =
        group.lag === 0 || caughtUp
          ? null
          : (firstNamedByFacts(facts, group) ?? (await this.firstAfter(redis, key, cacheKey, facts, group.lastDeliveredId)));
      return { lag: group.lag, lagSource: 'redis', ...this.age(firstId, now) };
    }
    const lagNote = silenceReason(facts, group);
    // Nothing after the position: no count needed.
    if (caughtUp) return { lag: 0, lagSource: 'computed', lagNote, lagCountedAt: now, firstUndeliveredId: null, oldestUndeliveredMs: null };

    const factsKey = `${group.lastDeliveredId}|${facts.lastGeneratedId}|${facts.maxDeletedEntryId}|${facts.firstEntryId}|${facts.length}`;
    const before = this.counted.get(cacheKey);
    if (before?.facts === factsKey) before.at = now; // nothing changed since: the count is current
    const fresh = before && (before.facts === factsKey || now - before.at < before.walked / this.limits.reuseEntriesPerMs);
    if (fresh || (before && !this.canSpend(now))) return this.fromCount(before, lagNote, now);
    if (!before && !this.canSpend(now)) {
      return {
        lag: null,
        lagSource: 'unknown',
        lagNote: `${lagNote}; not counted yet: the console limits how much counting it asks of Redis, try again in a moment`,
        firstUndeliveredId: null,
        oldestUndeliveredMs: null,
      };
    }
    let result;
    try {
      result = await countAfter(redis, key, {
        after: group.lastDeliveredId,
        limit: this.limits.exactUpTo,
        behindBudget: this.limits.behindBudget,
        behindAfter: this.limits.behindAfter,
      });
    } catch (error) {
      // Scripting refused (ACL, a read-only replica, …): say so instead of guessing.
      return {
        lag: null,
        lagSource: 'unknown',
        lagNote: `${lagNote}; the console could not count: ${(error as Error).message}`,
        firstUndeliveredId: null,
        oldestUndeliveredMs: null,
      };
    }
    this.tokens -= result.walked;
    const count: Counted = { facts: factsKey, ...result, at: now };
    this.remember(this.counted, cacheKey, count);
    return this.fromCount(count, lagNote, now);
  }

  private fromCount(c: Counted, lagNote: string, now: number): GroupLag {
    const source: LagSource = c.exact ? 'computed' : 'at-least';
    return { lag: c.count, lagSource: source, lagNote, lagCountedAt: c.at, ...this.age(c.firstId, now) };
  }

  private age(firstId: string | null, now: number) {
    return { firstUndeliveredId: firstId, oldestUndeliveredMs: firstId ? Math.max(0, now - idTime(firstId)) : null };
  }

  /** The first entry after `position` (one entry walked); it changes only when the position moves or entries go. */
  private async firstAfter(
    redis: RedisClient,
    key: RedisKey,
    cacheKey: string,
    facts: StreamFacts,
    position: string,
  ): Promise<string | null> {
    const factsKey = `${position}|${facts.maxDeletedEntryId}|${facts.firstEntryId}`;
    const known = this.firsts.get(cacheKey);
    if (known?.facts === factsKey) return known.firstId;
    try {
      const { firstId } = await countAfter(redis, key, { after: position, limit: 0, chunk: 1 });
      this.remember(this.firsts, cacheKey, { facts: factsKey, firstId });
      return firstId;
    } catch {
      return null; // the age is extra: Redis's lag stands without it
    }
  }

  private canSpend(now: number): boolean {
    const { entriesPerSec, burstEntries } = this.limits;
    this.tokens = Math.min(burstEntries, this.tokens + ((now - this.refilledAt) * entriesPerSec) / 1000);
    this.refilledAt = now;
    return this.tokens > 0;
  }

  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    if (map.size >= this.limits.maxCached) map.delete(map.keys().next().value as string);
    map.set(key, value);
  }
}

/** The facts a count depends on, from XINFO STREAM's flat reply (as `pairs` gives it). */
export function streamFacts(info: Record<string, unknown>): StreamFacts {
  const first = info['first-entry'] as [string, unknown] | null | undefined;
  const last = info['last-entry'] as [string, unknown] | null | undefined;
  // String(): XINFO STREAM may be read as a Buffer reply (the console keeps entry bytes exact).
  const maxDeleted = info['max-deleted-entry-id'] == null ? null : replyText(info['max-deleted-entry-id']);
  return {
    length: Number(info.length ?? 0),
    lastGeneratedId: replyText(info['last-generated-id'], '0-0'),
    maxDeletedEntryId: maxDeleted == null || maxDeleted === '0-0' ? null : maxDeleted,
    firstEntryId: first ? String(first[0]) : null,
    lastEntryId: last ? String(last[0]) : null,
  };
}

/** XINFO GROUPS and XINFO STREAM replies of one stream → its groups with their lag as well as it can be known. */
export async function describeGroups(
  redis: RedisClient,
  counter: LagCounter,
  key: RedisKey,
  stream: string,
  info: Record<string, unknown>,
  /** XINFO GROUPS entries, each as `pairs` gives it. */
  groups: Array<Record<string, unknown>>,
): Promise<GroupInfo[]> {
  const lags = await counter.resolve(redis, key, stream, streamFacts(info), groups.map(reportedGroup));
  return groups.map((g, i) => ({
    name: nameFromReply(g.name),
    consumers: Number(g.consumers ?? 0),
    pending: Number(g.pending ?? 0),
    lastDeliveredId: replyText(g['last-delivered-id'], '0-0'),
    entriesRead: numberOrNull(g['entries-read']),
    ...lags[i],
  }));
}

/** One XINFO GROUPS entry (as `pairs` gives it) → what the counter needs. */
export function reportedGroup(g: Record<string, unknown>): ReportedGroup {
  return {
    name: nameFromReply(g.name),
    lastDeliveredId: replyText(g['last-delivered-id'], '0-0'),
    lag: numberOrNull(g.lag),
    lagReported: 'lag' in g,
  };
}
