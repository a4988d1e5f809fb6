// Pruning by length (XTRIM MAXLEN =) or age (XTRIM MINID =), exact trimming. Safe mode never
// removes an entry that some group still has pending or has not been delivered yet: the safe
// floor is min over groups of min(smallest pending id, last-delivered-id + 1).
import type { RedisClient } from './cluster';
import type { PrunePolicy, PrunePreview, PruneResult } from './types';
import { pruneLockKey } from './keys';
import { compareIds } from './wire';
import { detachReply } from './reply';
import { keyNameFromBytes } from './key-name';

/** A stream key: text, or its exact bytes when they are not UTF-8 (the console's Buffer keys). */
type StreamKey = string | Buffer;
const keyText = (key: StreamKey): string => (typeof key === 'string' ? key : keyNameFromBytes(key));

const PAGE = 10_000;

function checkPolicy(policy: PrunePolicy): void {
  if (policy.kind === 'maxLength') {
    if (!Number.isInteger(policy.maxLength) || policy.maxLength < 0)
      throw new RangeError(`maxLength must be an integer >= 0, got ${policy.maxLength}`);
  } else if (policy.kind === 'maxAge') {
    if (!Number.isFinite(policy.maxAgeMs) || policy.maxAgeMs < 0)
      throw new RangeError(`maxAgeMs must be a number >= 0, got ${policy.maxAgeMs}`);
  } else {
    throw new TypeError(`unknown prune policy kind ${JSON.stringify((policy as { kind: unknown }).kind)}`);
  }
}

const nextId = (id: string): string => {
  const [ms, seq = '0'] = id.split('-');
  return `${ms}-${BigInt(seq) + 1n}`;
};
const minId = (a: string, b: string): string => (compareIds(a, b) <= 0 ? a : b);

/** Count entries in [start, end] (XRANGE syntax, '(' allowed), paging so memory stays bounded. */
async function countRange(
  redis: RedisClient,
  key: StreamKey,
  start: string,
  end: string,
): Promise<{ count: number; lastId: string | null }> {
  let count = 0;
  let lastId: string | null = null;
  let from = start;
  for (;;) {
    const rows = detachReply(await redis.xrange(key, from, end, 'COUNT', PAGE));
    count += rows.length;
    if (rows.length > 0) lastId = rows[rows.length - 1][0];
    if (rows.length < PAGE) return { count, lastId };
    from = `(${lastId}`;
  }
}

/** The id of the k-th entry (1-based) from the start, paging. */
async function idAtPosition(redis: RedisClient, key: StreamKey, k: number): Promise<string | null> {
  let from = '-';
  let remaining = k;
  for (;;) {
    const rows = detachReply(await redis.xrange(key, from, '+', 'COUNT', Math.min(PAGE, remaining)));
    if (rows.length === 0) return null;
    remaining -= rows.length;
    if (remaining === 0) return rows[rows.length - 1][0];
    from = `(${rows[rows.length - 1][0]}`;
  }
}

interface GroupPosition {
  name: string;
  lastDeliveredId: string;
  pendingMin: string | null;
}

async function groupPositions(redis: RedisClient, key: StreamKey): Promise<GroupPosition[]> {
  const raw = (await redis.xinfo('GROUPS', key)) as unknown[][];
  const groups = raw.map((g) => {
    const f: Record<string, unknown> = {};
    for (let i = 0; i + 1 < g.length; i += 2) f[String(g[i])] = g[i + 1];
    return { name: String(f.name), lastDeliveredId: String(f['last-delivered-id']) };
  });
  const pipe = redis.pipeline();
  for (const g of groups) pipe.xpending(key, g.name);
  const res = (await pipe.exec()) ?? [];
  return groups.map((g, i) => {
    const summary = res[i]?.[1] as [number, string | null, string | null, unknown] | undefined;
    return { ...g, pendingMin: summary && Number(summary[0]) > 0 ? summary[1] : null };
  });
}

interface Plan {
  preview: PrunePreview;
  /** XTRIM MINID bound that removes exactly preview.wouldRemove entries; null = nothing to remove. */
  minIdBound: string | null;
}

