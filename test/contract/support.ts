// Shared pieces of the contract suite: one console per file, bridges per kind, typed helpers.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { createConsole, type ConsoleService } from '../../electron/console';
import type { EventName, Events } from '../../shared/api';
import { cleanupPattern, connectShared, SHARED_REDIS_URL } from '../helpers/redis';
import type { Bridge } from '../../shared/bridge';
export { eventually, sleep, value } from '../helpers/wait';

/** Waits until the pushed events of one kind satisfy `until`, returning all seen. */
export function collect<E extends EventName>(
  bridge: Bridge,
  event: E,
  until: (all: Array<Events[E]>) => boolean,
  timeoutMs = 10_000,
): { done: Promise<Array<Events[E]>>; stop(): void } {
  const all: Array<Events[E]> = [];
  let off = () => undefined as void;
  const done = new Promise<Array<Events[E]>>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${event}: ${all.length} events seen`));
    }, timeoutMs);
    off = bridge.on(event, (payload) => {
      all.push(payload);
      if (until(all)) {
        clearTimeout(timer);
        off();
        resolve(all);
      }
    });
  });
  return { done, stop: () => off() };
}

/**
 * One console per test file against the shared Redis. Streams pushed to `created` are removed
 * afterwards with their dead letters and presence keys.
 */
export function useSharedConsole(): { readonly service: ConsoleService; redis: Redis; created: string[] } {
  let service: ConsoleService | undefined;
  const redis = connectShared();
  const created: string[] = [];
  beforeAll(async () => {
    service = await createConsole({ redis: SHARED_REDIS_URL });
  });
  afterAll(async () => {
    await service?.close();
    for (const stream of created) {
      await redis.del(stream, `${stream}.dead-letter`);
      await cleanupPattern(redis, `streamscope:*{${stream}}*`);
    }
    redis.disconnect();
  });
  return {
    get service() {
      if (!service) throw new Error('the console starts in beforeAll');
      return service;
    },
    redis,
    created,
  };
}
