// Counting inside Redis: Lua scripts that walk a stream (or a pending list) and return numbers and
// ids only, so entry payloads never cross the network whatever their size. Each walks in chunks of
// CHUNK entries with a hard bound, and touches one key (cluster-safe). Measured on Redis 7.0 (this
// repo's docs/lag-and-rates.md): about 1 µs of Redis time per entry walked.
import { createHash } from 'node:crypto';
import type { RedisKey } from 'ioredis';
import type { RedisClient } from '../engine';
import { redisKey } from './redis-key';

/** Entries per XRANGE inside a script: small, so a stream of large entries stays cheap in Lua memory. */
export const CHUNK = 100;

class Script {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** EVALSHA, sending the script itself the first time a server (or node) has not seen it. */
  async run(redis: RedisClient, key: RedisKey, args: Array<string | number | Buffer>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, 1, key, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, 1, key, ...args);
    }
  }
}

/**
 * Entries with id in (after, until): walked forward from `after` until `until` (exclusive, or '+')
 * or until more than `limit` were seen. With `behindBudget` > 0 (and until = '+') it also walks the
 * entries up to `after` from the start of the stream — once the forward walk has passed
 * `behindAfter` entries, so a small lag costs nothing extra — alternating, and answers XLEN − behind
 * when that side ends first: a group near the start of a long stream is counted exactly too.
 * Returns [exact 1|0, count, first id after `after` or '', entries walked].
 */
const COUNT_AFTER = new Script(`
local key, after, upto = KEYS[1], ARGV[1], ARGV[2]
local limit, behindBudget, behindAfter, chunk = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local ahead, behind, walked, first = 0, 0, 0, ''
local a, b = '(' .. after, '-'
local behindOpen = behindBudget > 0
while true do
  local r = redis.call('XRANGE', key, a, upto, 'COUNT', chunk)
  walked = walked + #r
  if #r > 0 then
    if first == '' then first = r[1][1] end
    ahead = ahead + #r
    a = '(' .. r[#r][1]
  end
  if #r < chunk then return {1, ahead, first, walked} end
  if ahead > limit then return {0, ahead, first, walked} end
  if behindOpen and ahead >= behindAfter then
    local s = redis.call('XRANGE', key, b, after, 'COUNT', chunk)
    walked = walked + #s
    behind = behind + #s
    if #s < chunk then return {1, redis.call('XLEN', key) - behind, first, walked} end
    b = '(' .. s[#s][1]
    behindOpen = behind < behindBudget
  end
end`);

export interface CountAfter {
  /** False when the walk stopped at its bound: `count` is then a lower bound. */
  exact: boolean;
  count: number;
  /** The first entry after `after` (the oldest one not yet delivered, for a group), or null. */
  firstId: string | null;
  /** Entries the script walked: its cost. */
  walked: number;
}

export async function countAfter(
  redis: RedisClient,
  key: RedisKey,
  opts: { after: string; until?: string; limit: number; behindBudget?: number; behindAfter?: number; chunk?: number },
): Promise<CountAfter> {
  const until = opts.until ? `(${opts.until}` : '+';
  const behind = opts.until ? 0 : (opts.behindBudget ?? 0);
  const [exact, count, first, walked] = (await COUNT_AFTER.run(redis, key, [
    opts.after,
    until,
    opts.limit,
    behind,
    opts.behindAfter ?? 0,
    opts.chunk ?? CHUNK,
  ])) as [number, number, string, number];
  return { exact: Number(exact) === 1, count: Number(count), firstId: first ? String(first) : null, walked: Number(walked) };
}

/** 1 for each id still in the stream, 0 for each one that is gone (deleted or trimmed). */
const EXISTING = new Script(`
local out = {}
for i = 1, #ARGV do
  out[i] = #redis.call('XRANGE', KEYS[1], ARGV[i], ARGV[i]) > 0 and 1 or 0
end
return out`);

/** Which of `ids` are no longer in the stream. */
export async function missingIds(redis: RedisClient, key: RedisKey, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const present = (await EXISTING.run(redis, key, ids)) as number[];
  return new Set(ids.filter((_, i) => Number(present[i]) !== 1));
}

