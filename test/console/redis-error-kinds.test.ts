// Redis's refusals provoked on real servers (private redis-servers on free loopback ports): an ACL
// user without stream commands (NOPERM), a replica (READONLY) and a server loading its data set
// (LOADING). The console's reply keeps Redis's own words first and then says what the kind means in
// plain words; a running engine subscription reports the same kinds in its `error` events.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type ConsoleService } from '../../electron/console';
import { EventConsumer, EventStreamService, eventStream, type EngineEvents } from '../../electron/engine';
import type { Reply } from '../../shared/reply';
import { startRedisServer, type SecurityRedis } from '../security/support/redis-server';
import { eventually } from '../helpers/wait';

const PASSWORD = 'kinds-Pw_9x';

/** The error a reply carries; fails the test when the call succeeded. */
function refusal(reply: Reply<unknown>): { code: string; message: string } {
  if (reply.ok) throw new Error(`expected a refusal, got ${JSON.stringify(reply.value).slice(0, 200)}`);
  return reply.error;
}

/** An engine service that records its `error` events, reading `stream` with short blocks and claim passes. */
async function engineOn(url: string, stream: string) {
  const errors: Array<EngineEvents['error']> = [];
  const service = new EventStreamService({ redis: url, service: 'kinds', instance: 'kinds-1', presence: { heartbeatMs: 100 } });
  service.events.on('error', (e) => errors.push(e));
  await service.subscribe(
    eventStream<unknown>(stream),
    EventConsumer.immediate(() => undefined),
    { blockMs: 50, claimIdleMs: 200, from: '0' },
  );
  return { service, errors };
}

describe('NOPERM: an ACL user without stream commands', () => {
  let redis: SecurityRedis;
  let service: ConsoleService;

  beforeAll(async () => {
    redis = await startRedisServer({
      args: () => [
        '--user', 'default', 'on', 'nopass', '~*', '&*', '+@all',
        '--user', 'nostreams', 'on', `>${PASSWORD}`, '~*', '&*', '+@all', '-@stream', '-publish',
        '--user', 'reader', 'on', `>${PASSWORD}`, '~*', '&*', '+@all',
      ], // prettier-ignore
    });
    await redis.admin.xadd('orders', '*', 'msg', '{"n":1}');
    service = await createConsole({ redis: `redis://nostreams:${PASSWORD}@127.0.0.1:${redis.port}`, embedded: false });
  }, 30_000);
  afterAll(async () => {
    await service?.close();
    await redis?.stop();
  });

  it('entries.page, publish.event and publish.broadcast are refused naming the missing permission', async () => {
    for (const [method, args] of [
      ['entries.page', { stream: 'orders' }],
      ['publish.event', { stream: 'orders', json: '{"n":2}' }],
      ['publish.broadcast', { channel: 'alerts', json: '{}' }],
    ] as const) {
      const error = refusal(await service.dispatch(method, args));
      expect(error.code, method).toBe('redis_error');
      expect(error.message, method).toMatch(/^NOPERM .* — no permission: the Redis ACL user may not run this command/);
    }
    expect(await redis.admin.xlen('orders')).toBe(1);
  });

  it('a running subscription whose user loses XREADGROUP reports no_perm in its error events', async () => {
    const { service: engine, errors } = await engineOn(`redis://reader:${PASSWORD}@127.0.0.1:${redis.port}`, 'orders');
    try {
      await redis.admin.call('ACL', 'SETUSER', 'reader', '-xreadgroup');
      const seen = await eventually(() => errors.find((e) => e.kind === 'no_perm'), 15_000, 'an error event of kind no_perm');
      expect(seen).toMatchObject({ stream: 'orders', group: 'kinds', instance: 'kinds-1', context: 'read' });
      expect(seen.error).toMatch(/^NOPERM .*xreadgroup.* — no permission/i);
    } finally {
      await redis.admin.call('ACL', 'SETUSER', 'reader', '+xreadgroup');
      await engine.close();
    }
  });
});

