// Handlers that misbehave inside one process: one that hangs (its entries are claimed by the
// other instance after claimIdleMs; when it wakes, its late ack loses nothing), and poison
// events (always throws, not JSON, wrong shape) dead-lettered after maxDeliveries while the
// group keeps flowing, then replayed from the dead-letter stream.
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import {
  EventConsumer,
  EventStreamService,
  eventStream,
  readDeadLetters,
  replayDeadLetters,
  deadLetterStream,
} from '../../electron/engine';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { report, SHORT, sleep } from './fixtures/scenario';
import { waitFor } from './fixtures/ledger';

let redis: PrivateRedis;
let admin: Redis;
const services: EventStreamService[] = [];
beforeAll(async () => {
  redis = await startPrivateRedis({ appendonly: false });
  admin = new Redis(redis.url);
});
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  admin?.disconnect();
  await redis?.dispose();
});

function service(instance: string): EventStreamService {
  const s = new EventStreamService({ redis: redis.url, service: 'billing', instance, presence: false });
  services.push(s);
  return s;
}

const pending = async (stream: string, group: string) => Number(((await admin.xpending(stream, group)) as [number])[0]);

describe('a handler that hangs', () => {
  // KNOWN ENGINE BUG (electron/engine/subscription.ts, claimPass): the hanging instance's own claim
  // pass XAUTOCLAIMs the entries it still holds (its hung one and its prefetched queue) every
  // claimEveryMs. That resets their idle time, so the healthy instance can rarely claim them, and
  // bumps their delivery count each time; when the healthy instance finally wins one, screen()
  // sees deliveryCount > maxDeliveries and dead-letters it WITHOUT ever running the handler.
  // The group never handles those events. Marked it.fails until the engine stops self-claiming
  // held entries (and stops counting claims as failed deliveries).
  it.fails('its entries are claimed by the other instance; its late ack after waking loses nothing', { timeout: 120_000 }, async () => {
    const stream = `hang-${Date.now()}`;
    const total = SHORT ? 300 : 2_000;
    const claimIdleMs = 500;
    const handled = new Map<number, string[]>();
    const record = (n: number, who: string): void => void handled.set(n, [...(handled.get(n) ?? []), who]);
    let release: () => void = () => {};
    const wake = new Promise<void>((r) => (release = r));
    let hungAt = 0;
    let hangOn = -1;
    let byA = 0;
    const missing = () => [...Array(total).keys()].filter((n) => !handled.has(n));

    await admin.xgroup('CREATE', stream, 'billing', '0', 'MKSTREAM');
    const a = service('pod-a');
    const b = service('pod-b');
    const opts = { claimIdleMs, claimEveryMs: 100, prefetch: 20 };
    try {
      await a.subscribe(eventStream<{ n: number }>(stream), EventConsumer.immediate<{ n: number }>(async ({ n }) => {
        // Hang on A's tenth event, whichever that is (A and B share the stream). Concurrency 1:
        // the whole instance is stuck behind it, with its prefetched entries queued.
        if (++byA === 10 && hungAt === 0) {
          hungAt = Date.now();
          hangOn = n;
          await wake;
        }
        record(n, 'a');
      }), opts);
      await b.subscribe(eventStream<{ n: number }>(stream), EventConsumer.immediate<{ n: number }>(({ n }) => void record(n, 'b')), opts);

      const producer = a.createProducer(eventStream<{ n: number }>(stream));
      for (let i = 0; i < total; i += 50) await producer.produce(Array.from({ length: Math.min(50, total - i) }, (_, k) => ({ n: i + k })));

      // While A is still hanging, B must handle everything, A's stuck entry included.
      const allByB = await waitFor(() => hungAt > 0 && missing().length === 0, 15_000);
      const recoverMs = Date.now() - hungAt;
      const deadLettered = await admin.xlen(deadLetterStream(stream));
      report({ scenario: 'hanging-handler', mode: SHORT ? 'short' : 'full', runs: 1, produced: total, delivered: handled.size, lostWhileHung: missing().length, deadLetteredUnhandled: deadLettered, claimIdleMs, recoverMs: allByB ? recoverMs : null });
      expect(missing(), 'events no instance handled while A hung (dead-lettered unhandled?)').toEqual([]);
      expect(handled.get(hangOn)).toEqual(['b']);

      // A wakes: it finishes what it held and acks. Nothing B still needed may vanish.
      release();
      await waitFor(async () => (await pending(stream, 'billing')) === 0, 30_000);
      expect(await pending(stream, 'billing')).toBe(0);
      expect(handled.get(hangOn)).toEqual(['b', 'a']);
      expect(missing()).toEqual([]);
      expect(deadLettered).toBe(0);
    } finally {
      release();
      await admin.del(stream, deadLetterStream(stream));
    }
  });
});

