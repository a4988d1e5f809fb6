// Closing the console's areas: one whose close fails is reported by name, and the areas before and
// after it in the closing order still close (a live tail's connection is let go on the real Redis).
import { afterAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { callerOfNoPage } from '../../electron/console/callers';
import type { Area, ConsoleContext } from '../../electron/console/context';
import { createEntriesArea } from '../../electron/console/entries';
import { closeAreas } from '../../electron/console/service';
import { connectShared, uniqueName } from '../helpers/redis';
import { eventually } from '../helpers/wait';

/** A context on the shared Redis whose feeds go nowhere: enough for an area to serve and close. */
function sharedContext(redis: Redis): ConsoleContext {
  const noop = () => undefined;
  return {
    redis: () => redis,
    duplicate: (connectionName) => redis.duplicate({ connectionName }),
    release: (c) => c.disconnect(),
    redisUrl: () => '',
    redisOptions: () => ({}),
    key: (name) => name,
    name: (key) => String(key),
    emit: noop,
    feeds: { follow: noop, unfollow: noop, followed: () => [], end: noop, emit: noop },
  };
}

const clientNames = async (redis: Redis) =>
  String(await redis.client('LIST'))
    .split('\n')
    .map((line) => /\bname=(\S*)/.exec(line)?.[1] ?? '');

describe('closing the areas', () => {
  const redis = connectShared();
  const stream = uniqueName('area-close');

  afterAll(async () => {
    await redis.del(stream);
    redis.disconnect();
  });

  it('goes on past an area whose close throws, and reports that area and its error', async () => {
    await redis.xadd(stream, '*', 'n', '1');
    const entries = createEntriesArea(sharedContext(redis));
    const { tailId } = await entries.handlers['entries.tail']!({ stream }, callerOfNoPage());
    const tailConnection = `streamscope:tail:${tailId}`;
    await eventually(async () => (await clientNames(redis)).includes(tailConnection), 5_000, 'the tail connection to be open');

    const closed: string[] = [];
    const failing: Area = {
      handlers: { 'prune.preview': () => Promise.reject(new Error('not served')) },
      close: () => {
        closed.push('prune');
        throw new Error('the prune job would not stop');
      },
    };
    const lastBuilt: Area = { handlers: {}, close: async () => void closed.push('last built') };
    const problems: string[] = [];

    // Closed in reverse: the last built first, then the failing one, then entries.
    await closeAreas([entries, failing, lastBuilt], (problem) => problems.push(problem));

    expect(closed).toEqual(['last built', 'prune']);
    expect(problems).toEqual(['closing the prune area failed: the prune job would not stop']);
    await eventually(async () => !(await clientNames(redis)).includes(tailConnection), 5_000, 'the tail connection to be let go');
  });
});
