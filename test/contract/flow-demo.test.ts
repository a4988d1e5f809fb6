// The flow feed (stream → group → instance rates, pushed each second) and the demo (two services ×
// three hosted instances, a producer, a broadcast channel; stop removes everything), over every bridge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../helpers/redis';
import { BRIDGE_KINDS, openBridge, type BridgeUnderTest } from './bridges';
import { collect, eventually, useSharedConsole, value } from './support';

const fixture = useSharedConsole();
const { redis, created } = fixture;

describe.each(BRIDGE_KINDS)('flow and demo over %s', (kind) => {
  let b: BridgeUnderTest;

  beforeAll(async () => {
    b = await openBridge(kind, fixture.service);
  });
  afterAll(async () => b.close());

  it('pushes flow ticks with per-instance delivery rates and shares for a watched stream', async () => {
    const stream = uniqueName(`contract-flow-${kind}`);
    created.push(stream);
    const ids = [];
    for (const instance of ['a', 'b']) {
      ids.push(value(await b.bridge.invoke('instances.join', { stream, group: 'svc', instance, mode: { kind: 'immediate' } })).id);
    }
    const first = value(await b.bridge.invoke('flow.watch', { stream }));
    expect(first).toMatchObject({
      stream,
      groups: [
        {
          group: 'svc',
          instances: [
            { instance: 'a', hosted: true, presence: 'live' },
            { instance: 'b', hosted: true },
          ],
        },
      ],
    });
    const job = value(
      await b.bridge.invoke('publish.start', {
        target: { kind: 'stream', name: stream },
        template: '{"n":{{seq}}}',
        count: 100000,
        ratePerSec: 100,
      }),
    );
    const ticks = collect(
      b.bridge,
      'flow.tick',
      (all) =>
        all.some((t) =>
          t.some(
            (s) => s.stream === stream && s.producedPerSec > 0 && s.groups[0]?.instances.filter((i) => i.deliveredPerSec > 0).length === 2,
          ),
        ),
      20_000,
    );
    const seen = await ticks.done;
    value(await b.bridge.invoke('publish.cancel', { jobId: job.jobId }));
    const last = seen
      .flat()
      .filter((s) => s.stream === stream)
      .pop()!;
    const group = last.groups[0];
    const shares = group.instances.map((i) => i.share);
    expect(shares.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
    expect(group.deliveredPerSec).toBeGreaterThan(0);
    expect(last.length).toBeGreaterThan(0);
    expect(value(await b.bridge.invoke('flow.unwatch', { stream }))).toEqual({ stopped: true });
    for (const id of ids) value(await b.bridge.invoke('instances.leave', { id }));
  });

  it('counts watchers: one page unwatching does not stop the ticks another page watches', async () => {
    const stream = uniqueName(`contract-flow-two-${kind}`);
    created.push(stream);
    await redis.xadd(stream, '*', 'msg', '{"n":1}');
    value(await b.bridge.invoke('flow.watch', { stream }));
    value(await b.bridge.invoke('flow.watch', { stream }));
    expect(value(await b.bridge.invoke('flow.unwatch', { stream }))).toEqual({ stopped: true });
    const ticks = collect(b.bridge, 'flow.tick', (all) => all.some((t) => t.some((s) => s.stream === stream)), 5_000);
    expect((await ticks.done).length).toBeGreaterThan(0);
    expect(value(await b.bridge.invoke('flow.unwatch', { stream }))).toEqual({ stopped: true });
    expect(value(await b.bridge.invoke('flow.unwatch', { stream }))).toEqual({ stopped: false });
  });

  it('starts a demo of 2 services × 3 instances with traffic, and stop removes what it made', async () => {
    const changed = collect(b.bridge, 'demo.changed', (all) => all.some((d) => d.running));
    const demo = value(await b.bridge.invoke('demo.start', { ratePerSec: 100 }));
    expect(demo).toMatchObject({ running: true, ratePerSec: 100, services: ['demo-orchestrator', 'demo-accounting'] });
    expect(demo.instanceIds).toHaveLength(6);
    await changed.done;
    const stream = demo.stream!;
    created.push(stream);
    await eventually(
      async () => {
        const groups = value(await b.bridge.invoke('groups.list', { stream }));
        return groups.length === 2 && groups.every((g) => (g.entriesRead ?? 0) > 20) ? groups : null;
      },
      15_000,
      'both services reading',
    );
    const consumers = value(await b.bridge.invoke('consumers.list', { stream, group: 'demo-orchestrator' }));
    expect(consumers.filter((c) => c.presence === 'live' && c.hostedId)).toHaveLength(3);
    // The demo's channel has live listeners, so it is listed like any channel someone hears.
    const channels = value(await b.bridge.invoke('broadcast.channels', { pattern: demo.channel! }));
    expect(channels).toEqual([expect.objectContaining({ name: demo.channel, subscribers: 3 })]);
    const { subscriptionId } = value(await b.bridge.invoke('broadcast.subscribe', { channel: demo.channel! }));
    const notes = collect(b.bridge, 'broadcast.messages', (all) =>
      all.flatMap((m) => m.messages).some((m) => m.subscriptionId === subscriptionId),
    );
    const [note] = (await notes.done).flatMap((m) => m.messages).filter((m) => m.subscriptionId === subscriptionId);
    expect(note.value).toMatchObject({ type: 'notification' });
    value(await b.bridge.invoke('broadcast.unsubscribe', { subscriptionId }));
    expect(value(await b.bridge.invoke('demo.status', {})).running).toBe(true);

    const stopped = value(await b.bridge.invoke('demo.stop', {}));
    expect(stopped.running).toBe(false);
    expect(value(await b.bridge.invoke('broadcast.channels', { pattern: demo.channel! }))).toEqual([]);
    expect(await redis.exists(stream, `${stream}.dead-letter`)).toBe(0);
    const [, leftovers] = await redis.scan('0', 'MATCH', `streamscope:*{${stream}}*`, 'COUNT', 100000);
    expect(leftovers).toEqual([]);
    const running = value(await b.bridge.invoke('instances.list', {})).filter((h) => demo.instanceIds.includes(h.id));
    expect(running.every((h) => h.state === 'left')).toBe(true);
  });
});
