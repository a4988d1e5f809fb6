// The engine through Redis Sentinel: connect to the master by name (ioredis `{ sentinels, name }`
// and the `?sentinel=` URL form), then `SENTINEL FAILOVER streamscope` and check that producers
// and consumers follow the promoted replica without losing what was produced.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventConsumer, EventStreamService, eventStream } from '../../electron/engine';
import { eventually } from '../helpers/wait';
import { missingRedisTools, startSentinel, until, type TestSentinel } from './cluster';

/** Preferred first port; the fixture moves to a free range if it is taken. */
const BASE = 7331;
const missing = missingRedisTools();
type Ev = { n: number };

describe.skipIf(missing !== null)(
  `engine through Sentinel (master, replica, 3 sentinels)${missing ? ` — skipped: ${missing}` : ''}`,
  () => {
    let setup: TestSentinel;
    const services: EventStreamService[] = [];

    beforeAll(async () => {
      setup = await startSentinel(BASE);
    }, 60_000);

    afterAll(async () => {
      await Promise.all(services.map((s) => s.close()));
      if (setup) await setup.stop();
    }, 30_000);

    it('follows SENTINEL FAILOVER: entries produced before and after all arrive, on the new master', { timeout: 60_000 }, async () => {
      const stream = eventStream<Ev>(`sentinel-${randomBytes(4).toString('hex')}`);
      const before = await setup.masterPort();
      // The consumer uses the URL form, the producer ioredis options.
      const url = `redis://${setup.sentinels.map((s) => `${s.host}:${s.port}`).join(',')}?sentinel=${setup.masterName}`;
      const consumer = new EventStreamService({ redis: url, service: 'sentinel-svc', instance: 'pod-1' });
      services.push(consumer);
      const got: number[] = [];
      await consumer.subscribe(
        stream,
        EventConsumer.immediate<Ev>((e) => void got.push(e.n)),
        { blockMs: 500, claimIdleMs: 1000 },
      );
      const producerSvc = new EventStreamService({
        redis: { sentinels: setup.sentinels, name: setup.masterName },
        service: 'producer',
        presence: false,
      });
      services.push(producerSvc);
      const producer = producerSvc.createProducer(stream, { waitForReplicas: { count: 1, timeoutMs: 500 } });
      await producer.produce(Array.from({ length: 50 }, (_, n) => ({ n })));
      await until(() => got.length >= 50, 'first 50 delivered');
      await setup.sentinel().call('SENTINEL', 'FAILOVER', setup.masterName);
      await until(async () => (await setup.masterPort()) !== before, 'sentinel to promote the replica');
      const after = await setup.masterPort();
      expect(after).not.toBe(before);

      // Produce through the failover. waitForReplicas makes a produce that reached only one node
      // (the old master before it was demoted, or the new one before its replica is back) reject,
      // and the retry (at-least-once) lands on the new master; without it such writes can vanish.
      for (let n = 50; n < 100; n++) {
        await eventually(
          () =>
            producer.produce({ n }).then(
              () => true,
              () => false,
            ),
          30_000,
          `event ${n} to be confirmed`,
        );
      }
      await until(() => new Set(got).size === 100, 'all 100 delivered after the failover', 30_000);
      expect([...new Set(got)].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, n) => n));
      // The writes went to the promoted node, and the group on it has nothing left pending.
      const master = setup.node(after);
      expect(await master.xlen(stream.name)).toBeGreaterThanOrEqual(100);
      await until(
        async () => Number(((await master.xpending(stream.name, 'sentinel-svc')) as [number])[0]) === 0,
        'acks on the new master',
      );
      await master.del(stream.name);
    });
  },
);
