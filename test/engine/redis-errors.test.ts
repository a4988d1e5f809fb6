// Redis errors are classified by what Redis replies (its error prefix) and by how a connection
// fails, against the real server: each kind is provoked and read back.
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { isMissingStreamOrGroup, redisErrorKind, redisErrorText } from '../../electron/engine/redis-errors';
import { cleanupKeys, connectShared, uniqueName } from '../helpers/redis';

const redis = connectShared();
const keys: string[] = [];
const key = (prefix: string) => {
  const name = uniqueName(`redis-errors-${prefix}`);
  keys.push(name);
  return name;
};

const failure = async (command: Promise<unknown>): Promise<unknown> =>
  command.then(
    () => {
      throw new Error('the command was expected to fail');
    },
    (error: unknown) => error,
  );

afterAll(async () => {
  await cleanupKeys(redis, keys);
  redis.disconnect();
});

describe('redisErrorKind', () => {
  it('reads BUSYGROUP from XGROUP CREATE of a group that exists', async () => {
    const stream = key('busy');
    await redis.xgroup('CREATE', stream, 'g', '0', 'MKSTREAM');
    expect(redisErrorKind(await failure(redis.xgroup('CREATE', stream, 'g', '0')))).toBe('busy_group');
  });

  it('reads NOGROUP from XREADGROUP on a missing group, and calls it a missing stream or group', async () => {
    const stream = key('nogroup');
    await redis.xadd(stream, '*', 'f', 'v');
    const error = await failure(redis.xreadgroup('GROUP', 'missing', 'c', 'STREAMS', stream, '>'));
    expect(redisErrorKind(error)).toBe('no_group');
    expect(isMissingStreamOrGroup(error)).toBe(true);
  });

  it('reads a missing key from XINFO STREAM and XGROUP CREATE without MKSTREAM', async () => {
    const stream = key('missing');
    expect(redisErrorKind(await failure(redis.xinfo('STREAM', stream)))).toBe('no_such_key');
    expect(redisErrorKind(await failure(redis.xgroup('CREATE', stream, 'g', '0')))).toBe('no_such_key');
  });

  it('reads WRONGTYPE from a stream command on a string', async () => {
    const name = key('wrongtype');
    await redis.set(name, 'text');
    expect(redisErrorKind(await failure(redis.xlen(name)))).toBe('wrong_type');
  });

  it('reads NOSCRIPT from EVALSHA of an unknown script', async () => {
    expect(redisErrorKind(await failure(redis.evalsha('0'.repeat(40), 0)))).toBe('no_script');
  });

  it('reads EXECABORT from a transaction with a refused command', async () => {
    const error = await failure(redis.multi().call('XADD', key('abort')).exec());
    expect(redisErrorKind(error)).toBe('exec_abort');
  });

  it('reads a command or subcommand the server does not have as unknown_command', async () => {
    const subcommand = await failure(redis.call('PUBSUB', 'NOSUCH'));
    expect((subcommand as Error).message).toMatch(/^ERR unknown subcommand/);
    expect(redisErrorKind(subcommand)).toBe('unknown_command');
    expect(redisErrorText(subcommand)).toMatch(/ — this Redis does not have the command/);
    expect(redisErrorKind(await failure(redis.call('NOSUCHCOMMAND', 'x')))).toBe('unknown_command');
    // A known subcommand with bad arguments is not unknown.
    expect(redisErrorKind(await failure(redis.call('PUBSUB', 'NUMPAT', 'extra')))).toBe('other');
  });

  it('leaves other refusals as other', async () => {
    expect(redisErrorKind(await failure(redis.call('XADD', key('other'), 'not-an-id', 'f', 'v')))).toBe('other');
    expect(redisErrorKind(new Error('BUSYGROUP written by hand, not by Redis'))).toBe('other');
    expect(redisErrorKind('BUSYGROUP')).toBe('other');
  });

  it('reads the last reply of a cluster client that gave up following redirections, and words it as such', () => {
    const moved = new Error('Too many Cluster redirections. Last error: ReplyError: MOVED 5560 127.0.0.1:7312');
    expect(redisErrorKind(moved)).toBe('moved');
    expect(redisErrorText(moved)).toMatch(/ — the cluster client gave up following the Redis Cluster's redirections/);
    expect(redisErrorText(moved)).not.toMatch(/\?cluster=true/);
    const down = new Error('Too many Cluster redirections. Last error: ReplyError: CLUSTERDOWN Hash slot not served');
    expect(redisErrorText(down)).toMatch(/ — the Redis Cluster cannot serve this key/);
    expect(redisErrorKind(new Error('Too many Cluster redirections. Last error: Error: Connection is closed.'))).toBe('not_connected');
  });

  it('reads a refused connection as not connected', async () => {
    // Port 1 on loopback: nothing listens there.
    const nowhere = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    const error = await failure(nowhere.connect());
    nowhere.disconnect();
    expect(redisErrorKind(error)).toBe('not_connected');
  });
});
