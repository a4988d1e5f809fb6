// An instance owns what it has fetched: its buffered entries keep a fresh idle time (no claims by
// peers, delivery count unchanged), an entry a peer did win is never taken back (refresh, retry,
// stop release), a lapsed hold is confirmed before the entry starts, and a stuck instance lets go.
import { afterEach, describe, expect, it } from 'vitest';
import { EventConsumer, type EngineEvents } from '../../electron/engine';
import { holdOwn } from '../../electron/engine/hold';
import { delay, evStream, fixture, pendingCount, range, shared, until, type Ev } from './util';

const fx = fixture();
afterEach(() => fx.run());

type PendingRow = [string, string, number, number];
const pendingRows = async (stream: string, group: string) => (await shared.xpending(stream, group, '-', '+', 1000)) as PendingRow[];

describe('the hold on fetched entries', () => {
  it('a buffer held longer than claimIdleMs is not claimed by a peer, and its delivery counts stay 1', async () => {
    const name = fx.streamName('hold-slow');
    await shared.xgroup('CREATE', name, 'svc', '0', 'MKSTREAM');
    await fx.service({ service: 'p', instance: 'producer', presence: false }).createProducer(evStream(name)).produce(range(24));
    const claimed: Array<EngineEvents['claimed']> = [];
    const runs = new Map<number, number[]>();
    const opts = { claimIdleMs: 300, claimEveryMs: 50 };
    for (const pod of ['pod-a', 'pod-b']) {
      const svc = fx.service({ service: 'svc', instance: pod, presence: false });
      svc.events.on('claimed', (e) => claimed.push(e));
      // 12 each × 60 ms ≈ 720 ms of buffer per instance: 2.4 × claimIdleMs.
      await svc.subscribe(
        evStream(name),
        EventConsumer.immediate<Ev>(async (ev, meta) => {
          runs.set(ev.n, [...(runs.get(ev.n) ?? []), meta.deliveryCount]);
          await delay(60);
        }),
        { ...opts, prefetch: 12 },
      );
    }
    await until(async () => runs.size === 24 && (await pendingCount(name, 'svc')) === 0, 'all handled and acked');
    expect(claimed).toEqual([]);
    expect([...runs.values()].every((counts) => counts.length === 1 && counts[0] === 1)).toBe(true);
  });

  it("holdOwn re-takes only entries still pending on the caller: one a peer claimed stays the peer's", async () => {
    const name = fx.streamName('hold-race');
    await shared.xgroup('CREATE', name, 'svc', '0', 'MKSTREAM');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await shared.xadd(name, '*', 'msg', JSON.stringify({ n: i }))) as string);
    await shared.xreadgroup('GROUP', 'svc', 'pod-a', 'COUNT', 3, 'STREAMS', name, '>');
    await shared.xclaim(name, 'svc', 'pod-b', 0, ids[1]); // the peer won this one
    await delay(30);

    const refreshed = await holdOwn(shared, name, 'svc', 'pod-a', ids, { idleMs: 0, redeliver: false });
    expect([...refreshed].sort()).toEqual([ids[0], ids[2]]);
    let rows = await pendingRows(name, 'svc');
    expect(rows.map((r) => [r[0], r[1], Number(r[3])])).toEqual([
      [ids[0], 'pod-a', 1], // JUSTID: the refresh is not a delivery
      [ids[1], 'pod-b', 2],
      [ids[2], 'pod-a', 1],
    ]);
    expect(Number(rows[0][2])).toBeLessThan(30); // idle reset

    // A retry counts a delivery, still only for what is the caller's; a release marks entries idle.
    expect([...(await holdOwn(shared, name, 'svc', 'pod-a', [ids[0], ids[1]], { idleMs: 0, redeliver: true }))]).toEqual([ids[0]]);
    expect([...(await holdOwn(shared, name, 'svc', 'pod-a', [ids[1], ids[2]], { idleMs: 60_000, redeliver: false }))]).toEqual([ids[2]]);
    rows = await pendingRows(name, 'svc');
    expect(rows.map((r) => [r[1], Number(r[3])])).toEqual([
      ['pod-a', 2],
      ['pod-b', 2],
      ['pod-a', 1],
    ]);
    expect(Number(rows[2][2])).toBeGreaterThanOrEqual(60_000);
    expect(Number(rows[1][2])).toBeLessThan(60_000); // the peer's entry was not touched
  });

  it('an entry whose hold lapsed (event loop blocked) is confirmed before it starts: one a peer won is not run', async () => {
    const name = fx.streamName('hold-lapsed');
    await shared.xgroup('CREATE', name, 'svc', '0', 'MKSTREAM');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await shared.xadd(name, '*', 'msg', JSON.stringify({ n: i }))) as string);
    const svc = fx.service({ service: 'svc', instance: 'pod-a', presence: false });
    const ran: number[] = [];
    await svc.subscribe(
      evStream(name),
      EventConsumer.immediate<Ev>(async (ev) => {
        ran.push(ev.n);
        if (ev.n !== 0) return;
        // A peer claims entry 1 meanwhile, then this handler blocks the event loop past claimIdleMs:
        // no refresh can run, so entry 1 starts with a lapsed hold.
        await shared.xclaim(name, 'svc', 'pod-b', 0, ids[1]);
        const until = Date.now() + 500;
        while (Date.now() < until) {
          // busy: a CPU-bound handler
        }
      }),
      { claimIdleMs: 400, claimEveryMs: 60_000 },
    );
    await until(async () => ran.length === 2 && (await pendingCount(name, 'svc')) === 1, 'entries 0 and 2 handled');
    expect(ran).toEqual([0, 2]);
    const rows = await pendingRows(name, 'svc');
    expect(rows.map((r) => [r[0], r[1]])).toEqual([[ids[1], 'pod-b']]);
  });

  it('a stuck instance lets go of its buffer after claimIdleMs: a peer handles it, and the stuck one never runs those entries', async () => {
    const name = fx.streamName('hold-stuck');
    await shared.xgroup('CREATE', name, 'svc', '0', 'MKSTREAM');
    await fx.service({ service: 'p', instance: 'producer', presence: false }).createProducer(evStream(name)).produce(range(10));
    const { until: hang, release } = fx.hang();
    const byA: number[] = [];
    const byB: number[] = [];
    const opts = { claimIdleMs: 300, claimEveryMs: 50 };
    const a = fx.service({ service: 'svc', instance: 'pod-a', presence: false });
    await a.subscribe(
      evStream(name),
      EventConsumer.immediate<Ev>(async (ev) => {
        byA.push(ev.n);
        if (ev.n === 0) await hang;
      }),
      { ...opts, prefetch: 10 },
    );
    await until(() => byA.length === 1, 'pod-a hangs on entry 0 with 9 buffered');
    const b = fx.service({ service: 'svc', instance: 'pod-b', presence: false });
    await b.subscribe(
      evStream(name),
      EventConsumer.immediate<Ev>((ev) => void byB.push(ev.n)),
      opts,
    );
    await until(() => byB.length === 10, 'pod-b took over the buffer and the hung entry');
    release();
    await until(async () => (await pendingCount(name, 'svc')) === 0, 'all acked');
    await delay(100);
    expect(byA).toEqual([0]);
    expect([...byB].sort((x, y) => x - y)).toEqual(range(10).map((e) => e.n));
  });
});

