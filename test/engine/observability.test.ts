import { afterEach, describe, expect, it } from 'vitest';
import { EventConsumer, LatencyHistogram, RateMeter, TypedEmitter, idTime, type EngineEvents } from '../../electron/engine';
import { delay, evStream, fixture, range, until, type Ev } from './util';

const fx = fixture();
afterEach(() => fx.run());

describe('engine events', () => {
  it('emits produced → delivered → acked with timestamps and ids, and per-subscription stats', async () => {
    const name = fx.streamName('obs');
    const svc = fx.service({ service: 'svc' });
    const log: Array<{ kind: keyof EngineEvents; e: EngineEvents[keyof EngineEvents] }> = [];
    for (const kind of ['produced', 'delivered', 'acked', 'instanceJoined'] as const) svc.events.on(kind, (e) => log.push({ kind, e }));
    const sub = await svc.subscribe(
      evStream(name),
      EventConsumer.immediate<Ev>(async () => {
        await delay(2);
      }),
    );
    const ids = await svc.createProducer(evStream(name)).produce(range(20));
    await until(() => log.filter((l) => l.kind === 'acked').length === 20, '20 acked events');

    const produced = log.filter((l) => l.kind === 'produced').map((l) => l.e as EngineEvents['produced']);
    expect(produced).toEqual([expect.objectContaining({ stream: name, ids, count: 20 })]);
    const delivered = log.filter((l) => l.kind === 'delivered').map((l) => l.e as EngineEvents['delivered']);
    expect(delivered.map((d) => d.id)).toEqual(ids);
    expect(delivered[0]).toMatchObject({ group: 'svc', instance: 'pod-1', deliveryCount: 1, producedAt: idTime(ids[0]) });
    const acked = log.filter((l) => l.kind === 'acked').map((l) => l.e as EngineEvents['acked']);
    expect(acked.map((a) => a.id).sort()).toEqual([...ids].sort());
    for (const a of acked) {
      expect(a.handlerMs).toBeGreaterThanOrEqual(1);
      expect(a.at).toBeGreaterThanOrEqual(delivered.find((d) => d.id === a.id)?.at ?? Infinity);
    }
    expect(log[0].kind).toBe('instanceJoined');

    const stats = sub.stats();
    expect(stats).toMatchObject({ delivered: 20, acked: 20, failed: 0, inFlight: 0 });
    expect(stats.deliverToAckMs?.count).toBe(20);
    expect(stats.deliverToAckMs?.p50).toBeGreaterThanOrEqual(1);
    expect(stats.deliverToAckMs?.p99).toBeGreaterThanOrEqual(stats.deliverToAckMs?.p50 ?? Infinity);
  });

  it('a throwing observer does not break delivery; has() says whether anyone listens', async () => {
    const emitter = new TypedEmitter<{ ping: number }>();
    expect(emitter.has('ping')).toBe(false);
    const got: number[] = [];
    emitter.on('ping', () => {
      throw new Error('bad observer');
    });
    const off = emitter.on('ping', (n) => void got.push(n));
    expect(emitter.has('ping')).toBe(true);
    emitter.emit('ping', 1);
    off();
    emitter.emit('ping', 2);
    expect(got).toEqual([1]);
  });
});

