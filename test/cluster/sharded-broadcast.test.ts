// Sharded pub/sub (Redis 7 SSUBSCRIBE/SPUBLISH) through the console, next to classic channels: on a
// local Redis Cluster the console lists shard channels from every master with their subscribers,
// subscribes to one (receiving what an engine RedisBroadcastingStream with `sharded: true`
// publishes), publishes with SPUBLISH to engine subscribers, and keeps the two kinds apart; on one
// server the same works; a sharded pattern subscription is refused with the reason.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type ConsoleService } from '../../electron/console';
import { RedisBroadcastingStream } from '../../electron/engine';
import type { Results } from '../../shared/api';
import type { MethodName } from '../../shared/schemas';
import { collect, eventually, onConsoleEvent, value } from '../console/support';
import { SHARED_REDIS_URL } from '../helpers/redis';
import { missingRedisTools, startCluster, until, type TestCluster } from './cluster';

/** Preferred first port; the fixture moves to a free range if it is taken. */
const BASE = 7471;
const missing = missingRedisTools();

async function shardedCase(service: ConsoleService, engineRedis: () => ConstructorParameters<typeof RedisBroadcastingStream>[0]['redis']) {
  const call = async <M extends MethodName>(method: M, args: Record<string, unknown>): Promise<Results[M]> =>
    value(await service.dispatch(method, args)) as Results[M];
  const channel = `sharded-${randomBytes(4).toString('hex')}`;
  const app = new RedisBroadcastingStream({ redis: engineRedis(), sharded: true });
  const heardByApp: unknown[] = [];
  try {
    const unsubscribeApp = await app.subscribe(channel, (m) => void heardByApp.push(m));
    const messages = collect<'broadcast.messages'>(onConsoleEvent(service, 'broadcast.messages'), (all) =>
      all.some((b) => b.messages.some((m) => m.payload === '{"from":"engine"}')),
    );
    const sharded = await call('broadcast.subscribe', { channel, sharded: true });
    const classic = await call('broadcast.subscribe', { channel });

    // Listed as sharded with the app's and the console's subscribers, from the shard's own master.
    const listed = (await call('broadcast.channels', { pattern: channel })).filter((c) => c.name === channel);
    expect(listed.filter((c) => c.sharded)).toEqual([
      { name: channel, sharded: true, subscribers: 2, messagesPerSec: null, rateSource: 'not-measured' },
    ]);
    // The classic channel of the same name is listed next to it, with the console's one subscriber
    // (on a cluster, whichever node that subscriber is connected to).
    expect(listed.filter((c) => !c.sharded)).toEqual([expect.objectContaining({ name: channel, subscribers: 1 })]);

    // The engine's SPUBLISH reaches the console's sharded subscription only.
    const publisher = new RedisBroadcastingStream({ redis: engineRedis(), sharded: true });
    try {
      expect(await publisher.broadcast({ from: 'engine' }, channel)).toBe(2);
    } finally {
      await publisher.close();
    }
    const got = (await messages).flatMap((b) => b.messages).filter((m) => m.channel === channel);
    expect(got.map((m) => [m.subscriptionId, m.sharded, m.payload])).toEqual([[sharded.subscriptionId, true, '{"from":"engine"}']]);

    // The console's SPUBLISH reaches the engine's sharded subscriber (and its own), a classic PUBLISH does not.
    expect(await call('publish.broadcast', { channel, json: '{"from":"console"}', sharded: true })).toEqual({ receivers: 2 });
    await until(() => heardByApp.length === 2, 'the engine subscriber to hear the console');
    expect(heardByApp).toEqual([{ from: 'engine' }, { from: 'console' }]);
    // The console's classic subscription hearing it shows the PUBLISH was delivered; a sharded
    // message sent after it then reaches the engine subscriber with nothing classic before it.
    const classicHeard = collect<'broadcast.messages'>(onConsoleEvent(service, 'broadcast.messages'), (all) =>
      all.some((b) => b.messages.some((m) => m.subscriptionId === classic.subscriptionId && m.payload === '{"from":"classic"}')),
    );
    await call('publish.broadcast', { channel, json: '{"from":"classic"}' });
    await classicHeard;
    await call('publish.broadcast', { channel, json: '{"from":"after"}', sharded: true });
    await until(() => heardByApp.length === 3, 'the engine subscriber to hear the sharded message sent after the classic one');
    expect(heardByApp).toEqual([{ from: 'engine' }, { from: 'console' }, { from: 'after' }]);

    await unsubscribeApp();
    await call('broadcast.unsubscribe', { subscriptionId: sharded.subscriptionId });
    await call('broadcast.unsubscribe', { subscriptionId: classic.subscriptionId });
    const after = (await call('broadcast.channels', { pattern: channel })).filter((c) => c.name === channel && c.sharded);
    expect(after).toEqual([]);
  } finally {
    await app.close();
  }
}

describe.skipIf(missing !== null)(`sharded pub/sub on Redis Cluster${missing ? ` — skipped: ${missing}` : ''}`, () => {
  let cluster: TestCluster;
  let service: ConsoleService;

  beforeAll(async () => {
    cluster = await startCluster(BASE);
    service = await createConsole({ redis: `redis://127.0.0.1:${cluster.ports[1]}?cluster=true`, embedded: false });
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    if (cluster) await cluster.stop();
  }, 30_000);

  it('lists, subscribes to and publishes on a shard channel, apart from the classic channel of the same name', async () => {
    await shardedCase(service, () => cluster.connect());
  });

  it('lists a classic channel once with the subscribers of every node added up (each node knows only its own)', async () => {
    const channel = `classic-${randomBytes(4).toString('hex')}`;
    // One subscriber on each node, masters and replicas: PUBSUB CHANNELS/NUMSUB on any one node sees one.
    const subscribers = cluster.ports.map((port) => cluster.node(port));
    await Promise.all(subscribers.map((node) => node.subscribe(channel)));
    // A replica is listed by CLUSTER SLOTS (and so asked) once it has synced, which may be a moment after the cluster starts.
    const listed = await eventually(
      async () => {
        const channels = value(await service.dispatch('broadcast.channels', { pattern: channel })) as Results['broadcast.channels'];
        return channels[0]?.subscribers === cluster.ports.length && channels;
      },
      20_000,
      'the subscribers of all six nodes',
    ).catch(async () => value(await service.dispatch('broadcast.channels', { pattern: channel })));
    expect(listed).toEqual([{ name: channel, subscribers: cluster.ports.length, messagesPerSec: null, rateSource: 'not-measured' }]);
    await Promise.all(subscribers.map((node) => node.unsubscribe(channel)));
    expect(value(await service.dispatch('broadcast.channels', { pattern: channel }))).toEqual([]);
  });

  it('refuses a sharded pattern subscription, saying why', async () => {
    const reply = await service.dispatch('broadcast.subscribe', { channel: 'x*', isPattern: true, sharded: true });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(!reply.ok && reply.error.message).toBe(
      'broadcast.subscribe: sharded: a sharded subscription names one channel: Redis has no sharded pattern subscription',
    );
  });
});

describe('sharded pub/sub on one server', () => {
  let service: ConsoleService;
  beforeAll(async () => {
    service = await createConsole({ redis: SHARED_REDIS_URL });
  });
  afterAll(async () => {
    await service?.close();
  });

  it('works the same as on a cluster', async () => {
    await shardedCase(service, () => SHARED_REDIS_URL);
  });
});
