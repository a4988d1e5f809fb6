import { connect, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Redis, type RedisOptions } from 'ioredis';
import { EventConsumer, EventStreamService, RedisBroadcastingStream, readPresence } from '../../electron/engine';
import { SHARED_REDIS_URL } from '../helpers/redis';
import { delay, evStream, fixture, pendingCount, range, shared, until, type Ev } from './util';

const fx = fixture();
afterEach(() => fx.run());

describe('redis option and key prefix', () => {
  it('accepts a caller-owned ioredis client, duplicates it for reading, and never quits it', async () => {
    const name = fx.streamName('conn-client');
    const client = new Redis(SHARED_REDIS_URL);
    try {
      const svc = new EventStreamService({ redis: client, service: 'svc', instance: 'pod-1' });
      const got: number[] = [];
      await svc.subscribe(
        evStream(name),
        EventConsumer.immediate<Ev>((ev) => void got.push(ev.n)),
      );
      await svc.createProducer(evStream(name)).produce(range(5));
      await until(() => got.length === 5, 'five');
      const b = new RedisBroadcastingStream({ redis: client });
      await b.subscribe(name, () => {});
      await b.close();
      await svc.close();
      expect(client.status).toBe('ready');
      expect(await client.ping()).toBe('PONG');
    } finally {
      client.disconnect();
    }
  });

  it('delivers a backlog before its blocking reader is connected, and stops cleanly if that reader never comes up', async () => {
    // The reader's connection goes to a server that accepts and never answers (no ready reply).
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as { port: number }).port;
    class ReaderElsewhere extends Redis {
      override duplicate(override?: Partial<RedisOptions>): Redis {
        return new Redis({ ...override, host: '127.0.0.1', port: silentPort });
      }
    }
    const client = new ReaderElsewhere(SHARED_REDIS_URL);
    const name = fx.streamName('conn-early');
    try {
      await fx.service({ service: 'producer' }).createProducer(evStream(name)).produce(range(250));
      const svc = new EventStreamService({ redis: client, service: 'svc', instance: 'pod-1', presence: false });
      const got: number[] = [];
      const batches: number[] = [];
      await svc.subscribe(
        evStream(name),
        EventConsumer.batched<Ev>({ maxBatchSize: 100, maxLatency: 20 }, (events) => {
          batches.push(events.length);
          for (const ev of events) got.push(ev.n);
        }),
        { from: '0' },
      );
      await until(() => got.length === 250, 'the backlog over the command connection');
      expect(got).toEqual(range(250).map((e) => e.n));
      await until(async () => (await pendingCount(name, 'svc')) === 0, 'acked');
      expect(sockets.length).toBe(1);
      const stopped = Date.now();
      await svc.close();
      expect(Date.now() - stopped).toBeLessThan(3_000);
    } finally {
      client.disconnect();
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('hands a fresh instance its first entries with the start’s round trip (the first read rides with the group’s creation)', async () => {
    // Every reply from Redis is held back DELAY ms by a proxy, so time counts round trips: the start
    // (XGROUP CREATE, presence, and the first read: own pending entries, else new ones, in one
    // flight). Reading new entries only after the start's replies would make it two, reading the
    // own pending ones after the start three.
    const DELAY = 200;
    const sockets: Socket[] = [];
    const proxy = createServer((client) => {
      const upstream = connect(6379, '127.0.0.1');
      sockets.push(client, upstream);
      client.on('data', (chunk) => upstream.write(chunk));
      upstream.on('data', (chunk) => void setTimeout(() => client.writable && client.write(chunk), DELAY));
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('close', end).on('error', end);
      upstream.on('close', end).on('error', end);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const port = (proxy.address() as { port: number }).port;
    const name = fx.streamName('conn-flights');
    const svc = new EventStreamService({ redis: `redis://127.0.0.1:${port}`, service: 'svc', instance: 'pod-1' });
    try {
      await fx.service({ service: 'producer' }).createProducer(evStream(name)).produce(range(20));
      await svc.redis.ping();
      let firstAt = 0;
      const got: number[] = [];
      const calledAt = Date.now();
      await svc.subscribe(
        evStream(name),
        EventConsumer.immediate<Ev>((ev) => {
          firstAt ||= Date.now();
          got.push(ev.n);
        }),
        { from: '0' },
      );
      await until(() => got.length === 20, 'the backlog');
      const roundTrips = (firstAt - calledAt) / DELAY;
      expect(roundTrips).toBeGreaterThanOrEqual(1);
      expect(roundTrips).toBeLessThan(1.5);
    } finally {
      await svc.close();
      for (const socket of sockets) socket.destroy();
      proxy.close();
    }
  });

  it('rejects a subscribe to a key that is not a stream with the reason, and leaves no promise rejected unhandled', async () => {
    const name = fx.streamName('conn-not-a-stream');
    await shared.set(name, 'a string');
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const svc = fx.service({ service: 'svc' });
      await expect(
        svc.subscribe(
          evStream(name),
          EventConsumer.immediate<Ev>(() => {}),
        ),
      ).rejects.toThrow(/WRONGTYPE/);
      await delay(200);
      expect(unhandled).toEqual([]);
      expect(await shared.type(name)).toBe('string');
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await shared.del(name);
    }
  });

  it('accepts ioredis options and applies keyPrefix to stream keys (and to presence keys)', async () => {
    const name = fx.streamName('conn-prefix');
    const prefixed = `tenant-a:${name}`;
    fx.cleanups.push(async () => {
      await shared.del(prefixed);
      await shared.del(`streamscope:presence-index:{${prefixed}}`);
    });
    const svc = fx.service({ service: 'svc', redis: { host: '127.0.0.1', port: 6379 }, keyPrefix: 'tenant-a:' });
    let n = 0;
    await svc.subscribe(
      evStream(name),
      EventConsumer.immediate(() => void n++),
    );
    await svc.createProducer(evStream(name)).produce(range(3));
    await until(() => n === 3, 'three');
    expect(svc.streamKey(name)).toBe(prefixed);
    expect(await shared.xlen(prefixed)).toBe(3);
    expect(await shared.exists(name)).toBe(0);
    expect((await readPresence(shared, prefixed)).map((p) => p.instance)).toEqual(['pod-1']);
  });

  it("ackMode 'never' handles entries but leaves them pending", async () => {
    const name = fx.streamName('conn-noack');
    const svc = fx.service({ service: 'svc' });
    let n = 0;
    const sub = await svc.subscribe(
      evStream(name),
      EventConsumer.immediate(() => void n++),
      { ackMode: 'never' },
    );
    await svc.createProducer(evStream(name)).produce(range(4));
    await until(() => n === 4, 'four handled');
    // stop() flushes every ack the subscription would send: none may have been sent.
    await sub.stop();
    expect(await pendingCount(name, 'svc')).toBe(4);
  });

  it('refuses a second subscription with the same stream, group and instance while the first runs', async () => {
    const name = fx.streamName('conn-twin');
    const svc = fx.service({ service: 'svc' });
    const first = await svc.subscribe(
      evStream(name),
      EventConsumer.immediate(() => {}),
    );
    await expect(
      svc.subscribe(
        evStream(name),
        EventConsumer.immediate(() => {}),
      ),
    ).rejects.toThrow(/pod-1 already consumes/);
    await svc.subscribe(
      evStream(name),
      EventConsumer.immediate(() => {}),
      { instance: 'pod-2' },
    );
    await first.stop();
    await svc.subscribe(
      evStream(name),
      EventConsumer.immediate(() => {}),
    );
    expect(
      svc
        .subscriptions()
        .map((s) => s.instance)
        .sort(),
    ).toEqual(['pod-1', 'pod-2']);
  });

  it('rejects a missing service or redis with a clear error', () => {
    expect(() => new EventStreamService({ redis: SHARED_REDIS_URL, service: '' })).toThrow(/service/);
    // @ts-expect-error: redis is required
    expect(() => new EventStreamService({ service: 'svc' })).toThrow(/redis/);
    // @ts-expect-error: redis is required
    expect(() => new RedisBroadcastingStream({})).toThrow(/redis/);
  });
});
