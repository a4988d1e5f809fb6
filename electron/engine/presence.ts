// Presence: each subscription writes a hash that expires unless refreshed, plus a sorted-set
// index per stream so readers find instances without KEYS/SCAN. A crashed instance's index entry
// remains (score = last beat) so the console can show it as stale.
import { hostname } from 'node:os';
import type { RedisClient } from './cluster';
import { presenceIndexKey, presenceKey, presenceMember } from './keys';
import { LuaScript } from './script';
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

// One beat: the instance's hash (refreshed, with its expiry) and its index entry, atomically. One
// EVALSHA instead of MULTI/HSET/PEXPIRE/ZADD/EXEC: a beat runs every couple of seconds in a process
// busy delivering events, and ioredis's transaction machinery is code that stays cold between beats
// (1–3 ms of main-thread time per beat in a fresh process, delaying the events behind it), while
// the single-command path is the one every read and ack already keeps hot.
// KEYS: hash, index. ARGV: ttlMs, now, index member, then the hash's field/value pairs.
const BEAT = new LuaScript(`
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
`);

export class PresenceHeartbeat {
  private timer: NodeJS.Timeout | null = null;
  private readonly startedAt = Date.now();
  private readonly key: string;
  private readonly indexKey: string;
  /** ARGV of a beat up to the changing fields: ttl, (now), member, the fields that never change. */
  private readonly fixedArgs: Array<string | number>;

  constructor(
    private readonly redis: RedisClient,
    private readonly id: PresenceIdentity,
    private readonly stats: () => SubscriptionStats,
    private readonly onError: (error: unknown) => void,
  ) {
    this.key = presenceKey(id.stream, id.group, id.instance);
    this.indexKey = presenceIndexKey(id.stream);
    const { stream, group, service, instance, mode, heartbeatMs, ttlMs } = id;
    // Every beat writes every field: a hash that expired (the process was frozen longer than its
    // TTL) comes back whole with the next beat.
    this.fixedArgs = [
      ttlMs,
      0,
      presenceMember(group, instance),
      'stream',
      stream,
      'group',
      group,
      'service',
      service,
      'instance',
      instance,
      'host',
      hostname(),
      'pid',
      process.pid,
      'mode',
      JSON.stringify(mode),
      'startedAt',
      this.startedAt,
      'heartbeatMs',
      heartbeatMs,
      'ttlMs',
      ttlMs,
    ];
  }

  async start(): Promise<void> {
    await Promise.all([this.beat(), this.redis.zremrangebyscore(this.indexKey, '-inf', Date.now() - FORGET_STALE_AFTER_MS)]);
    // The beats after the first start at a random point of the next half interval: instances started
    // together (a deploy) would otherwise beat together for ever, each pausing its deliveries for
    // the beat's stats at the same moment, so no instance of the service is free to take an event.
    const { heartbeatMs } = this.id;
    const first = Math.round(heartbeatMs * (0.5 + Math.random() / 2));
    const beatNow = () => void this.beat().catch(this.onError);
    // stop() clears this timeout (or the interval after it), so neither fires after a stop.
    this.timer = setTimeout(() => {
      beatNow();
      this.timer = setInterval(beatNow, heartbeatMs);
      this.timer.unref();
    }, first);
    this.timer.unref();
  }

  async beat(): Promise<void> {
    const now = Date.now();
    const args = this.fixedArgs.slice();
    args[1] = now;
    args.push('lastSeenAt', now, 'stats', JSON.stringify(this.stats()));
    await BEAT.run(this.redis, [this.key, this.indexKey], args);
  }

  /** Stop beating; with `remove` also delete the hash and index entry (graceful leave). */
  async stop(remove: boolean): Promise<void> {
    // clearTimeout clears either kind of timer (the first beat's timeout, then the interval).
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (remove) {
      await this.redis.multi().del(this.key).zrem(this.indexKey, presenceMember(this.id.group, this.id.instance)).exec();
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
