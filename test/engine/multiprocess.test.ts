import { afterAll, describe, expect, it } from 'vitest';
import { eventStream } from '../../electron/engine';
import { SHARED_REDIS_URL } from '../helpers/redis';
import { killWorkers, receivedBy, startServices, stopWorkers, type Worker } from '../helpers/workers';
import { delay, fixture, until } from './util';

const fx = fixture();
const workers: Worker[] = [];
afterAll(async () => {
  killWorkers(workers);
  await fx.run();
});

describe('multi-process: 2 services × 3 instances, 5,000 events, one instance SIGKILLed', () => {
  it(
    'each service gets every event, every instance a share, and the killed instance’s pending entries are claimed',
    { timeout: 300_000 },
    async () => {
      const stream = fx.streamName('mp');
      workers.push(...startServices({ redisUrl: SHARED_REDIS_URL, stream, claimIdleMs: 1500 }, ['svc-a', 'svc-b'], 3));
      await until(() => workers.every((w) => w.ready), 'all 6 workers ready', 60_000);

      const producerSvc = fx.service({ service: 'producer', presence: false });
      const producer = producerSvc.createProducer(eventStream<{ n: number }>(stream));
      const victim = workers[1]; // svc-a-pod-2
      const produced: string[] = [];
      for (let batch = 0; batch < 50; batch++) {
        produced.push(...(await producer.produce(Array.from({ length: 100 }, (_, i) => ({ n: batch * 100 + i })))));
        if (batch === 20) {
          await until(() => victim.ids.size > 0, 'victim handled something');
          victim.proc.kill('SIGKILL');
        }
        await delay(20);
      }
      expect(new Set(produced).size).toBe(5000);

      const received = (service: string) => receivedBy(workers, service);
      // Generous: six worker processes share two cores with everything else CI runs.
      await until(() => received('svc-a').size === 5000 && received('svc-b').size === 5000, 'both services got all 5,000', 150_000).catch(
        async (error: Error) => {
          const pending = await producerSvc.redis.xpending(stream, 'svc-a');
          throw new Error(
            `${error.message}: svc-a ${received('svc-a').size}, svc-b ${received('svc-b').size}; svc-a pending ${JSON.stringify(pending)}`,
          );
        },
      );
      for (const service of ['svc-a', 'svc-b']) {
        const got = received(service);
        expect(
          produced.filter((id) => !got.has(id)),
          `${service} missed`,
        ).toEqual([]);
      }
      // Load is shared: every instance got a part (the victim before it died).
      for (const w of workers) expect(w.ids.size, `${w.instance} share`).toBeGreaterThan(0);
      // The victim died with entries pending; survivors of svc-a claimed them.
      const survivorsClaimed = workers.filter((w) => w.service === 'svc-a' && w !== victim).reduce((s, w) => s + w.claimed, 0);
      expect(survivorsClaimed).toBeGreaterThan(0);
      await until(
        async () => Number(((await producerSvc.redis.xpending(stream, 'svc-a')) as [number])[0]) === 0,
        'svc-a has nothing pending',
        20_000,
      );

      await stopWorkers(workers);
    },
  );
});