async function plan(redis: RedisClient, stream: StreamKey, policy: PrunePolicy, safe: boolean, now: number): Promise<Plan> {
  checkPolicy(policy);
  const lengthBefore = await redis.xlen(stream);
  const empty: PrunePreview = {
    stream: keyText(stream),
    policy,
    safe,
    wouldRemove: 0,
    firstId: null,
    lastId: null,
    pending: 0,
    undelivered: 0,
    keptForSafety: 0,
    lengthBefore,
  };
  if (lengthBefore === 0) return { preview: empty, minIdBound: null };

  // 1. What the policy alone would remove: entries with id < policyBound.
  let policyCount: number;
  let policyLast: string | null;
  if (policy.kind === 'maxLength') {
    policyCount = Math.max(0, lengthBefore - policy.maxLength);
    policyLast = policyCount > 0 ? await idAtPosition(redis, stream, policyCount) : null;
  } else {
    const cut = `${Math.max(0, Math.floor(now - policy.maxAgeMs))}-0`;
    ({ count: policyCount, lastId: policyLast } = await countRange(redis, stream, '-', `(${cut}`));
  }
  if (policyCount === 0 || policyLast === null) return { preview: empty, minIdBound: null };
  const first = (await redis.xrange(stream, '-', '+', 'COUNT', 1))[0][0];
  const policyBound = nextId(policyLast);

  // 2. Pending and undelivered entries among them.
  const groups = await groupPositions(redis, stream);
  const pendingIds = new Set<string>();
  for (const g of groups) {
    if (g.pendingMin === null || compareIds(g.pendingMin, policyLast) > 0) continue;
    let from = '-';
    for (;;) {
      const rows = (await redis.xpending(stream, g.name, from, policyLast, PAGE)) as Array<[string, string, number, number]>;
      for (const r of rows) pendingIds.add(r[0]);
      if (rows.length < PAGE) break;
      from = `(${rows[rows.length - 1][0]}`;
    }
  }
  let undelivered = 0;
  if (groups.length > 0) {
    const leastDelivered = groups.map((g) => g.lastDeliveredId).reduce(minId);
    if (compareIds(leastDelivered, policyLast) < 0) undelivered = (await countRange(redis, stream, `(${leastDelivered}`, policyLast)).count;
  }

  if (!safe) {
    return {
      preview: { ...empty, wouldRemove: policyCount, firstId: first, lastId: policyLast, pending: pendingIds.size, undelivered },
      minIdBound: policyBound,
    };
  }

  // 3. Safe mode: stop at the floor.
  let bound = policyBound;
  for (const g of groups) {
    bound = minId(bound, nextId(g.lastDeliveredId));
    if (g.pendingMin) bound = minId(bound, g.pendingMin);
  }
  if (bound === policyBound) {
    return {
      preview: { ...empty, wouldRemove: policyCount, firstId: first, lastId: policyLast, pending: 0, undelivered: 0 },
      minIdBound: policyBound,
    };
  }
  const removable = await countRange(redis, stream, '-', `(${bound}`);
  return {
    preview: {
      ...empty,
      wouldRemove: removable.count,
      firstId: removable.count > 0 ? first : null,
      lastId: removable.lastId,
      pending: pendingIds.size,
      undelivered,
      keptForSafety: policyCount - removable.count,
    },
    minIdBound: removable.count > 0 ? bound : null,
  };
}

/**
 * What `prune` would do. In safe mode `pending`/`undelivered` describe the entries the policy
 * targets (all of which are among `keptForSafety`); `wouldRemove` is what would really go.
 */
export async function previewPrune(
  redis: RedisClient,
  stream: StreamKey,
  policy: PrunePolicy,
  opts: { safe?: boolean; now?: number } = {},
): Promise<PrunePreview> {
  return (await plan(redis, stream, policy, opts.safe ?? true, opts.now ?? Date.now())).preview;
}

export async function prune(
  redis: RedisClient,
  stream: StreamKey,
  policy: PrunePolicy,
  opts: { safe?: boolean; now?: number } = {},
): Promise<PruneResult> {
  const safe = opts.safe ?? true;
  let removed = 0;
  if (!safe && policy.kind === 'maxLength') {
    checkPolicy(policy);
    removed = await redis.xtrim(stream, 'MAXLEN', '=', policy.maxLength);
  } else {
    const { minIdBound } = await plan(redis, stream, policy, safe, opts.now ?? Date.now());
    if (minIdBound) removed = await redis.xtrim(stream, 'MINID', '=', minIdBound);
  }
  return { stream: keyText(stream), removed, lengthAfter: await redis.xlen(stream) };
}

/**
 * Prune if no other instance did within `everyMs`: the lock (SET NX PX everyMs) is not released,
 * so across all instances a stream is pruned at most once per period. Returns null when another
 * instance holds the lock.
 */
export async function pruneWithLock(
  redis: RedisClient,
  stream: string,
  policy: PrunePolicy,
  opts: { safe?: boolean; everyMs: number; owner: string },
): Promise<PruneResult | null> {
  const got = await redis.set(pruneLockKey(stream), opts.owner, 'PX', Math.max(1, Math.floor(opts.everyMs)), 'NX');
  if (got !== 'OK') return null;
  return prune(redis, stream, policy, { safe: opts.safe ?? true });
}
