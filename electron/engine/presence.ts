// Presence: each subscription writes a hash that expires unless refreshed, plus a sorted-set
// index per stream so readers find instances without KEYS/SCAN. A crashed instance's index entry
// remains (score = last beat) so the console can show it as stale.
import { hostname } from 'node:os';
import type { RedisClient } from './cluster';
import { presenceIndexKey, presenceKey, presenceMember } from './keys';
import type { ConsumerMode, InstancePresence, ReadPresenceResult, SubscriptionStats } from './types';

export const DEFAULT_HEARTBEAT_MS = 2000;
/** Index entries of instances silent this long are dropped (when any instance of the stream starts). */
export const FORGET_STALE_AFTER_MS = 24 * 60 * 60 * 1000;

export interface PresenceIdentity {
  stream: string;
  group: string;
  service: string;
  instance: string;
  mode: ConsumerMode;
  heartbeatMs: number;
  ttlMs: number;
}

export class PresenceHeartbeat {
  private timer: NodeJS.Timeout | null = null;
  private readonly startedAt = Date.now();
  private readonly key: string;

  constructor(
    private readonly redis: RedisClient,
    private readonly id: PresenceIdentity,
    private readonly stats: () => SubscriptionStats,
    private readonly onError: (error: unknown) => void,
  ) {
    this.key = presenceKey(id.stream, id.group, id.instance);
  }

  async start(): Promise<void> {
    await Promise.all([
      this.beat(),
      this.redis.zremrangebyscore(presenceIndexKey(this.id.stream), '-inf', Date.now() - FORGET_STALE_AFTER_MS),
    ]);
    this.timer = setInterval(() => void this.beat().catch(this.onError), this.id.heartbeatMs);
    this.timer.unref();
  }

  async beat(): Promise<void> {
    const now = Date.now();
    const { stream, group, service, instance, mode, heartbeatMs, ttlMs } = this.id;
    await this.redis
      .multi()
      .hset(this.key, {
        stream,
        group,
        service,
        instance,
        host: hostname(),
        pid: process.pid,
        mode: JSON.stringify(mode),
        startedAt: this.startedAt,
        lastSeenAt: now,
        heartbeatMs,
        ttlMs,
        stats: JSON.stringify(this.stats()),
      })
      .pexpire(this.key, ttlMs)
      .zadd(presenceIndexKey(stream), now, presenceMember(group, instance))
      .exec();
  }

  /** Stop beating; with `remove` also delete the hash and index entry (graceful leave). */
  async stop(remove: boolean): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (remove) {
      await this.redis.multi().del(this.key).zrem(presenceIndexKey(this.id.stream), presenceMember(this.id.group, this.id.instance)).exec();
    }
  }
}

function parseJsonOr<T>(text: string | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/**
 * Every instance known for `stream` (full key name). live = the hash still exists and its last
 * beat is within its TTL. Stale instances (hash expired) come back with what the index knows.
 */
export async function readPresence(redis: RedisClient, stream: string | Buffer, now = Date.now()): Promise<ReadPresenceResult[]> {
  // A key that is not UTF-8 (the console passes its bytes): no engine instance can be there, since
  // the engine refuses such names.
  if (typeof stream !== 'string') return [];
  const index = await redis.zrange(presenceIndexKey(stream), 0, -1, 'WITHSCORES');
  const members: Array<{ group: string; instance: string; lastSeenAt: number }> = [];
  for (let i = 0; i + 1 < index.length; i += 2) {
    const [group, instance] = parseJsonOr<[string, string]>(index[i], ['', index[i]]);
    members.push({ group, instance, lastSeenAt: Number(index[i + 1]) });
  }
  if (members.length === 0) return [];
  const pipe = redis.pipeline();
  for (const m of members) pipe.hgetall(presenceKey(stream, m.group, m.instance));
  const hashes = (await pipe.exec()) ?? [];
  return members.map((m, i) => {
    const h = (hashes[i]?.[1] ?? {}) as Record<string, string>;
    const exists = Object.keys(h).length > 0;
    const ttlMs = Number(h.ttlMs ?? 3 * DEFAULT_HEARTBEAT_MS);
    const lastSeenAt = exists ? Number(h.lastSeenAt) : m.lastSeenAt;
    const rec: InstancePresence = {
      stream,
      group: m.group,
      service: h.service ?? m.group,
      instance: m.instance,
      host: h.host ?? '',
      pid: Number(h.pid ?? 0),
      mode: parseJsonOr<ConsumerMode>(h.mode, { kind: 'immediate' }),
      startedAt: Number(h.startedAt ?? 0),
      lastSeenAt,
      heartbeatMs: Number(h.heartbeatMs ?? DEFAULT_HEARTBEAT_MS),
      ttlMs,
      stats: parseJsonOr<SubscriptionStats | null>(h.stats, null),
    };
    return { ...rec, live: exists && now - lastSeenAt <= ttlMs };
  });
}