describe('LatencyHistogram and RateMeter', () => {
  it('percentiles over a sliding window', () => {
    const h = new LatencyHistogram(1000, 10_000);
    const now = 1_000_000;
    for (let i = 1; i <= 100; i++) h.record(i, now);
    expect(h.summary(now)).toEqual({ p50: 51, p95: 96, p99: 100, count: 100 });
    h.record(5000, now + 9_000);
    expect(h.summary(now + 10_500)).toEqual({ p50: 5000, p95: 5000, p99: 5000, count: 1 });
    expect(h.summary(now + 30_000)).toBeNull();
  });

  it('orders samples by value, negative ones too (a producer clock ahead of this one)', () => {
    const h = new LatencyHistogram(8, 10_000);
    const now = 1_000_000;
    for (const ms of [-5, 10, 2]) h.record(ms, now);
    expect(h.summary(now)).toEqual({ p50: 2, p95: 10, p99: 10, count: 3 });
    h.recordMany(-7, 2, now);
    expect(h.summary(now)).toEqual({ p50: -5, p95: 10, p99: 10, count: 5 });
  });

  it('values it cannot pack into one sortable number (fractions, huge) are ordered all the same', () => {
    const now = 1_000_000;
    const fractions = new LatencyHistogram(8, 10_000);
    for (const ms of [2.5, -1.25, 2.25]) fractions.record(ms, now);
    fractions.recordMany(0.5, 3, now);
    expect(fractions.summary(now)).toEqual({ p50: 0.5, p95: 2.5, p99: 2.5, count: 6 });
    // An entry id far in the future makes a huge negative latency: beyond what value × slots keeps exact.
    const huge = new LatencyHistogram(2048, 10_000);
    huge.record(-(2 ** 60), now);
    huge.record(3, now);
    huge.recordMany(2 ** 52, 2, now);
    expect(huge.summary(now)).toEqual({ p50: 2 ** 52, p95: 2 ** 52, p99: 2 ** 52, count: 4 });
    huge.recordMany(1, 10, now);
    expect(huge.summary(now)).toEqual({ p50: 1, p95: 2 ** 52, p99: 2 ** 52, count: 14 });
  });

  it('equal samples in the same millisecond share a slot, so a small ring keeps them all', () => {
    const h = new LatencyHistogram(2, 10_000);
    const now = 1_000_000;
    for (let i = 0; i < 3; i++) h.record(5, now);
    h.recordMany(5, 2, now);
    h.record(7, now);
    expect(h.summary(now)).toEqual({ p50: 5, p95: 7, p99: 7, count: 6 });
    // Another millisecond starts a slot of its own (the oldest, all the 5s, gives way).
    h.record(7, now + 1);
    expect(h.summary(now + 1)).toEqual({ p50: 7, p95: 7, p99: 7, count: 2 });
  });

  it('equal values in many slots, weighted, in a full ring', () => {
    const h = new LatencyHistogram(64, 10_000);
    const now = 1_000_000;
    // 200 slots through a ring of 64: the last 64 are values 136..199 mod 7 (0..6), weight = value + 1.
    for (let i = 0; i < 200; i++) h.recordMany(i % 7, (i % 7) + 1, now);
    const expected: number[] = [];
    for (let i = 136; i < 200; i++) for (let c = 0; c <= i % 7; c++) expected.push(i % 7);
    expected.sort((a, b) => a - b);
    const at = (q: number) => expected[Math.min(expected.length - 1, Math.floor(q * expected.length))];
    expect(h.summary(now)).toEqual({ p50: at(0.5), p95: at(0.95), p99: at(0.99), count: expected.length });
  });

  it('a run of equal samples counts as that many samples', () => {
    const h = new LatencyHistogram(4, 10_000);
    const now = 1_000_000;
    // 97 samples of 10 ms (one acked batch), then 3 slow ones: p50 and p95 are 10, p99 is slow.
    h.recordMany(10, 97, now);
    h.record(500, now);
    h.record(700, now);
    h.record(900, now);
    expect(h.summary(now)).toEqual({ p50: 10, p95: 10, p99: 900, count: 100 });
    // Four slots: the next run takes the oldest one's place.
    h.recordMany(20, 2, now + 1);
    expect(h.summary(now + 1)).toEqual({ p50: 500, p95: 900, p99: 900, count: 5 });
    h.recordMany(30, 0, now + 2);
    expect(h.summary(now + 2)?.count).toBe(5);
  });

  it('matches the percentiles of every sample written out, for close values (tallied) and far apart ones (sorted)', () => {
    // A seeded generator: the same cases every run.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const now = 1_000_000;
    for (const spread of [3, 50, 4095, 4096, 100_000]) {
      for (let trial = 0; trial < 20; trial++) {
        const h = new LatencyHistogram(64, 10_000);
        const samples: number[] = [];
        // More slots than the ring keeps, some outside the window: only the last 64 in the window count.
        const slots = 1 + Math.floor(random() * 100);
        const kept: Array<{ ms: number; count: number; at: number }> = [];
        for (let i = 0; i < slots; i++) {
          const ms = Math.floor(random() * spread) - Math.floor(spread / 3);
          const count = 1 + Math.floor(random() * 5);
          const at = now - (random() < 0.2 ? 20_000 : 0) + i;
          h.recordMany(ms, count, at);
          kept.push({ ms, count, at });
        }
        const end = now + slots;
        for (const k of kept.slice(-64)) if (k.at >= end - 10_000) for (let c = 0; c < k.count; c++) samples.push(k.ms);
        samples.sort((a, b) => a - b);
        const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
        const expected = samples.length === 0 ? null : { p50: at(0.5), p95: at(0.95), p99: at(0.99), count: samples.length };
        expect(h.summary(end), `spread ${spread}, trial ${trial}`).toEqual(expected);
      }
    }
  });

  it('the running tally answers as the ring would: window expiry, overwritten slots, joins, time stepping back', () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const capacity = 32;
    const windowMs = 1_000;
    let byTally = 0;
    let summaries = 0;
    for (let trial = 0; trial < 40; trial++) {
      const h = new LatencyHistogram(capacity, windowMs);
      // The ring as written out: a sample equal to the last slot's, in the same millisecond, joins it.
      const slots: Array<{ ms: number; count: number; at: number }> = [];
      let now = 5_000_000;
      for (let step = 0; step < 300; step++) {
        // Mostly forward in small steps; now and then a pause longer than the window, or a step back.
        const r = random();
        now += r < 0.005 ? -Math.floor(random() * 2_000) : r < 0.035 ? windowMs + Math.floor(random() * 500) : Math.floor(random() * 40);
        // Whole milliseconds in the tally's range, now and then one beyond it or below zero.
        const v = random();
        const ms = v < 0.004 ? 1_024 + Math.floor(random() * 5_000) : v < 0.008 ? -1 - Math.floor(random() * 5) : Math.floor(random() * 8);
        const count = 1 + Math.floor(random() * 4);
        h.recordMany(ms, count, now);
        const last = slots[slots.length - 1];
        if (last && last.ms === ms && last.at === now) last.count += count;
        else slots.push({ ms, count, at: now });
        if (slots.length > capacity) slots.shift();
        if (random() < 0.3) {
          const samples: number[] = [];
          for (const k of slots) if (k.at >= now - windowMs) for (let c = 0; c < k.count; c++) samples.push(k.ms);
          samples.sort((a, b) => a - b);
          const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
          const expected = samples.length === 0 ? null : { p50: at(0.5), p95: at(0.95), p99: at(0.99), count: samples.length };
          // Which path answered (undefined: the tally could not), then the answer itself.
          summaries++;
          if (h['summaryByTally'](now - windowMs) !== undefined) byTally++;
          expect(h.summary(now), `trial ${trial}, step ${step}`).toEqual(expected);
        }
      }
    }
    // Both paths answered: the tally most summaries, the ring scans the rest.
    expect(byTally, `${byTally} of ${summaries} by the tally`).toBeGreaterThan(summaries / 2);
    expect(byTally, `${byTally} of ${summaries} by the tally`).toBeLessThan(summaries);
  });

  it('events per second over complete seconds', () => {
    const r = new RateMeter(5);
    const t = 2_000_000;
    for (let s = 0; s < 5; s++) r.add(10, t + s * 1000);
    expect(r.perSecond(t + 4_500)).toBe(10);
    expect(r.perSecond(t + 60_000)).toBe(0);
  });
});