describe('stop timeout', () => {
  it('stop() of a handler that never settles returns after stopTimeoutMs; its entry stays pending, marked idle for peers, and is not acked later', async () => {
    const name = fx.streamName('stop-timeout');
    const svc = fx.service({ service: 'svc', presence: false });
    const errors: Array<EngineEvents['error']> = [];
    svc.events.on('error', (e) => errors.push(e));
    const { until: never, release } = fx.hang();
    const claimIdleMs = 60_000;
    const sub = await svc.subscribe(
      evStream(name),
      EventConsumer.immediate(() => never),
      { stopTimeoutMs: 300, claimIdleMs, prefetch: 5 },
    );
    await svc.createProducer(evStream(name)).produce(range(3));
    await until(() => sub.stats().inFlight === 3, 'one handler hanging, two buffered');
    await sub.stop();
    expect(sub.state).toBe('stopped');
    expect(errors.map((e) => e.context)).toContain('stop timeout');
    expect(errors.find((e) => e.context === 'stop timeout')?.error).toMatch(/1 entry still in a handler after stopTimeoutMs \(300 ms\)/);
    // All three pending, every one marked idle so a peer's next claim pass takes it.
    const rows = await pendingRows(name, 'svc');
    expect(rows.length).toBe(3);
    expect(rows.every((r) => Number(r[2]) >= claimIdleMs)).toBe(true);
    release();
    await delay(100);
    expect(await pendingCount(name, 'svc')).toBe(3);
  });

  it('svc.close() finishes although a handler never settles', async () => {
    const name = fx.streamName('close-timeout');
    const svc = fx.service({ service: 'svc', presence: false, defaults: { stopTimeoutMs: 200 } });
    svc.events.on('error', () => {});
    let started = false;
    await svc.subscribe(
      evStream(name),
      EventConsumer.immediate(() => {
        started = true;
        return new Promise<void>(() => {});
      }),
    );
    await svc.createProducer(evStream(name)).produce({ n: 1 });
    await until(() => started, 'handler started');
    await svc.close();
    expect(svc.subscriptions()).toEqual([]);
    expect(await pendingCount(name, 'svc')).toBe(1);
  });
});
