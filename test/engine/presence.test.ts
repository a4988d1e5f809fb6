import { afterEach, describe, expect, it } from 'vitest';
import { EventConsumer, presenceIndexKey, presenceKey, readPresence, type EngineEvents } from '../../electron/engine';
import { delay, evStream, fixture, range, shared, until } from './util';

const fx = fixture();
afterEach(() => fx.run());

describe('presence and heartbeats', () => {
  it('announces each instance with its mode and counters, and tells live from stale after a crash', async () => {
    const name = fx.streamName('presence');
    const svcA = fx.service({ service: 'svc', instance: 'pod-a', presence: { heartbeatMs: 100 } });
    const svcB = fx.service({ service: 'svc', instance: 'pod-b', presence: { heartbeatMs: 100 } });
    const joined: Array<EngineEvents['instanceJoined']> = [];
    svcA.events.on('instanceJoined', (e) => joined.push(e));
    const subA = await svcA.subscribe(
      evStream(name),
      EventConsumer.immediate(() => {}),
      { concurrency: 2 },
    );
    const subB = await svcB.subscribe(
      evStream(name),
      EventConsumer.batched({ maxLatency: 50, maxBatchSize: 20 }, () => {}),
    );
    expect(joined).toEqual([
      expect.objectContaining({ instance: 'pod-a', group: 'svc', mode: { kind: 'immediate', concurrency: 2, prefetch: 100 } }),
    ]);
    await svcA.createProducer(evStream(name)).produce(range(40));
    await until(() => subA.stats().acked + subB.stats().acked === 40, 'all acked');
    await delay(250); // a heartbeat carries the counters

    const all = await readPresence(shared, name);
    expect(all.map((p) => [p.instance, p.live]).sort()).toEqual([
      ['pod-a', true],
      ['pod-b', true],
    ]);
    const a = all.find((p) => p.instance === 'pod-a');
    expect(a).toMatchObject({
      stream: name,
      group: 'svc',
      service: 'svc',
      pid: process.pid,
      heartbeatMs: 100,
      ttlMs: 300,
      mode: { kind: 'immediate', concurrency: 2 },
    });
    expect(a?.host).toBeTruthy();
    expect(a?.lastSeenAt).toBeGreaterThanOrEqual(a?.startedAt ?? Infinity);
    const b = all.find((p) => p.instance === 'pod-b');
    expect(b?.mode).toMatchObject({ kind: 'batched', maxLatencyMs: 50, maxBatchSize: 20 });
    expect((a?.stats?.acked ?? 0) + (b?.stats?.acked ?? 0)).toBe(40);
    expect(await shared.pttl(presenceKey(name, 'svc', 'pod-a'))).toBeGreaterThan(0);

    await subA.crash();
    await until(async () => (await readPresence(shared, name)).find((p) => p.instance === 'pod-a')?.live === false, 'pod-a stale');
    const after = await readPresence(shared, name);
    expect(after.find((p) => p.instance === 'pod-a')).toMatchObject({ live: false, group: 'svc' });
    expect(after.find((p) => p.instance === 'pod-b')?.live).toBe(true);

    // Graceful stop removes the record and the index entry.
    await subB.stop();
    expect(await shared.exists(presenceKey(name, 'svc', 'pod-b'))).toBe(0);
    expect((await readPresence(shared, name)).map((p) => p.instance)).toEqual(['pod-a']);
    expect(await shared.zcard(presenceIndexKey(name))).toBe(1);
  });

  it('forgets index entries of instances silent for a day when an instance starts', async () => {
    const name = fx.streamName('presence-forget');
    await shared.zadd(presenceIndexKey(name), Date.now() - 25 * 3600_000, JSON.stringify(['svc', 'ancient']));
    await shared.zadd(presenceIndexKey(name), Date.now() - 3600_000, JSON.stringify(['svc', 'recent']));
    const svc = fx.service({ service: 'svc', instance: 'pod-1' });
    await svc.subscribe(
      evStream(name),
      EventConsumer.immediate(() => {}),
    );
    expect((await readPresence(shared, name)).map((p) => [p.instance, p.live]).sort()).toEqual([
      ['pod-1', true],
      ['recent', false],
    ]);
  });

  it('instances started together beat at their own moments: the second beat falls in the second half of the first interval', async () => {
    const name = fx.streamName('presence-jitter');
    const heartbeatMs = 400;
    const instances = ['pod-a', 'pod-b', 'pod-c', 'pod-d'];
    await Promise.all(
      instances.map((instance) =>
        fx.service({ service: 'svc', instance, presence: { heartbeatMs } }).subscribe(
          evStream(name),
          EventConsumer.immediate(() => {}),
        ),
      ),
    );
    // Each beat writes its time as the instance's score in the stream's presence index.
    const beats = new Map<string, number[]>(instances.map((i) => [i, []]));
    const end = Date.now() + 2.5 * heartbeatMs;
    while (Date.now() < end) {
      const index = await shared.zrange(presenceIndexKey(name), 0, -1, 'WITHSCORES');
      for (let i = 0; i < index.length; i += 2) {
        const seen = beats.get(JSON.parse(index[i])[1] as string) as number[];
        const at = Number(index[i + 1]);
        if (seen[seen.length - 1] !== at) seen.push(at);
      }
      await delay(5);
    }
    const seconds: number[] = [];
    for (const [instance, at] of beats) {
      expect(at.length, `${instance} beats ${at.join(', ')}`).toBeGreaterThanOrEqual(3);
      const [start, second, third] = at;
      seconds.push(second - start);
      // Half to one interval after the start (timers may fire a little late on a busy host), then every interval.
      expect(second - start, instance).toBeGreaterThanOrEqual(heartbeatMs / 2);
      expect(second - start, instance).toBeLessThanOrEqual(heartbeatMs + 150);
      expect(third - second, instance).toBeGreaterThanOrEqual(heartbeatMs - 5);
      expect(third - second, instance).toBeLessThanOrEqual(heartbeatMs + 150);
    }
    // Not in step: four draws from 200 ms all within 10 ms of each other would be a ~1 in 2,000 chance.
    expect(Math.max(...seconds) - Math.min(...seconds), seconds.join(', ')).toBeGreaterThan(10);
  });

  it('stays off when presence: false', async () => {
    const name = fx.streamName('presence-off');
    const svc = fx.service({ service: 'svc', presence: false });
    await svc.subscribe(
      evStream(name),
      EventConsumer.immediate(() => {}),
    );
    expect(await readPresence(shared, name)).toEqual([]);
  });
});