describe('poison events', () => {
  it('always-throwing, non-JSON and wrong-shape events are dead-lettered after maxDeliveries; the group keeps flowing; replay works', { timeout: 120_000 }, async () => {
    const stream = `poison-${Date.now()}`;
    const maxDeliveries = 3;
    const good = SHORT ? 500 : 5_000;
    type Ev = { n: number } | { poison: true } | { x: string };
    let acceptWrongShape = false;
    const handled = new Map<number, number>();
    const attempts = new Map<string, number>();
    await admin.xgroup('CREATE', stream, 'billing', '0', 'MKSTREAM');
    const s = service('pod-a');
    await s.subscribe(
      eventStream<Ev>(stream),
      EventConsumer.immediate<Ev>((ev, meta) => {
        attempts.set(meta.id, (attempts.get(meta.id) ?? 0) + 1);
        if ('poison' in ev) throw new Error('this event always fails');
        if (!('n' in ev) || typeof ev.n !== 'number') {
          if (!acceptWrongShape) throw new TypeError(`wrong shape: ${JSON.stringify(ev)}`);
          handled.set(-1, (handled.get(-1) ?? 0) + 1);
          return;
        }
        handled.set(ev.n, (handled.get(ev.n) ?? 0) + 1);
      }),
      { maxDeliveries, retryBaseMs: 10, retryMaxMs: 50, claimIdleMs: 1_000 },
    );
    const producer = s.createProducer(eventStream<Ev>(stream));
    const poisonIds: string[] = [];
    const t0 = Date.now();
    for (let i = 0; i < good; i++) {
      await producer.produce({ n: i });
      if (i % 100 === 50) {
        poisonIds.push(await producer.produce({ poison: true }));
        poisonIds.push((await admin.xadd(stream, '*', 'msg', '{not json')) as string);
        poisonIds.push(await producer.produce({ x: 'wrong shape' }));
      }
    }
    const flowed = await waitFor(() => handled.size === good, 60_000);
    const flowMs = Date.now() - t0;
    expect(flowed).toBe(true);
    await waitFor(async () => (await pending(stream, 'billing')) === 0, 30_000);
    expect(await pending(stream, 'billing')).toBe(0);

    const dead = await readDeadLetters(admin, stream, { count: 1000 });
    expect(dead.length).toBe(poisonIds.length);
    expect(new Set(dead.entries.map((d) => d.originalId))).toEqual(new Set(poisonIds));
    for (const d of dead.entries) {
      if (d.payload === '{not json') expect(d.deliveries).toBe(1); // undecodable: no retry can help
      else {
        expect(d.deliveries).toBeGreaterThanOrEqual(maxDeliveries);
        expect(attempts.get(d.originalId)).toBe(maxDeliveries);
      }
      expect(d.error).not.toBe('');
    }

    // The handler is fixed for the wrong shape: replay those dead letters onto the stream.
    acceptWrongShape = true;
    const wrongShape = dead.entries.filter((d) => d.payload.includes('wrong shape')).map((d) => d.id);
    const replay = await replayDeadLetters(admin, stream, wrongShape, { remove: true });
    expect(replay.replayed).toBe(wrongShape.length);
    await waitFor(() => (handled.get(-1) ?? 0) === wrongShape.length, 30_000);
    expect(handled.get(-1)).toBe(wrongShape.length);
    expect(await admin.xlen(deadLetterStream(stream))).toBe(poisonIds.length - wrongShape.length);
    const duplicates = [...handled].filter(([n]) => n >= 0).reduce((d, [, c]) => d + c - 1, 0);
    report({ scenario: 'poison', mode: SHORT ? 'short' : 'full', runs: 1, produced: good + poisonIds.length, goodDelivered: handled.size - 1, duplicates, lost: good - (handled.size - 1), deadLettered: dead.length, replayed: replay.replayed, maxDeliveries, flowMs });
    await admin.del(stream, deadLetterStream(stream));
  });
});
