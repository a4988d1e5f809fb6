import { afterEach, describe, expect, it } from 'vitest';
import { EventConsumer, EventStreamService, eventStream, type DeliveryMeta } from '../../electron/engine';
import { cleanupKeys, cleanupPattern, connectShared, uniqueName } from '../helpers/redis';

const redis = connectShared();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await (cleanups.pop() as () => Promise<void>)();
});

function setup(prefix: string) {
  const name = uniqueName(prefix);
  const svc = new EventStreamService({ redis: 'redis://127.0.0.1:6379', service: 'svc-a', instance: 'pod-1' });
  cleanups.push(async () => {
    await svc.close();
    await cleanupKeys(redis, [name, `${name}.dead-letter`]);
    await cleanupPattern(redis, `streamscope:*{${name}}*`);
  });
  return { name, svc, stream: eventStream<{ n: number }>(name) };
}

const until = async (cond: () => boolean, what: string, timeoutMs = 10_000) => {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('Immediate consumer', () => {
  it('delivers every produced event once, in order, and acks them', async () => {
    const { name, svc, stream } = setup('imm-order');
    const seen: number[] = [];
    const metas: DeliveryMeta[] = [];
    await svc.subscribe(stream, EventConsumer.immediate<{ n: number }>(async (ev, meta) => {
      seen.push(ev.n);
      metas.push(meta);
    }));
    const producer = svc.createProducer(stream);
    const ids = await producer.produce(Array.from({ length: 500 }, (_, n) => ({ n })));
    expect(ids).toHaveLength(500);
    await until(() => seen.length === 500, '500 deliveries');
    expect(seen).toEqual(Array.from({ length: 500 }, (_, n) => n));
    expect(metas[0]).toMatchObject({ id: ids[0], group: 'svc-a', instance: 'pod-1', deliveryCount: 1, stream: name });
    await until(() => svc.subscriptions()[0].stats().acked === 500, 'acks');
    const [pending] = (await redis.xpending(name, 'svc-a')) as [number];
    expect(pending).toBe(0);
  });

  it('never runs more handlers at once than the concurrency bound', async () => {
    const { svc, stream } = setup('imm-conc');
    let running = 0;
    let maxRunning = 0;
    let done = 0;
    await svc.subscribe(stream, EventConsumer.immediate(async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      done++;
    }, { concurrency: 3 }));
    await svc.createProducer(stream).produce(Array.from({ length: 60 }, (_, n) => ({ n })));
    await until(() => done === 60, '60 handled');
    expect(maxRunning).toBe(3);
  });
});
