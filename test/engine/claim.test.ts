import { afterEach, describe, expect, it } from 'vitest';
import { EventConsumer, type EngineEvents } from '../../electron/engine';
import { delay, evStream, fixture, pendingCount, range, shared, until, type Ev } from './util';

const fx = fixture();
afterEach(() => fx.run());

describe('claiming entries of dead instances (XAUTOCLAIM)', () => {
  it('a live instance claims what a crashed instance left pending, over the whole PEL', async () => {
    const name = fx.streamName('claim');
    const svcA = fx.service({ service: 'svc', instance: 'pod-a' });
    const svcB = fx.service({ service: 'svc', instance: 'pod-b' });
    // pod-a takes 250 entries (more than one XAUTOCLAIM page of 100) and never finishes them.
    let aGot = 0;
    const subA = await svcA.subscribe(
      evStream(name),
      EventConsumer.immediate<Ev>(async () => {
        aGot++;
        await new Promise(() => {});
      }),
      { prefetch: 250 },
    );
    await svcA.createProducer(evStream(name)).produce(range(250));
    await until(() => aGot === 1, 'pod-a took work');
    await until(async () => (await pendingCount(name, 'svc')) === 250, 'all 250 pending on pod-a');
    await subA.crash();
    expect(subA.state).toBe('crashed');

    const claimed: Array<EngineEvents['claimed']> = [];
    svcB.events.on('claimed', (e) => claimed.push(e));
    const got = new Map<number, number>();
    await svcB.subscribe(
      evStream(name),
      EventConsumer.immediate<Ev>((ev, meta) => void got.set(ev.n, meta.deliveryCount)),
      { claimIdleMs: 300 },
    );
    await until(() => got.size === 250, 'pod-b handled all 250');
    expect(claimed.reduce((s, c) => s + c.ids.length, 0)).toBe(250);
    expect(claimed.every((c) => c.instance === 'pod-b' && c.group === 'svc' && c.from === 'pod-a')).toBe(true);
    expect(got.get(0)).toBe(2); // delivered to pod-a once, then claimed
    await until(async () => (await pendingCount(name, 'svc')) === 0, 'all acked by pod-b');
  });

  it('a claimed entry already delivered more than maxDeliveries times goes to the dead-letter stream', async () => {
    const name = fx.streamName('claim-poison');
    await shared.xgroup('CREATE', name, 'svc', '$', 'MKSTREAM');
    const id = await shared.xadd(name, '*', 'msg', '{"n":1}');
    // Simulate crash loops: four instances each took it and died.
    for (const pod of ['x1', 'x2', 'x3', 'x4']) {
      await shared.xclaim(name, 'svc', pod, 0, id as string).catch(() => {});
      if (pod === 'x1') await shared.xreadgroup('GROUP', 'svc', 'x1', 'STREAMS', name, '>');
    }
    const svc = fx.service({ service: 'svc', instance: 'survivor' });
    const dead: Array<EngineEvents['deadLettered']> = [];
    svc.events.on('deadLettered', (e) => dead.push(e));
    let handled = 0;
    await delay(150);
    await svc.subscribe(
      evStream(name),
      EventConsumer.immediate(() => void handled++),
      { claimIdleMs: 100, maxDeliveries: 3 },
    );
    await until(() => dead.length === 1, 'dead-lettered after claim');
    expect(dead[0]).toMatchObject({ id, instance: 'survivor' });
    expect(dead[0].reason).toMatch(/delivered 5 times/);
    expect(handled).toBe(0);
    await until(async () => (await pendingCount(name, 'svc')) === 0, 'acked');
  });

  it('an instance never re-claims entries it is still handling; a live peer takes over a hung instance', async () => {
    const name = fx.streamName('claim-hung');
    const svcA = fx.service({ service: 'svc', instance: 'pod-a' });
    let release: () => void = () => {};
    const hang = new Promise<void>((r) => (release = r));
    fx.cleanups.unshift(async () => release());
    await svcA.subscribe(
      evStream(name),
      EventConsumer.immediate(() => hang),
      { claimIdleMs: 300, claimEveryMs: 50, prefetch: 5 },
    );
    await svcA.createProducer(evStream(name)).produce(range(3));
    await delay(1500); // five claim windows while pod-a hangs on the first entry
    const rows = (await shared.xpending(name, 'svc', '-', '+', 10)) as Array<[string, string, number, number]>;
    expect(rows.map((r) => [r[1], Number(r[3])])).toEqual([
      ['pod-a', 1],
      ['pod-a', 1],
      ['pod-a', 1],
    ]);

    const svcB = fx.service({ service: 'svc', instance: 'pod-b' });
    const claimed: Array<EngineEvents['claimed']> = [];
    svcB.events.on('claimed', (e) => claimed.push(e));
    const got: Array<[number, number]> = [];
    await svcB.subscribe(
      evStream(name),
      EventConsumer.immediate<Ev>((ev, meta) => void got.push([ev.n, meta.deliveryCount])),
      { claimIdleMs: 300, claimEveryMs: 50 },
    );
    await until(() => got.length === 3, 'pod-b took all three over');
    expect(got.sort()).toEqual([
      [0, 2],
      [1, 2],
      [2, 2],
    ]);
    expect(claimed.every((c) => c.from === 'pod-a')).toBe(true);
  });
});
