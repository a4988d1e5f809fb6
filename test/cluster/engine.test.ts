// The engine on a real 3-master/3-replica Redis Cluster: produce/consume, group semantics,
// presence, prune, dead letters and their replay, prompt stop (CLIENT UNBLOCK on the right node),
// replica acknowledgement (WAIT) and broadcasting (classic and sharded pub/sub).
import { randomBytes } from 'node:crypto';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EventConsumer,
  EventStreamService,
  NotReplicatedError,
  RedisBroadcastingStream,
  deadLetterStream,
  eventStream,
  keySlot,
  masterAddressFor,
  previewPrune,
  prune,
  readDeadLetters,
  readPresence,
  replayDeadLetters,
  type DeliveryMeta,
} from '../../electron/engine';
import { missingRedisTools, startCluster, until, type TestCluster } from './cluster';

/** Preferred first port; the fixture moves to a free range if it is taken. */
const BASE = 7301;
const missing = missingRedisTools();
type Ev = { n: number };

describe.skipIf(missing !== null)(`engine on Redis Cluster (3 masters + 3 replicas)${missing ? ` — skipped: ${missing}` : ''}`, () => {
  let cluster: TestCluster;
  let admin: Cluster;
  const services: EventStreamService[] = [];
  const keys: string[] = [];

  beforeAll(async () => {
    cluster = await startCluster(BASE);
    admin = cluster.connect();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.close()));
    if (cluster) await cluster.stop();
  }, 30_000);

  const service = (name: string, extra: Partial<ConstructorParameters<typeof EventStreamService>[0]> = {}) => {
    const svc = new EventStreamService({
      redis: cluster.connect(),
      service: name,
      instance: 'pod-1',
      presence: { heartbeatMs: 200 },
      ...extra,
    });
    services.push(svc);
    return svc;
  };

  /** A fresh stream name whose slot is served by the master on `masterIndex` (0..2). */
  async function streamOn(masterIndex: number, prefix = 'cl'): Promise<string> {
    const wanted = cluster.ports[masterIndex];
    for (;;) {
      const name = `${prefix}-${randomBytes(4).toString('hex')}`;
      if ((await cluster.masterPortOf(name)) === wanted) {
        keys.push(name);
        return name;
      }
    }
  }

  it('computes the same slot as CLUSTER KEYSLOT, hash tags included', async () => {
    const node = cluster.node(cluster.ports[0]);
    const samples = [
      '',
      'a',
      'orders',
      '{orders}.dead-letter',
      'x{orders}y',
      '{}',
      '{}x',
      'a{}b{c}',
      '{a}{b}',
      'ünïcødé-ström',
      'streamscope:presence:{s}:g:i',
      '{{x}}',
    ];
    for (const key of samples) expect(keySlot(key), key).toBe(Number(await node.cluster('KEYSLOT', key)));
    expect(keySlot('{orders}.dead-letter')).toBe(keySlot('orders'));
  });

  it('produces and consumes on every master, each entry once, all acked', async () => {
    const streams = await Promise.all([0, 1, 2].map((i) => streamOn(i)));
    // The three streams really live on three different nodes.
    expect(new Set(streams.map((s) => masterAddressFor(admin, s))).size).toBe(3);
    const svc = service('billing');
    const seen = new Map<string, number[]>();
    for (const name of streams) {
      seen.set(name, []);
      await svc.subscribe(
        eventStream<Ev>(name),
        EventConsumer.immediate<Ev>((e) => void seen.get(name)?.push(e.n)),
        { from: '0', blockMs: 500 },
      );
    }
    for (const name of streams) {
      const producer = svc.createProducer(eventStream<Ev>(name));
      await producer.produce(Array.from({ length: 50 }, (_, n) => ({ n })));
      await producer.produce({ n: 50 });
    }
    await until(() => [...seen.values()].every((ns) => ns.length === 51), 'all entries delivered');
    for (const name of streams) {
      expect(seen.get(name)).toEqual(Array.from({ length: 51 }, (_, n) => n));
      await until(async () => Number(((await admin.xpending(name, 'billing')) as [number])[0]) === 0, `acks on ${name}`);
    }
  });

  it('keeps group semantics: every group sees all, instances of one group share', async () => {
    const name = await streamOn(1);
    const stream = eventStream<Ev>(name);
    const got = { a1: [] as number[], a2: [] as number[], b: [] as number[] };
    const a1 = service('group-a', { instance: 'a1' });
    const a2 = service('group-a', { instance: 'a2' });
    const b = service('group-b', { instance: 'b1' });
    await a1.subscribe(
      stream,
      EventConsumer.immediate<Ev>((e) => void got.a1.push(e.n)),
      { blockMs: 500 },
    );
    await a2.subscribe(
      stream,
      EventConsumer.immediate<Ev>((e) => void got.a2.push(e.n)),
      { blockMs: 500 },
    );
    await b.subscribe(
      stream,
      EventConsumer.immediate<Ev>((e) => void got.b.push(e.n)),
      { blockMs: 500 },
    );
    await a1.createProducer(stream).produce(Array.from({ length: 200 }, (_, n) => ({ n })));
    await until(() => got.a1.length + got.a2.length === 200 && got.b.length === 200, 'both groups complete');
    expect([...got.a1, ...got.a2].sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, n) => n));
    expect(got.b).toEqual(Array.from({ length: 200 }, (_, n) => n));
  });

  it('announces presence in the stream slot and leaves on stop', async () => {
    const name = await streamOn(2);
    const svc = service('presence-svc', { instance: 'pod-p' });
    const sub = await svc.subscribe(
      eventStream<Ev>(name),
      EventConsumer.immediate<Ev>(() => {}),
      { blockMs: 500 },
    );
    const [record] = await readPresence(admin, name);
    expect(record).toMatchObject({ group: 'presence-svc', instance: 'pod-p', live: true });
    await sub.stop();
    expect(await readPresence(admin, name)).toEqual([]);
  });

  it('stops promptly while blocked: CLIENT UNBLOCK reaches the node the reader blocks on', async () => {
    const name = await streamOn(0);
    const svc = service('unblock-svc', { presence: false });
    const blockMs = 20_000;
    const sub = await svc.subscribe(
      eventStream<Ev>(name),
      EventConsumer.immediate<Ev>(() => {}),
      { blockMs },
    );
    const reader = cluster.node(cluster.ports[0]);
    await until(async () => /cmd=xreadgroup/.test(String(await reader.client('LIST'))), 'the reader blocked in XREADGROUP');
    const started = Date.now();
    await sub.stop();
    // Without an UNBLOCK on the right node, stop() would wait out the whole block.
    expect(Date.now() - started).toBeLessThan(blockMs / 4);
  });

  it('dead-letters across slots (no transaction possible) and replays from there', async () => {
    const name = await streamOn(0, 'dl');
    keys.push(deadLetterStream(name));
    expect(keySlot(deadLetterStream(name))).not.toBe(keySlot(name));
    const svc = service('dl-svc', { presence: false });
    const attempts: DeliveryMeta[] = [];
    await svc.subscribe(
      eventStream<Ev>(name),
      EventConsumer.immediate<Ev>((_e, meta) => {
        attempts.push(meta);
        throw new Error('handler always fails');
      }),
      { maxDeliveries: 2, retryBaseMs: 10, blockMs: 500 },
    );
    const id = await svc.createProducer(eventStream<Ev>(name)).produce({ n: 7 });
    await until(async () => (await readDeadLetters(admin, name)).length === 1, 'dead letter written');
    const { entries } = await readDeadLetters(admin, name);
    expect(entries[0]).toMatchObject({ originalId: id, group: 'dl-svc', payload: '{"n":7}' });
    expect(entries[0].deliveries).toBeGreaterThanOrEqual(2);
    await until(async () => Number(((await admin.xpending(name, 'dl-svc')) as [number])[0]) === 0, 'dead entry acked');
    const replay = await replayDeadLetters(admin, name, [entries[0].id], { remove: true });
    expect(replay).toMatchObject({ replayed: 1, missing: [] });
    expect(await admin.xlen(deadLetterStream(name))).toBe(0);
    expect((await admin.xrange(name, replay.newIds[0], replay.newIds[0]))[0][1]).toEqual(['msg', '{"n":7}']);
  });

  it('previews and prunes (safe mode keeps what a group has not read)', async () => {
    const name = await streamOn(1, 'prune');
    const stream = eventStream<Ev>(name);
    const svc = service('prune-svc', { presence: false });
    await admin.xgroup('CREATE', name, 'prune-svc', '$', 'MKSTREAM');
    await svc.createProducer(stream).produce(Array.from({ length: 30 }, (_, n) => ({ n })));
    const preview = await previewPrune(admin, name, { kind: 'maxLength', maxLength: 10 }, { safe: true });
    expect(preview).toMatchObject({ wouldRemove: 0, keptForSafety: 20, undelivered: 20 });
    const unsafe = await prune(admin, name, { kind: 'maxLength', maxLength: 10 }, { safe: false });
    expect(unsafe).toMatchObject({ removed: 20, lengthAfter: 10 });
  });

  it('waitForReplicas: resolves once a replica has the entry; rejects, naming the ids, when too few replicas exist', async () => {
    const name = await streamOn(2, 'wait');
    const stream = eventStream<Ev>(name);
    const svc = service('wait-svc', { presence: false });
    const one = svc.createProducer(stream, { waitForReplicas: { count: 1, timeoutMs: 5000 } });
    const id = await one.produce({ n: 1 });
    const ids = await one.produce([{ n: 2 }, { n: 3 }]);
    expect(ids).toHaveLength(2);
    const two = svc.createProducer(stream, { waitForReplicas: { count: 2, timeoutMs: 200 } });
    const failure = await two.produce({ n: 4 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(NotReplicatedError);
    const err = failure as NotReplicatedError;
    expect(err.acknowledged).toBe(1);
    expect(err.ids).toHaveLength(1);
    // Written on the master all the same: nothing was rolled back.
    expect(await admin.xrange(name, err.ids[0], err.ids[0])).toHaveLength(1);
    expect(await admin.xlen(name)).toBe(4);
    expect(id).toMatch(/^\d+-\d+$/);
    expect(() => svc.createProducer(stream, { waitForReplicas: { count: 0, timeoutMs: 10 } })).toThrow(/waitForReplicas.count/);
  });

  it('broadcasts with PUBLISH to subscribers connected to every node', async () => {
    const channel = `bc-${randomBytes(4).toString('hex')}`;
    const got: string[] = [];
    const perNode = cluster.ports.map((port) => {
      const c = cluster.node(port);
      c.on('message', (_ch: string, m: string) => got.push(`${port}:${m}`));
      return c;
    });
    await Promise.all(perNode.map((c) => c.subscribe(channel)));
    const publisher = new RedisBroadcastingStream({ redis: cluster.connect() });
    const listener = new RedisBroadcastingStream({ redis: cluster.connect() });
    const heard: Ev[] = [];
    try {
      await listener.subscribe<Ev>(channel, (m) => void heard.push(m));
      await publisher.broadcast<Ev>({ n: 1 }, channel);
      await until(() => got.length === 6 && heard.length === 1, 'every node delivered the message');
      expect(got.map((g) => g.split(':')[0]).sort()).toEqual(cluster.ports.map(String).sort());
      expect(heard).toEqual([{ n: 1 }]);
    } finally {
      await publisher.close();
      await listener.close();
    }
  });

  it('broadcasts with sharded pub/sub (SPUBLISH/SSUBSCRIBE) within the channel shard', async () => {
    const channel = `sbc-${randomBytes(4).toString('hex')}`;
    const publisher = new RedisBroadcastingStream({ redis: cluster.connect(), sharded: true });
    const listener = new RedisBroadcastingStream({ redis: cluster.connect(), sharded: true });
    const heard: Ev[] = [];
    try {
      const unsubscribe = await listener.subscribe<Ev>(channel, (m) => void heard.push(m));
      expect(await publisher.broadcast<Ev>({ n: 1 }, channel)).toBe(1);
      await until(() => heard.length === 1, 'sharded message delivered');
      // Only the shard's own nodes know the channel: a classic PUBLISH elsewhere finds nobody.
      expect(await admin.publish(channel, '{"n":2}')).toBe(0);
      await unsubscribe();
      expect(await publisher.broadcast<Ev>({ n: 3 }, channel)).toBe(0);
      expect(heard).toEqual([{ n: 1 }]);
    } finally {
      await publisher.close();
      await listener.close();
    }
  });
});
