// Shared-Redis hygiene: every name a run creates carries one unique token, and the run deletes
// every key matching that token afterwards (never FLUSHALL: others use this server).
import { randomBytes } from 'node:crypto';
import type { Redis, RedisOptions } from 'ioredis';
import { MSG_FIELD } from '../drivers/types';
import { benchEvent } from './payload';

export function uniqueToken(): string {
  return `bench-${randomBytes(4).toString('hex')}`;
}

/** ioredis options from a redis:// URL, for libraries (BullMQ) that take options, not URLs. */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const parsed = new URL(url);
  if (parsed.protocol !== 'redis:') throw new Error(`--redis must be a redis:// URL, got '${url}'`);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username || undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
  };
}

/** Delete every key whose name contains `token`; returns how many went. */
export async function deleteKeysContaining(redis: Redis, token: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `*${token}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

export async function redisVersion(redis: Redis): Promise<string> {
  const info = await redis.info('server');
  return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
}

/** Appends `entries` bench events (seq 0…entries−1, UCloud format) to `key`, `chunk` XADDs per pipeline. */
export async function fillStream(redis: Redis, key: string, entries: number, chunk = 5_000): Promise<void> {
  for (let seq = 0; seq < entries; seq += chunk) {
    const pipeline = redis.pipeline();
    for (let i = seq; i < Math.min(entries, seq + chunk); i++) pipeline.xadd(key, '*', MSG_FIELD, JSON.stringify(benchEvent(i, 0)));
    await pipeline.exec();
  }
}

/** CPU time the Redis server has used (INFO cpu: its main thread and the rest, user + system), in µs. */
export async function redisCpuUs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const seconds = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
  return (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6;
}

/** Calls per command from INFO commandstats, for counting round trips a scenario caused. */
export async function commandCalls(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info('commandstats');
  const calls = new Map<string, number>();
  for (const match of info.matchAll(/cmdstat_([^:]+):calls=(\d+)/g)) calls.set(match[1], Number(match[2]));
  return calls;
}

export function callsBetween(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [command, calls] of after) {
    const d = calls - (before.get(command) ?? 0);
    if (d > 0) delta[command] = d;
  }
  return delta;
}

/** Runs a profiling script's main, then deletes every key carrying its token and disconnects, whatever happened. */
export function runThenClean(main: () => Promise<void>, redis: Redis, token: string): void {
  main()
    .finally(async () => {
      await deleteKeysContaining(redis, token);
      redis.disconnect();
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
