import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { EventConsumer, EventStreamService, eventStream, type DeliveryMeta } from '../../electron/engine';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { delay, evStream, fixture, pendingCount, range, until, type Ev } from './util';

const fx = fixture();
afterEach(() => fx.run());

describe('Immediate consumer', () => {
  it('delivers every produced event once, in order, and acks them', async () => {
    const name = fx.streamName('imm-order');
    const svc = fx.service({ service: 'svc-a' });
    const stream = evStream(name);
    const seen: number[] = [];
    const metas: DeliveryMeta[] = [];
    const sub = await svc.subscribe(
      stream,
      EventConsumer.immediate<Ev>(async (ev, meta) => {
        seen.push(ev.n);
        metas.push(meta);
      }),
    );
    const ids = await svc.createProducer(stream).produce(range(500));
    expect(ids).toHaveLength(500);
    await until(() => seen.length === 500, '500 deliveries');
    expect(seen).toEqual(range(500).map((e) => e.n));
    expect(metas[0]).toMatchObject({ id: ids[0], group: 'svc-a', instance: 'pod-1', deliveryCount: 1, stream: name });
    await until(() => sub.stats().acked === 500, 'acks');
    expect(await pendingCount(name, 'svc-a')).toBe(0);
    expect(sub.stats()).toMatchObject({ delivered: 500, acked: 500, failed: 0, inFlight: 0 });
    expect(sub.stats().publishToDeliverMs?.count).toBe(500);
  });

  it('the meta goes to a handler that declares it or takes a rest; one of one parameter is called with the event alone', async () => {
    const name = fx.streamName('imm-meta-arity');
    const svc = fx.service({ service: 'svc-a' });
    const stream = evStream(name);
    const restArgs: unknown[][] = [];
    const singleArgCounts: number[] = [];
    await svc.subscribe(
      stream,
      EventConsumer.immediate<Ev>((...args: unknown[]) => void restArgs.push(args)),
      { group: 'rest' },
    );
    const single = await svc.subscribe(
      stream,
      EventConsumer.immediate<Ev>(function (ev) {
        singleArgCounts.push(arguments.length + ev.n * 0);
      }),
      { group: 'single' },
    );
    const ids = await svc.createProducer(stream).produce(range(20));
    await until(() => restArgs.length === 20 && singleArgCounts.length === 20, 'both groups');
    expect(restArgs.map((a) => (a[1] as DeliveryMeta).id)).toEqual(ids);
    expect(singleArgCounts).toEqual(Array(20).fill(1));
    expect(single.stats().publishToDeliverMs?.count).toBe(20);
  });

  it('a handler that returns no promise gets every event in order, one at a time, all acked (prefetch 5,000)', async () => {
    const name = fx.streamName('imm-sync');
    const svc = fx.service({ service: 'svc-a' });
    const stream = evStream(name);
    const seen: number[] = [];
    let running = 0;
    let maxRunning = 0;
    const sub = await svc.subscribe(
      stream,
      EventConsumer.immediate<Ev>((ev) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        seen.push(ev.n);
        running--;
      }),
      { prefetch: 5_000 },
    );
    await svc.createProducer(stream).produce(range(12_000));
    await until(() => seen.length === 12_000, '12,000 deliveries');
    expect(seen).toEqual(range(12_000).map((e) => e.n));
    expect(maxRunning).toBe(1);
    await until(() => sub.stats().acked === 12_000, 'acks');
    expect(await pendingCount(name, 'svc-a')).toBe(0);
    expect(sub.stats()).toMatchObject({ delivered: 12_000, acked: 12_000, failed: 0, inFlight: 0 });
  });

  it('a queue of 5,000 prefetched events behind a slow first event is worked through by synchronous handlers in order', async () => {
    const name = fx.streamName('imm-queue');
    const svc = fx.service({ service: 'svc-a' });
    const stream = evStream(name);
    const seen: number[] = [];
    const sub = await svc.subscribe(
      stream,
      EventConsumer.immediate<Ev>((ev) => {
        seen.push(ev.n);
        // The first event holds the only slot while the reader fills the queue up to the prefetch.
        if (ev.n === 0) return delay(500).then(() => undefined);
      }),
      { prefetch: 5_000 },
    );
    await svc.createProducer(stream).produce(range(5_000));
    await until(() => seen.length === 5_000, '5,000 deliveries');
    expect(seen).toEqual(range(5_000).map((e) => e.n));
    await until(() => sub.stats().acked === 5_000, 'acks');
    expect(sub.stats()).toMatchObject({ delivered: 5_000, acked: 5_000, failed: 0, inFlight: 0 });
  });

  it('never runs more handlers at once than the concurrency bound', async () => {
    const svc = fx.service({ service: 'svc-a' });
    const stream = evStream(fx.streamName('imm-conc'));
    let running = 0;
    let maxRunning = 0;
    let done = 0;
    await svc.subscribe(
      stream,
      EventConsumer.immediate(
        async () => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          await new Promise((r) => setTimeout(r, 5));
          running--;
          done++;
        },
        { concurrency: 3 },
      ),
    );
    await svc.createProducer(stream).produce(range(60));
    await until(() => done === 60, '60 handled');
    expect(maxRunning).toBe(3);
  });

  it('with a key selector and concurrency > 1, events with the same key run one after another', async () => {
    const svc = fx.service({ service: 'svc-a' });
    const name = fx.streamName('imm-key');
    const stream = eventStream<{ job: string; n: number }>(name, { key: (e) => e.job });
    const runningPerKey = new Map<string, number>();
    const order = new Map<string, number[]>();
    let overlap = false;
    let done = 0;
    await svc.subscribe(
      stream,
      EventConsumer.immediate(
        async (ev: { job: string; n: number }) => {
          const r = (runningPerKey.get(ev.job) ?? 0) + 1;
          runningPerKey.set(ev.job, r);
          if (r > 1) overlap = true;
          await new Promise((res) => setTimeout(res, 2));
          order.set(ev.job, [...(order.get(ev.job) ?? []), ev.n]);
          runningPerKey.set(ev.job, r - 1);
          done++;
        },
        { concurrency: 4 },
      ),
    );
    await svc.createProducer(stream).produce(Array.from({ length: 80 }, (_, n) => ({ job: `job-${n % 4}`, n })));
    await until(() => done === 80, '80 handled');
    expect(overlap).toBe(false);
    for (const [, ns] of order) expect(ns).toEqual([...ns].sort((a, b) => a - b));
  });

  it('skips entries produced before a new group is created at $, reads them with from: 0', async () => {
    const name = fx.streamName('imm-from');
    const stream = evStream(name);
    const producerSvc = fx.service({ service: 'writer' });
    await producerSvc.createProducer(stream).produce(range(5));
    const late: number[] = [];
    const early: number[] = [];
    const svcLate = fx.service({ service: 'late-group' });
    const svcEarly = fx.service({ service: 'early-group' });
    await svcLate.subscribe(
      stream,
      EventConsumer.immediate<Ev>((ev) => void late.push(ev.n)),
    );
    await svcEarly.subscribe(
      stream,
      EventConsumer.immediate<Ev>((ev) => void early.push(ev.n)),
      { from: '0' },
    );
    await producerSvc.createProducer(stream).produce({ n: 99 });
    await until(() => late.length === 1 && early.length === 6, 'both groups');
    expect(late).toEqual([99]);
    expect(early).toEqual([0, 1, 2, 3, 4, 99]);
  });

  it('rejects bad subscribe options with a message naming the option', async () => {
    const svc = fx.service({ service: 'svc-a' });
    const stream = evStream(fx.streamName('imm-bad'));
    await expect(
      svc.subscribe(
        stream,
        EventConsumer.immediate(() => {}),
        { prefetch: 0 },
      ),
    ).rejects.toThrow(/prefetch/);
    await expect(
      svc.subscribe(
        stream,
        EventConsumer.immediate(() => {}),
        { from: 'yesterday' },
      ),
    ).rejects.toThrow(/from/);
    expect(() => EventConsumer.immediate(() => {}, { concurrency: -1 })).toThrow(/concurrency/);
  });
});

