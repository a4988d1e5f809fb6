import { afterEach, describe, expect, it } from 'vitest';
import { EventConsumer, EventStreamService, type EngineEvents } from '../../electron/engine';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { delay, evStream, until, type Ev } from './util';

let priv: PrivateRedis | null = null;
const services: EventStreamService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
  await priv?.dispose();
  priv = null;
});

describe.each([
  ['SHUTDOWN', (p: PrivateRedis) => p.stop()],
  ['SIGKILL', (p: PrivateRedis) => p.kill()],
])('Redis goes away (%s) and comes back mid-run', (_how, takeDown) => {
  it('producers reject while it is down, consumers resume, nothing acknowledged as produced is lost', async () => {
    priv = await startPrivateRedis({ appendonly: true });
    const svcImm = new EventStreamService({ redis: priv.url, service: 'imm', instance: 'i1', presence: { heartbeatMs: 200 } });
    const svcBat = new EventStreamService({ redis: priv.url, service: 'bat', instance: 'b1', presence: { heartbeatMs: 200 } });
    services.push(svcImm, svcBat);
    const errors: Array<EngineEvents['error']> = [];
    svcImm.events.on('error', (e) => errors.push(e));
    const stream = evStream('faults');
    const immGot = new Set<number>();
    const batGot = new Set<number>();
    await svcImm.subscribe(
      stream,
      EventConsumer.immediate<Ev>((ev) => void immGot.add(ev.n)),
      { blockMs: 500 },
    );
    await svcBat.subscribe(
      stream,
      EventConsumer.batched<Ev>({ maxLatency: 50, maxBatchSize: 50 }, (batch) => {
        for (const ev of batch) batGot.add(ev.n);
      }),
      { blockMs: 500 },
    );
    const producer = svcImm.createProducer(stream);

    const acknowledged: number[] = [];
    let rejected = 0;
    let n = 0;
    let producing = true;
    const loop = (async () => {
      while (producing) {
        const ev = { n: n++ };
        try {
          await producer.produce(ev);
          acknowledged.push(ev.n);
        } catch {
          rejected++;
          await delay(20);
        }
        if (n % 10 === 0) await delay(5);
      }
    })();

    await until(() => acknowledged.length >= 300, 'first 300 produced');
    await takeDown(priv);
    const downAt = acknowledged.length;
    await until(() => rejected >= 2, 'produce rejects while Redis is down');
    expect(acknowledged.length).toBe(downAt); // nothing reported as produced while down
    await priv.restart();
    await until(() => acknowledged.length >= downAt + 300, 'producing again after restart', 20_000);
    producing = false;
    await loop;

    await until(() => acknowledged.every((x) => immGot.has(x)), 'immediate consumer has every acknowledged event', 20_000);
    await until(() => acknowledged.every((x) => batGot.has(x)), 'batched consumer has every acknowledged event', 20_000);
    expect(errors.length).toBeGreaterThan(0); // the outage was reported, not thrown
    expect(acknowledged.length).toBeGreaterThanOrEqual(600);
  });
});
