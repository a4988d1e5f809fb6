import { afterEach, describe, expect, it } from 'vitest';
import { EventConsumer, type EngineEvents } from '../../electron/engine';
import { delay, evStream, fixture, pendingCount, range, shared, until, type Ev } from './util';

const fx = fixture();
afterEach(() => fx.run());

describe('subscription lifecycle', () => {
  it('stop() waits for in-flight handlers and acks them; prefetched unstarted entries stay pending', async () => {
    const name = fx.streamName('life-stop');
    const svc = fx.service({ service: 'svc' });
    let started = 0;
    let finished = 0;
    const sub = await svc.subscribe(
      evStream(name),
      EventConsumer.immediate<Ev>(async () => {
        started++;
        await delay(200);
        finished++;
      }),
      { concurrency: 2, prefetch: 10 },
    );
    await svc.createProducer(evStream(name)).produce(range(10));
    await until(() => started === 2, 'two handlers running');
    await sub.stop();
    expect(sub.state).toBe('stopped');
    expect(finished).toBe(started);
    // Acked what finished; the rest is pending for this instance (re-read first on restart) or others to claim.
    expect(await pendingCount(name, 'svc')).toBe(10 - finished);

    // A restarted instance with the same name re-reads its own pending entries first.
    let again = 0;
    const sub2 = await svc.subscribe(
      evStream(name),
      EventConsumer.immediate(() => void again++),
    );
    await until(() => again === 10 - finished, 'own pending re-read');
    await sub2.stop();
    expect(await pendingCount(name, 'svc')).toBe(0);
  });

  it('stop() releases prefetched entries the handler never saw, so a peer claims them on its next pass', async () => {
    const name = fx.streamName('life-release');
    const svcA = fx.service({ service: 'svc', instance: 'pod-a' });
    const svcB = fx.service({ service: 'svc', instance: 'pod-b' });
    let startedA = 0;
    const subA = await svcA.subscribe(
      evStream(name),
      EventConsumer.immediate(async () => {
        startedA++;
        await delay(100);
      }),
      { prefetch: 20, claimIdleMs: 60_000 },
    );
    await svcA.createProducer(evStream(name)).produce(range(20));
    await until(() => startedA === 1, 'pod-a busy with the first');
    await subA.stop();
    const left = await pendingCount(name, 'svc');
    expect(left).toBe(20 - startedA);
    const rows = (await shared.xpending(name, 'svc', '-', '+', 100)) as Array<[string, string, number, number]>;
    expect(rows.every((r) => r[1] === 'pod-a' && Number(r[3]) === 1)).toBe(true);
    // Same 60 s claimIdleMs: without the release pod-b would wait a minute (beyond the test timeout).
    const gotB: number[] = [];
    await svcB.subscribe(
      evStream(name),
      EventConsumer.immediate<Ev>((ev) => void gotB.push(ev.n)),
      { claimIdleMs: 60_000, claimEveryMs: 100 },
    );
    await until(() => gotB.length === left, 'pod-b claimed the released entries');
    expect(await pendingCount(name, 'svc')).toBe(0);
  });

  it('pause() stops taking new entries, resume() continues', async () => {
    const name = fx.streamName('life-pause');
    const svc = fx.service({ service: 'svc' });
    const seen: number[] = [];
    const sub = await svc.subscribe(
      evStream(name),
      EventConsumer.immediate<Ev>((ev) => void seen.push(ev.n)),
    );
    const producer = svc.createProducer(evStream(name));
    await producer.produce({ n: 0 });
    await until(() => seen.length === 1, 'first');
    sub.pause();
    expect(sub.state).toBe('paused');
    await producer.produce([{ n: 1 }, { n: 2 }]);
    await delay(300);
    expect(seen).toEqual([0]);
    sub.resume();
    await until(() => seen.length === 3, 'after resume');
    expect(seen).toEqual([0, 1, 2]);
  });

  it('crash() acks nothing in flight; close() of the service waits for handlers', async () => {
    const name = fx.streamName('life-crash');
    const svc = fx.service({ service: 'svc' });
    const left: Array<EngineEvents['instanceLeft']> = [];
    svc.events.on('instanceLeft', (e) => left.push(e));
    let release: () => void = () => {};
    const sub = await svc.subscribe(
      evStream(name),
      EventConsumer.immediate(() => new Promise<void>((r) => (release = r))),
    );
    await svc.createProducer(evStream(name)).produce(range(3));
    await until(async () => (await pendingCount(name, 'svc')) === 3, 'three pending');
    await sub.crash();
    release();
    await delay(100);
    expect(await pendingCount(name, 'svc')).toBe(3);
    expect(left).toEqual([expect.objectContaining({ reason: 'crash', instance: 'pod-1' })]);

    const svc2 = fx.service({ service: 'svc2' });
    let done = 0;
    await svc2.subscribe(
      evStream(name),
      EventConsumer.immediate(async () => {
        await delay(150);
        done++;
      }),
      { from: '0' },
    );
    await until(() => done === 0 && svc2.subscriptions()[0].stats().inFlight > 0, 'svc2 busy');
    await svc2.close();
    expect(done).toBeGreaterThanOrEqual(1);
    expect(await pendingCount(name, 'svc2')).toBe(3 - done);
  });

  it('stop() cuts a retry backoff short and leaves the failed entry pending', async () => {
    const name = fx.streamName('life-backoff');
    const svc = fx.service({ service: 'svc' });
    let calls = 0;
    const sub = await svc.subscribe(
      evStream(name),
      EventConsumer.immediate(() => {
        calls++;
        throw new Error('always');
      }),
      { retryBaseMs: 120_000, retryMaxMs: 120_000 },
    );
    await svc.createProducer(evStream(name)).produce({ n: 1 });
    await until(() => calls === 1, 'first failure');
    await sub.stop(); // would take two minutes (beyond the test timeout) if the backoff were awaited
    expect(sub.state).toBe('stopped');
    expect(calls).toBe(1);
    expect(await pendingCount(name, 'svc')).toBe(1);
  });

  it('says so when its group is deleted under it, creates it again and keeps receiving', async () => {
    const name = fx.streamName('life-nogroup');
    const svc = fx.service({ service: 'svc' });
    const errors: Array<EngineEvents['error']> = [];
    svc.events.on('error', (e) => errors.push(e));
    const got: number[] = [];
    const sub = await svc.subscribe(
      evStream(name),
      EventConsumer.immediate<Ev>((ev) => void got.push(ev.n)),
      { blockMs: 200 },
    );
    const producer = svc.createProducer(evStream(name));
    await producer.produce([{ n: 1 }]);
    await until(() => got.includes(1), 'the first event');
    await shared.xgroup('DESTROY', name, 'svc');
    await until(() => errors.some((e) => e.context === 'group missing'), 'the missing group reported');
    const report = errors.find((e) => e.context === 'group missing')!;
    expect(report).toMatchObject({ stream: name, group: 'svc', instance: 'pod-1' });
    expect(report.error).toBe(
      `group svc of stream ${name} no longer exists; creating it again (entries added before it is back are not delivered)`,
    );
    await until(async () => ((await shared.xinfo('GROUPS', name)) as unknown[]).length === 1, 'the group created again');
    await producer.produce([{ n: 2 }]);
    await until(() => got.includes(2), 'events after the group is back');
    expect(errors.filter((e) => e.context === 'group create')).toEqual([]);
    await sub.stop();
  });
});
