// A Lua script run by its SHA (EVALSHA), sending the source only when the server does not know it
// yet (first use, after a restart or SCRIPT FLUSH: NOSCRIPT). One round trip in the usual case.
import { createHash } from 'node:crypto';
import type { RedisClient } from './cluster';

const isNoScript = (e: unknown): boolean => e instanceof Error && e.message.startsWith('NOSCRIPT');

export class LuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: RedisClient, keys: Array<string | Buffer>, args: Array<string | number | Buffer>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (e) {
      if (!isNoScript(e)) throw e;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