/**
 * Walks a group's pending list (optionally one consumer's) in id order, at most ARGV[3] ids, and
 * finds the ids whose entry is gone from the stream; with ARGV[4] = 1 it also XACKs them, in the
 * same script (no entry can come back under a deleted id, so nothing else could change the answer).
 * Returns [pending ids scanned, 1 if the whole list was scanned, gone ids found, acked].
 */
const PENDING_GONE = new Script(`
local key, group, consumer = KEYS[1], ARGV[1], ARGV[2]
local limit, ack, chunk = tonumber(ARGV[3]), ARGV[4] == '1', tonumber(ARGV[5])
local start, scanned, gone, acked = '-', 0, 0, 0
while scanned < limit do
  local page
  if consumer == '' then
    page = redis.call('XPENDING', key, group, start, '+', chunk)
  else
    page = redis.call('XPENDING', key, group, start, '+', chunk, consumer)
  end
  for i = 1, #page do
    local id = page[i][1]
    if #redis.call('XRANGE', key, id, id) == 0 then
      gone = gone + 1
      if ack then acked = acked + redis.call('XACK', key, group, id) end
    end
  end
  scanned = scanned + #page
  if #page < chunk then return {scanned, 1, gone, acked} end
  start = '(' .. page[#page][1]
end
return {scanned, 0, gone, acked}`);

export interface PendingGone {
  scanned: number;
  complete: boolean;
  gone: number;
  acked: number;
}

export async function pendingGone(
  redis: RedisClient,
  key: RedisKey,
  opts: { group: string; consumer?: string; limit: number; ack: boolean },
): Promise<PendingGone> {
  const [scanned, complete, gone, acked] = (await PENDING_GONE.run(redis, key, [
    redisKey(opts.group),
    opts.consumer === undefined ? '' : redisKey(opts.consumer),
    opts.limit,
    opts.ack ? 1 : 0,
    CHUNK,
  ])) as number[];
  return { scanned: Number(scanned), complete: Number(complete) === 1, gone: Number(gone), acked: Number(acked) };
}

/**
 * Dead letters of one original entry: walks the dead-letter stream from `from` (inclusive) for at
 * most `limit` entries and returns those whose `originalId` field is ARGV[1] (flat field lists).
 * Returns [entries walked, 1 if the walk reached the end, id1, fields1, id2, fields2, …] (at most 100 matches).
 */
const DEAD_LETTERS_OF = new Script(`
local key, original, limit, chunk = KEYS[1], ARGV[1], tonumber(ARGV[3]), tonumber(ARGV[4])
local start, out = ARGV[2], {0, 0}
while out[1] < limit do
  local page = redis.call('XRANGE', key, start, '+', 'COUNT', chunk)
  out[1] = out[1] + #page
  for i = 1, #page do
    local f = page[i][2]
    for j = 1, #f - 1, 2 do
      if f[j] == 'originalId' and f[j + 1] == original and #out < 202 then
        out[#out + 1] = page[i][1]
        out[#out + 1] = f
        break
      end
    end
  end
  if #page < chunk then
    out[2] = 1
    return out
  end
  start = '(' .. page[#page][1]
end
return out`);

export interface DeadLettersOf {
  entries: Array<{ id: string; fields: Record<string, string> }>;
  walked: number;
  /** False when the walk stopped at `limit` before the end of the dead-letter stream. */
  complete: boolean;
}

export async function deadLettersOf(
  redis: RedisClient,
  key: RedisKey,
  originalId: string,
  opts: { from: string; limit: number },
): Promise<DeadLettersOf> {
  const reply = (await DEAD_LETTERS_OF.run(redis, key, [originalId, opts.from, opts.limit, CHUNK])) as unknown[];
  const entries: DeadLettersOf['entries'] = [];
  for (let i = 2; i + 1 < reply.length; i += 2) {
    const flat = reply[i + 1] as string[];
    const fields: Record<string, string> = {};
    for (let j = 0; j + 1 < flat.length; j += 2) fields[String(flat[j])] = String(flat[j + 1]);
    entries.push({ id: String(reply[i]), fields });
  }
  return { entries, walked: Number(reply[0]), complete: Number(reply[1]) === 1 };
}