describe('reads block and prefetch; acks ride in the next read (private server, exact counts)', () => {
  let priv: PrivateRedis;
  beforeAll(async () => {
    priv = await startPrivateRedis({ appendonly: false });
  });
  afterAll(async () => priv?.dispose());

  it('an idle consumer does not poll, and 1000 events need far fewer than 1000 reads', async () => {
    const c = await parkedConsumer(priv.url, 'blocking');
    try {
      await c.admin.config('RESETSTAT');
      // The measurement window: how many reads an idle consumer makes in 1.5 s.
      await new Promise((r) => setTimeout(r, 1500));
      const idleReads = commandCalls(await c.admin.info('commandstats'), 'xreadgroup');
      // A polling loop (UCloud: every 50 ms) would issue ~30 reads here; a blocked read issues none.
      expect(idleReads).toBeLessThanOrEqual(1);

      await c.svc.createProducer(c.stream).produce(range(1000));
      await until(() => c.seen.handled === 1000, '1000 handled');
      const reads = commandCalls(await c.admin.info('commandstats'), 'xreadgroup');
      expect(reads).toBeLessThan(1000 / 20);
      const acks = commandCalls(await c.admin.info('commandstats'), 'xack');
      expect(acks).toBeLessThan(1000);
    } finally {
      await c.close();
    }
  });

  it('Redis reads one socket write per XREADGROUP, its XACK inside it, in paced traffic and in a backlog; none is left pending', async () => {
    const c = await parkedConsumer(priv.url, 'ride');
    const producer = new Redis(priv.url);
    try {
      const before = await counts(c.admin);
      // Paced: one XADD per ~2 ms from a connection of its own (each one socket read in Redis).
      for (let i = 0; i < 200; i++) {
        await producer.xadd(c.stream.name, '*', 'value', JSON.stringify({ n: i }));
        await delay(2);
      }
      await until(() => c.seen.handled === 200, '200 handled');
      // A backlog (full reads of 100), written by one small command: one socket read in Redis.
      await producer.eval(BACKLOG, 1, c.stream.name, 2000);
      await until(() => c.seen.handled === 2200, '2200 handled');
      await until(async () => (await pendingOn(c.admin, c.stream.name)) === 0, 'every entry acked', 2000);
      const after = await counts(c.admin);
      const reads = after.xreadgroup - before.xreadgroup;
      const acks = after.xack - before.xack;
      // Socket reads Redis did for the consumer: all of them, less the producer's 201 writes and
      // this test's own commands (one write each, sent one at a time).
      const consumerWrites = after.socketReads - before.socketReads - 201 - (after.admin - before.admin);
      expect(acks).toBeGreaterThan(reads / 2);
      // Two connections (an XACK written on its own) would take reads + acks socket writes.
      expect(consumerWrites).toBeLessThanOrEqual(reads + 5);
      expect(consumerWrites).toBeLessThan((reads + acks) * 0.75);
    } finally {
      await c.close();
      producer.disconnect();
    }
  });
});

