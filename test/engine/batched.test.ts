import { afterEach, describe, expect, it } from 'vitest';
import { EventConsumer, type EngineEvents } from '../../electron/engine';
import { evStream, fixture, pendingCount, range, until, type Ev } from './util';

const fx = fixture();
afterEach(() => fx.run());

describe('Batched consumer', () => {
  it('flushes on maxBatchSize, and the rest on stop', async () => {
    const name = fx.streamName('batch-size');
    const svc = fx.service({ service: 'svc' });
    const flushes: Array<EngineEvents['batchFlushed']> = [];
    svc.events.on('batchFlushed', (e) => flushes.push(e));
    const batches: number[][] = [];
    const sub = await svc.subscribe(
      evStream(name),
      EventConsumer.batched<Ev>({ maxLatency: 60_000, maxBatchSize: 100 }, (batch) => {
        batches.push(batch.map((e) => e.n));
      }),
    );
    await svc.createProducer(evStream(name)).produce(range(250));
    await until(() => batches.length === 2, 'two full batches');
    expect(batches.map((b) => b.length)).toEqual([100, 100]);
    expect(flushes.map((f) => f.reason)).toEqual(['size', 'size']);
    await sub.stop();
    expect(batches.flat()).toEqual(range(250).map((e) => e.n));
    expect(flushes.map((f) => [f.reason, f.size])).toEqual([
      ['size', 100],
      ['size', 100],
      ['stop', 50],
    ]);
    expect(await pendingCount(name, 'svc')).toBe(0);
  });

  it('flushes maxLatency ms after the FIRST buffered event, not after the last', async () => {
    const name = fx.streamName('batch-latency');
    const svc = fx.service({ service: 'svc' });
    const flushes: Array<EngineEvents['batchFlushed']> = [];
    const delivered: number[] = [];
    svc.events.on('batchFlushed', (e) => flushes.push(e));
    svc.events.on('delivered', (e) => delivered.push(e.at));
    const batches: number[][] = [];
    await svc.subscribe(
      evStream(name),
      EventConsumer.batched<Ev>({ maxLatency: 400, maxBatchSize: 1000 }, (batch) => {
        batches.push(batch.map((e) => e.n));
      }),
    );
    const producer = svc.createProducer(evStream(name));
    const t0 = Date.now();
    // Keep trickling events for longer than maxLatency: a timer restarted on every event would never fire.
    for (let i = 0; i < 12; i++) {
      await producer.produce({ n: i });
      await new Promise((r) => setTimeout(r, 50));
    }
    await until(() => batches.length >= 2, 'two latency flushes');
    expect(flushes[0].reason).toBe('latency');
    expect(batches[0].length).toBeGreaterThan(0);
    expect(batches[0].length).toBeLessThan(12);
    // The first flush happens no earlier than maxLatency after the first event (timers never fire early).
    expect(delivered[0] - t0).toBeGreaterThanOrEqual(390);
    await until(() => batches.flat().length === 12, 'all 12');
    expect(batches.flat()).toEqual(range(12).map((e) => e.n));
  });

  it('a batch begun after a size flush waits maxLatency from its own first event, not from the earlier batch', async () => {
    const name = fx.streamName('batch-latency-after-size');
    const svc = fx.service({ service: 'svc' });
    const flushes: Array<EngineEvents['batchFlushed']> = [];
    svc.events.on('batchFlushed', (e) => flushes.push(e));
    await svc.subscribe(
      evStream(name),
      EventConsumer.batched<Ev>({ maxLatency: 400, maxBatchSize: 10 }, () => {}),
    );
    const producer = svc.createProducer(evStream(name));
    // A full batch: flushed by size at once; the latency timer armed for its first event stays armed.
    await producer.produce(range(10));
    await until(() => flushes.length === 1, 'size flush');
    await new Promise((r) => setTimeout(r, 250));
    // Three more 250 ms later: when the earlier timer fires (~400 ms) they have waited ~150 ms.
    const second = Date.now();
    await producer.produce(range(3).map((e) => ({ n: e.n + 10 })));
    await until(() => flushes.length === 2, 'latency flush of the second batch', 5_000);
    expect(flushes.map((f) => [f.reason, f.size])).toEqual([
      ['size', 10],
      ['latency', 3],
    ]);
    expect(flushes[1].at - second).toBeGreaterThanOrEqual(390);
  });

  it('acks a batch only after the handler succeeds and retries a failed batch', async () => {
    const name = fx.streamName('batch-retry');
    const svc = fx.service({ service: 'svc' });
    let calls = 0;
    let pendingDuringFailure = -1;
    const seenCounts: number[][] = [];
    await svc.subscribe(
      evStream(name),
      EventConsumer.batched<Ev>({ maxLatency: 50, maxBatchSize: 10 }, async (batch, metas) => {
        calls++;
        seenCounts.push(metas.map((m) => m.deliveryCount));
        if (calls === 1) {
          pendingDuringFailure = await pendingCount(name, 'svc');
          throw new Error('downstream unavailable');
        }
      }),
      { retryBaseMs: 20 },
    );
    await svc.createProducer(evStream(name)).produce(range(10));
    await until(() => calls === 2, 'retry');
    expect(pendingDuringFailure).toBe(10);
    expect(seenCounts).toEqual([Array(10).fill(1), Array(10).fill(2)]);
    await until(async () => (await pendingCount(name, 'svc')) === 0, 'acked after success');
  });

  it('metas go to a handler that declares them or takes its arguments as a rest; one of one parameter gets none, with the stats kept', async () => {
    const name = fx.streamName('batch-metas');
    const svc = fx.service({ service: 'svc' });
    const producer = svc.createProducer(evStream(name));
    const declared: string[] = [];
    const rest: unknown[][] = [];
    const single: unknown[][] = [];
    const declaredSub = await svc.subscribe(
      evStream(name),
      EventConsumer.batched<Ev>({ maxLatency: 20, maxBatchSize: 50 }, (_batch, metas) => {
        for (const m of metas) declared.push(m.id);
      }),
      { group: 'declared' },
    );
    await svc.subscribe(
      evStream(name),
      EventConsumer.batched<Ev>({ maxLatency: 20, maxBatchSize: 50 }, (...args: unknown[]) => void rest.push(args)),
      { group: 'rest' },
    );
    const singleSub = await svc.subscribe(
      evStream(name),
      EventConsumer.batched<Ev>({ maxLatency: 20, maxBatchSize: 50 }, function (batch) {
        // eslint-disable-next-line prefer-rest-params
        single.push([...arguments]);
        expect(batch.length).toBeGreaterThan(0);
      }),
      { group: 'single' },
    );
    const ids = await producer.produce(range(120));
    await until(() => declared.length === 120 && rest.flatMap((a) => a[0] as Ev[]).length === 120, 'both meta takers');
    await until(() => single.flatMap((a) => a[0] as Ev[]).length === 120, 'the one-parameter handler');
    expect(declared).toEqual(ids);
    expect(rest.flatMap((a) => (a[1] as Array<{ id: string }>).map((m) => m.id))).toEqual(ids);
    expect(single.every((a) => a.length === 1)).toBe(true);
    // The latency a meta would carry is recorded all the same.
    await until(() => singleSub.stats().acked === 120, 'acked');
    expect(singleSub.stats().publishToDeliverMs?.count).toBe(120);
    expect(declaredSub.stats().publishToDeliverMs?.count).toBe(120);
  });
});