describe('READONLY: writes sent to a replica', () => {
  let primary: SecurityRedis;
  let replica: SecurityRedis;
  let service: ConsoleService;

  beforeAll(async () => {
    primary = await startRedisServer();
    replica = await startRedisServer({ args: () => ['--replicaof', '127.0.0.1', String(primary.port)] });
    // Past the first sync (a replica loading its master's data answers LOADING, not READONLY).
    await eventually(async () => /master_link_status:up/.test(await replica.admin.info('replication')), 15_000, 'the replica in sync');
    service = await createConsole({ redis: `redis://127.0.0.1:${replica.port}`, embedded: false });
  }, 30_000);
  afterAll(async () => {
    await service?.close();
    await replica?.stop();
    await primary?.stop();
  });

  it('publish.event and groups.create are refused saying this is a read-only replica', async () => {
    for (const [method, args] of [
      ['publish.event', { stream: 'orders', json: '{"n":1}' }],
      ['groups.create', { stream: 'orders', group: 'billing', mkstream: true }],
    ] as const) {
      const error = refusal(await service.dispatch(method, args));
      expect(error.code, method).toBe('redis_error');
      expect(error.message, method).toMatch(/^READONLY .* — this Redis is a read-only replica; writes go to its master$/);
    }
    // Reads still work on the replica.
    expect(await service.dispatch('streams.list', {})).toMatchObject({ ok: true });
  });

  it('a subscription on a server that becomes a replica reports read_only in its error events', async () => {
    const server = await startRedisServer();
    const { service: engine, errors } = await engineOn(`redis://127.0.0.1:${server.port}`, 'orders');
    try {
      await server.admin.call('REPLICAOF', '127.0.0.1', String(primary.port));
      const seen = await eventually(() => errors.find((e) => e.kind === 'read_only'), 15_000, 'an error event of kind read_only');
      expect(seen).toMatchObject({ stream: 'orders', group: 'kinds' });
      expect(seen.error).toMatch(/^READONLY .* — this Redis is a read-only replica/);
    } finally {
      await engine.close();
      await server.stop();
    }
  });
});

describe('LOADING: a server loading its data set', () => {
  let redis: SecurityRedis;
  let reloader: Redis;
  let service: ConsoleService;

  beforeAll(async () => {
    redis = await startRedisServer({ args: () => ['--enable-debug-command', 'yes'] });
    await redis.admin.xadd('orders', '*', 'msg', '{"n":1}');
    // Enough keys, each loaded with a pause, that the load lasts a while; other clients are
    // answered (LOADING) every KB of the file rather than every 2 MB.
    await redis.admin.call('DEBUG', 'POPULATE', '40000', 'filler', '16');
    await redis.admin.call('CONFIG', 'SET', 'key-load-delay', '50');
    await redis.admin.call('CONFIG', 'SET', 'loading-process-events-interval-bytes', '1024');
    reloader = redis.admin.duplicate();
    reloader.on('error', () => undefined);
    service = await createConsole({ redis: `redis://127.0.0.1:${redis.port}`, embedded: false });
  }, 30_000);
  afterAll(async () => {
    reloader?.disconnect();
    await service?.close();
    await redis?.stop();
  });

  it('entries.page says Redis is still loading, the engine reports loading, and both recover', { timeout: 60_000 }, async () => {
    const { service: engine, errors } = await engineOn(`redis://127.0.0.1:${redis.port}`, 'orders');
    try {
      const reloaded = reloader.call('DEBUG', 'RELOAD');
      const error = await eventually(
        async () => {
          const reply = await service.dispatch('entries.page', { stream: 'orders' });
          return !reply.ok && reply.error;
        },
        30_000,
        'entries.page refused while loading',
      );
      expect(error.code).toBe('redis_error');
      expect(error.message).toMatch(/^LOADING .* — Redis is still loading its data set into memory; try again once it has loaded$/);
      const seen = await eventually(() => errors.find((e) => e.kind === 'loading'), 30_000, 'an error event of kind loading');
      expect(seen.stream).toBe('orders');
      expect(seen.error).toMatch(/^LOADING .* — Redis is still loading/);
      expect(await reloaded).toBe('OK');
      expect(await service.dispatch('entries.page', { stream: 'orders' })).toMatchObject({ ok: true });
    } finally {
      await engine.close();
    }
  });
});
