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
  // Regression guard: an instance whose claim pass XAUTOCLAIMed the entries it was still handling
  // reset their idle time (so the healthy instance rarely got them) and bumped their delivery
  // count, until the healthy one won and dead-lettered them as poison without running the handler.
  // The claim pass must leave entries the instance holds alone.
  it('an instance does not re-claim entries it is still handling (their delivery count stays 1)', { timeout: 60_000 }, async () => {
    const stream = `selfclaim-${Date.now()}`;
    let release: () => void = () => {};
    const wake = new Promise<void>((r) => (release = r));
    await admin.xgroup('CREATE', stream, 'billing', '0', 'MKSTREAM');
    const a = service('pod-a');
    try {
      await a.subscribe(
        eventStream<{ n: number }>(stream),
        EventConsumer.immediate<{ n: number }>(() => wake),
        { claimIdleMs: 300, claimEveryMs: 50, prefetch: 5 },
      );
      await a.createProducer(eventStream<{ n: number }>(stream)).produce([{ n: 0 }, { n: 1 }, { n: 2 }]);
      await sleep(2_000); // ~6 × claimIdleMs while the handler hangs on n=0
      const rows = (await admin.xpending(stream, 'billing', '-', '+', 10)) as Array<[string, string, number, number]>;
      expect(rows.map((r) => [r[1], Number(r[3])])).toEqual([
        ['pod-a', 1],
        ['pod-a', 1],
        ['pod-a', 1],
      ]);
    } finally {
      release();
      await admin.del(stream, deadLetterStream(stream));
    }
  });

  it(
    'its entries are taken over by the other instance; after it wakes nothing has vanished (handled, or dead-lettered and replayed)',
    { timeout: 120_000 },
    async () => {
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
        await a.subscribe(
          eventStream<{ n: number }>(stream),
          EventConsumer.immediate<{ n: number }>(async ({ n }) => {
            // Hang on A's tenth event, whichever that is (A and B share the stream). Concurrency 1:
            // the whole instance is stuck behind it, with its prefetched entries queued.
            if (++byA === 10 && hungAt === 0) {
              hungAt = Date.now();
              hangOn = n;
              await wake;
            }
            record(n, 'a');
          }),
          opts,
        );
        await b.subscribe(
          eventStream<{ n: number }>(stream),
          EventConsumer.immediate<{ n: number }>(({ n }) => record(n, 'b')),
          opts,
        );

        const producer = a.createProducer(eventStream<{ n: number }>(stream));
        for (let i = 0; i < total; i += 50)
          await producer.produce(Array.from({ length: Math.min(50, total - i) }, (_, k) => ({ n: i + k })));

        // While A hangs, B takes over: every event is handled by B (or, were the bug above back, dead-lettered).
        const deadIds = async () =>
          new Set((await readDeadLetters(admin, stream, { count: 1000 })).entries.map((d) => JSON.parse(d.payload).n as number));
        const settled = await waitFor(async () => {
          if (hungAt === 0) return false;
          const dead = await deadIds();
          return missing().every((n) => dead.has(n));
        }, 30_000);
        const recoverMs = Date.now() - hungAt;
        expect(settled, `events neither handled nor dead-lettered while A hung: ${missing().slice(0, 20).join(', ')}`).toBe(true);
        const lostWhileHung = missing().length;
        const handledByB = handled.get(hangOn)?.includes('b') ?? false;

        // A wakes: it finishes what it held and acks; then the dead letters (if any) are replayed.
        release();
        const dead = await readDeadLetters(admin, stream, { count: 1000 });
        if (dead.entries.length > 0)
          await replayDeadLetters(
            admin,
            stream,
            dead.entries.map((d) => d.id),
            { remove: true },
          );
        await waitFor(async () => missing().length === 0 && (await pending(stream, 'billing')) === 0, 30_000);
        expect(missing()).toEqual([]);
        expect(await pending(stream, 'billing')).toBe(0);
        const duplicates = [...handled.values()].reduce((d, who) => d + who.length - 1, 0);
        report({
          scenario: 'hanging-handler',
          mode: SHORT ? 'short' : 'full',
          runs: 1,
          produced: total,
          delivered: handled.size,
          duplicates,
          lost: missing().length,
          hungEntryTakenOverByB: handledByB,
          notHandledWhileHung: lostWhileHung,
          deadLetteredUnhandledThenReplayed: dead.entries.length,
          claimIdleMs,
          recoverMs,
        });
      } finally {
        release();
        await admin.del(stream, deadLetterStream(stream));
      }
    },
  );
});

describe('poison events', () => {
  it(
    'always-throwing, non-JSON and wrong-shape events are dead-lettered after maxDeliveries; the group keeps flowing; replay works',
    { timeout: 120_000 },
    async () => {
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
        if (d.payload === '{not json')
          expect(d.deliveries).toBe(1); // undecodable: no retry can help
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
      report({
        scenario: 'poison',
        mode: SHORT ? 'short' : 'full',
        runs: 1,
        produced: good + poisonIds.length,
        goodDelivered: handled.size - 1,
        duplicates,
        lost: good - (handled.size - 1),
        deadLettered: dead.length,
        replayed: replay.replayed,
        maxDeliveries,
        flowMs,
      });
      await admin.del(stream, deadLetterStream(stream));
    },
  );
});
