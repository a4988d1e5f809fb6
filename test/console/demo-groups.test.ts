// The demo creates its groups accepting only BUSYGROUP (the group is there already); any other
// XGROUP CREATE refusal stops the demo with Redis's reason.
import { afterAll, describe, expect, it } from 'vitest';
import { createConsole } from '../../electron/console';
import { createDemoGroups, DEMO_SERVICES } from '../../electron/console/demo';
import { startRedisServer } from '../security/support/redis-server';
import { cleanupKeys, connectShared, uniqueName } from '../helpers/redis';
import { value } from '../helpers/wait';

const redis = connectShared();
const keys: string[] = [];
afterAll(async () => {
  await cleanupKeys(redis, keys);
  redis.disconnect();
});

const groupsOf = async (key: string) =>
  ((await redis.xinfo('GROUPS', key)) as Array<Array<string | number>>).map((g) => ({
    name: String(g[g.indexOf('name') + 1]),
    lastDelivered: String(g[g.indexOf('last-delivered-id') + 1]),
  }));

describe('demo groups', () => {
  it('a group that exists already is kept as it is, and the others are created', async () => {
    const key = uniqueName('h-faults-demo');
    keys.push(key);
    const id = String(await redis.xadd(key, '*', 'msg', '{}'));
    await redis.xgroup('CREATE', key, DEMO_SERVICES[0], '$');
    await createDemoGroups(redis, key);
    await createDemoGroups(redis, key); // every group there: only BUSYGROUP replies, all accepted
    const groups = await groupsOf(key);
    expect(groups.map((g) => g.name).sort()).toEqual([...DEMO_SERVICES].sort());
    expect(groups.find((g) => g.name === DEMO_SERVICES[0])?.lastDelivered).toBe(id);
    expect(groups.find((g) => g.name === DEMO_SERVICES[1])?.lastDelivered).toBe('0-0');
  });

  it('any other refusal is passed on: a key of another type', async () => {
    const key = uniqueName('h-faults-demo-string');
    keys.push(key);
    await redis.set(key, 'not a stream');
    await expect(createDemoGroups(redis, key)).rejects.toThrow(/^WRONGTYPE/);
  });

  it('demo.start by a user without XGROUP fails naming the refusal, and leaves nothing running', { timeout: 30_000 }, async () => {
    const server = await startRedisServer({
      args: () => [
        '--user',
        'default',
        'on',
        'nopass',
        '~*',
        '&*',
        '+@all',
        '--user',
        'nogroups',
        'on',
        '>demo-Pw_1',
        '~*',
        '&*',
        '+@all',
        '-xgroup',
      ],
    });
    const service = await createConsole({ redis: `redis://nogroups:demo-Pw_1@127.0.0.1:${server.port}`, embedded: false });
    try {
      const reply = await service.dispatch('demo.start', {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'redis_error' } });
      expect(!reply.ok && reply.error.message).toMatch(/^NOPERM .*xgroup.* — no permission/i);
      expect(value(await service.dispatch('demo.status', {}))).toMatchObject({ running: false });
      expect(await server.admin.keys('demo-*')).toEqual([]);
    } finally {
      await service.close();
      await server.stop();
    }
  });
});