/** One Immediate subscription on `url` counting what it handles, returned once its read is parked in Redis. */
async function parkedConsumer(url: string, name: string) {
  const admin = new Redis(url);
  const svc = new EventStreamService({ redis: url, service: 'g', instance: 'i', presence: false });
  const stream = evStream(name);
  const seen = { handled: 0 };
  const close = async () => {
    await svc.close();
    admin.disconnect();
  };
  try {
    await svc.subscribe(
      stream,
      EventConsumer.immediate(() => void seen.handled++),
      { blockMs: 5000, prefetch: 100, claimIdleMs: 60_000 },
    );
    // Counting starts once the read is parked (CLIENT LIST names its command).
    await until(async () => /cmd=xreadgroup/.test(String(await admin.client('LIST'))), 'a blocked XREADGROUP');
  } catch (e) {
    await close();
    throw e;
  }
  return { admin, svc, stream, seen, close };
}

function commandCalls(info: string, cmd: string): number {
  const m = new RegExp(`cmdstat_${cmd.replace('|', '\\|')}:calls=(\\d+)`).exec(info);
  return m ? Number(m[1]) : 0;
}

describe('acks behind a blocking read', () => {
  it('when paced traffic stops, its last acks reach Redis within tens of ms, not after the read block (5 s)', async () => {
    const name = fx.streamName('ack-behind');
    const svc = fx.service({ service: 'g', presence: false });
    const stream = evStream(name);
    let handled = 0;
    await svc.subscribe(
      stream,
      EventConsumer.immediate(() => void handled++),
      { blockMs: 5000 },
    );
    const producer = svc.createProducer(stream);
    for (let i = 0; i < 50; i++) {
      await producer.produce({ n: i });
      await delay(1);
    }
    await until(() => handled === 50, '50 handled');
    const handledAt = Date.now();
    await until(async () => (await pendingCount(name, 'g')) === 0, 'the last acks in Redis', 1000);
    // Bounded by the behind read's block (10 ms) plus this machine's scheduling, far below 5 s.
    expect(Date.now() - handledAt).toBeLessThan(1000);
    expect(svc.subscriptions()[0].stats().acked).toBe(50);
  });
});

const BACKLOG = `for i = 1, tonumber(ARGV[1]) do redis.call('XADD', KEYS[1], '*', 'value', '{"n":' .. i .. '}') end`;

async function pendingOn(redis: Redis, stream: string): Promise<number> {
  const [count] = (await redis.xpending(stream, 'g')) as [number];
  return Number(count);
}

async function counts(admin: Redis): Promise<{ xreadgroup: number; xack: number; xadd: number; admin: number; socketReads: number }> {
  const info = await admin.info('all');
  const socketReads = Number(/total_reads_processed:(\d+)/.exec(info)?.[1]);
  if (!Number.isFinite(socketReads)) throw new Error('INFO has no total_reads_processed');
  const adminCalls = ['info', 'client|list', 'xpending'].reduce((n, cmd) => n + commandCalls(info, cmd), 0);
  return {
    xreadgroup: commandCalls(info, 'xreadgroup'),
    xack: commandCalls(info, 'xack'),
    xadd: commandCalls(info, 'xadd'),
    admin: adminCalls,
    socketReads,
  };
}
