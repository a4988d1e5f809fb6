// Broadcast rate measurement and PUBLISH receiver counts: a measurement asked for while Redis is not
// there answers not_connected at once (instead of waiting for Redis), and while a measurement runs
// its own pattern subscription (which hears every PUBLISH) is taken out of the receiver counts of
// single sends and of publish jobs, saying how many were taken out. On a private server, so no
// other console's measurement counts too.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type ConsoleService } from '../../electron/console';
import type { PublishJob } from '../../shared/dto';
import { freePort, startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { eventually, value } from '../helpers/wait';

describe('broadcast.measureRates without Redis', () => {
  it('answers not_connected instead of waiting for Redis', async () => {
    const service = await createConsole({ redis: `redis://127.0.0.1:${await freePort()}`, embedded: false });
    try {
      const reply = await service.dispatch('broadcast.measureRates', {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'not_connected' } });
    } finally {
      await service.close();
    }
  });
});

describe('PUBLISH receiver counts while rates are measured', () => {
  let redis: PrivateRedis;
  let admin: Redis;
  let app: Redis;
  let service: ConsoleService;
  const channel = 'h-faults-alerts';

  beforeAll(async () => {
    redis = await startPrivateRedis({ appendonly: false });
    admin = new Redis(redis.url);
    app = new Redis(redis.url);
    await app.subscribe(channel); // the one application subscriber
    service = await createConsole({ redis: redis.url, embedded: false });
  }, 30_000);
  afterAll(async () => {
    app?.disconnect();
    admin?.disconnect();
    await service?.close();
    await redis?.dispose();
  });

  const publish = async (args: Record<string, unknown> = {}) =>
    value(await service.dispatch('publish.broadcast', { channel, json: '{"n":1}', ...args })) as {
      receivers: number;
      ownExcluded?: number;
    };

  const job = async (count: number): Promise<PublishJob> => {
    const started = value(
      await service.dispatch('publish.start', { target: { kind: 'broadcast', name: channel }, template: '{}', count, ratePerSec: 1000 }),
    ) as PublishJob;
    return eventually(
      async () =>
        (value(await service.dispatch('publish.jobs', {})) as PublishJob[]).find((j) => j.jobId === started.jobId && j.state === 'done'),
      10_000,
      'the publish job done',
    );
  };

  it('counts the application subscriber only, and says when the measurement was left out', async () => {
    expect(await publish()).toEqual({ receivers: 1 });

    const { measureId } = value(await service.dispatch('broadcast.measureRates', {})) as { measureId: string };
    // Redis itself now counts two receivers: the application and the measurement's pattern subscription.
    await eventually(async () => (await admin.publish(channel, '{}')) === 2, 10_000, 'the measurement subscribed');
    expect(await publish()).toEqual({ receivers: 1, ownExcluded: 1 });
    expect(await job(3)).toMatchObject({ sent: 3, receivers: 3, ownExcluded: 3 });
    // SPUBLISH reaches no pattern subscription: nothing to take out.
    expect(await publish({ sharded: true })).toEqual({ receivers: 0 });

    expect(value(await service.dispatch('broadcast.stopRates', { measureId }))).toEqual({ stopped: true });
    await eventually(async () => (await admin.publish(channel, '{}')) === 1, 10_000, 'the measurement unsubscribed');
    expect(await publish()).toEqual({ receivers: 1 });
    const after = await job(2);
    expect(after).toMatchObject({ sent: 2, receivers: 2 });
    expect(after.ownExcluded).toBeUndefined();
  });
});
