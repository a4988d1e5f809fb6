// A subscription's first read, sent with its start (XGROUP CREATE, presence) in one flight: the
// instance's own pending entries (an earlier life of the same instance), or, when it has none, new
// entries. One script, so a fresh instance's first events come with the start's round trip
// instead of one or two round trips after it; the read loop goes on from where this left off.
import type { RedisClient } from './cluster';
import type { StreamReadReply } from './reply';
import { LuaScript } from './script';

// KEYS: stream. ARGV: group, instance, count. Returns {0, reply of the '0' read} when the instance
// has pending entries, else {1, reply of the '>' read} ({1} alone when there was nothing new: a nil
// reply ends the Lua table). XREADGROUP without BLOCK is allowed in a script.
const FIRST_READ = new LuaScript(`
local own = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', ARGV[3], 'STREAMS', KEYS[1], '0')
if own and own[1] and #own[1][2] > 0 then return {0, own} end
return {1, redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', ARGV[3], 'STREAMS', KEYS[1], '>')}
`);

export interface FirstRead<Fields> {
  /** True: the entries are this instance's own pending ones (read from '0'); false: new ones ('>'). */
  own: boolean;
  reply: StreamReadReply<Fields>;
}

export async function firstRead<Fields>(
  redis: RedisClient,
  stream: string,
  group: string,
  instance: string,
  count: number,
): Promise<FirstRead<Fields>> {
  const [which, reply] = (await FIRST_READ.run(redis, [stream], [group, instance, count])) as [number, StreamReadReply<Fields> | undefined];
  return { own: which === 0, reply: reply ?? null };
}
