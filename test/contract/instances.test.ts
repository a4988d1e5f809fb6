// Hosted instances: real engine subscriptions visible as consumers with presence and metrics;
// pause/resume, crash (pending left for others to claim) and leave; membership timeline and the
// journey of an entry; over every bridge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../helpers/redis';
import { BRIDGE_KINDS, openBridge, type BridgeUnderTest } from './bridges';
import { collect, eventually, useSharedConsole, value } from './support';

const fixture = useSharedConsole();
const { redis, created } = fixture;

describe.each(BRIDGE_KINDS)('hosted instances over %s', (kind) => {
  let b: BridgeUnderTest;
  const stream = uniqueName(`contract-inst-${kind}`);
  const group = 'svc';

  beforeAll(async () => {
    b = await openBridge(kind, fixture.service);
    created.push(stream);
  });
  afterAll(async () => b.close());

  it('joins two instances that share the group load and show up as live consumers with metrics', async () => {
    let oneId = '';
    const changed = collect(b.bridge, 'instances.changed', (all) => all.some((list) => list.some((h) => h.id === oneId)));
    const one = value(await b.bridge.invoke('instances.join', { stream, group, instance: 'one', mode: { kind: 'immediate' }, from: '0' }));
    oneId = one.id;
    const two = value(
      await b.bridge.invoke('instances.join', {
        stream,
        group,
        instance: 'two',
        mode: { kind: 'batched', maxLatencyMs: 50, maxBatchSize: 10 },
        from: '0',
      }),
    );
    expect(one).toMatchObject({
      stream,
      group,
      instance: 'one',
      state: 'running',
      ackMode: 'auto',
      mode: { kind: 'immediate', concurrency: 1 },
    });
    expect(two.mode).toEqual({ kind: 'batched', maxLatencyMs: 50, maxBatchSize: 10 });
    const pushed = (await changed.done).flat().find((h) => h.id === one.id);
    expect(pushed).toMatchObject({ instance: 'one', state: 'running' });

    for (let i = 0; i < 60; i++) value(await b.bridge.invoke('publish.event', { stream, json: JSON.stringify({ i }) }));
    const hosted = await eventually(
      async () => {
        const list = value(await b.bridge.invoke('instances.list', {})).filter((h) => h.stream === stream);
        return list.reduce((n, h) => n + h.acked, 0) === 60 ? list : null;
      },
      15_000,
      'all 60 acked',
    );
    expect(hosted.every((h) => h.delivered > 0)).toBe(true);

    const consumers = value(await b.bridge.invoke('consumers.list', { stream, group }));
    const byName = new Map(consumers.map((c) => [c.name, c]));
    expect(byName.get('one')).toMatchObject({
      presence: 'live',
      hostedId: one.id,
      pid: process.pid,
      mode: { kind: 'immediate' },
      pending: 0,
    });
    expect(byName.get('two')).toMatchObject({ presence: 'live', hostedId: two.id, mode: { kind: 'batched' } });
    expect(byName.get('one')!.metrics).not.toBeNull();
    const timeline = value(await b.bridge.invoke('flow.timeline', { stream }));
    expect(
      timeline
        .filter((e) => e.kind === 'joined')
        .map((e) => e.instance)
        .sort(),
    ).toEqual(['one', 'two']);

    // The journey of one entry: produced, delivered to an instance of svc, acked there.
    const [[firstId]] = await redis.xrange(stream, '-', '+', 'COUNT', 1);
    const journey = value(await b.bridge.invoke('entries.journey', { stream, id: firstId }));
    expect(journey.map((s) => s.kind)).toEqual(expect.arrayContaining(['produced', 'delivered', 'acked']));
    expect(journey[0].kind).toBe('produced');

    value(await b.bridge.invoke('instances.leave', { id: one.id }));
    value(await b.bridge.invoke('instances.leave', { id: two.id }));
  });

  it('pauses and resumes', async () => {
    const inst = value(await b.bridge.invoke('instances.join', { stream, group, instance: 'pausable', mode: { kind: 'immediate' } }));
    expect(value(await b.bridge.invoke('instances.pause', { id: inst.id })).state).toBe('paused');
    expect(value(await b.bridge.invoke('instances.resume', { id: inst.id })).state).toBe('running');
    const left = value(await b.bridge.invoke('instances.leave', { id: inst.id }));
    expect(left.state).toBe('left');
    expect(await b.bridge.invoke('instances.pause', { id: inst.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await b.bridge.invoke('instances.leave', { id: 'missing' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('crash leaves pending entries that a surviving instance claims and acks', async () => {
    const crashStream = `${stream}-crash`;
    created.push(crashStream);
    const slow = value(
      await b.bridge.invoke('instances.join', {
        stream: crashStream,
        group,
        instance: 'doomed',
        mode: { kind: 'immediate', prefetch: 5 },
        processingDelayMs: 60_000,
        from: '0',
      }),
    );
    for (let i = 0; i < 5; i++) value(await b.bridge.invoke('publish.event', { stream: crashStream, json: JSON.stringify({ i }) }));
    // The engine prefetches what it may; whatever it holds when it crashes must stay pending.
    const held = await eventually(
      async () => {
        const p = value(await b.bridge.invoke('pending.list', { stream: crashStream, group }));
        return p.total >= 2 ? p.total : null;
      },
      10_000,
      'entries pending on doomed',
    );
    const crashed = value(await b.bridge.invoke('instances.crash', { id: slow.id }));
    expect(crashed.state).toBe('crashed');
    expect(crashed.acked).toBe(0);
    const pending = value(await b.bridge.invoke('pending.list', { stream: crashStream, group }));
    expect(pending.perConsumer).toEqual([{ consumer: 'doomed', count: held }]);

    const survivor = value(
      await b.bridge.invoke('instances.join', {
        stream: crashStream,
        group,
        instance: 'survivor',
        mode: { kind: 'immediate' },
        claimIdleMs: 300,
      }),
    );
    await eventually(
      async () => value(await b.bridge.invoke('pending.list', { stream: crashStream, group })).total === 0,
      15_000,
      'claimed and acked',
    );
    const after = value(await b.bridge.invoke('instances.list', {})).find((h) => h.id === survivor.id)!;
    expect(after.acked).toBe(5);
    const timeline = value(await b.bridge.invoke('flow.timeline', { stream: crashStream }));
    expect(timeline.map((e) => `${e.instance}:${e.kind}`)).toEqual(
      expect.arrayContaining(['doomed:joined', 'doomed:crashed', 'survivor:joined']),
    );
    value(await b.bridge.invoke('instances.leave', { id: survivor.id }));
  });

  it("a hosted instance's engine errors are counted on it and shown on its timeline", async () => {
    const errStream = `${stream}-errors`;
    created.push(errStream);
    const inst = value(
      await b.bridge.invoke('instances.join', {
        stream: errStream,
        group,
        instance: 'sees-errors',
        mode: { kind: 'immediate' },
        from: '0',
      }),
    );
    // Deleting the stream fails the instance's read (Redis 7 unblocks it: UNBLOCKED …) or its next
    // claim pass (NOGROUP); the engine recreates the group and keeps reading. Deleted again until
    // one of them has failed.
    const seen = await eventually(
      async () => {
        await redis.del(errStream);
        return value(await b.bridge.invoke('instances.list', {})).find((h) => h.id === inst.id && h.errors);
      },
      15_000,
      'an error on the instance',
    );
    const { count, last } = seen.errors!;
    expect(count).toBeGreaterThanOrEqual(1);
    expect(['read', 'claim', 'group missing']).toContain(last.context);
    expect(last.message).toMatch(/no longer exists|NOGROUP/);
    const timeline = value(await b.bridge.invoke('flow.timeline', { stream: errStream }));
    const shown = timeline.filter((e) => e.kind === 'error' && e.instance === 'sees-errors');
    expect(shown.length).toBeGreaterThanOrEqual(1);
    expect(shown[0]).toMatchObject({ group, detail: expect.stringMatching(/^(read|claim|group missing): (.*no longer exists|NOGROUP)/) });
    // It keeps consuming: the group was recreated.
    value(await b.bridge.invoke('publish.event', { stream: errStream, json: '{"after":1}' }));
    await eventually(
      async () => value(await b.bridge.invoke('instances.list', {})).find((h) => h.id === inst.id && h.acked === 1),
      15_000,
      'consuming again',
    );
    value(await b.bridge.invoke('instances.leave', { id: inst.id }));
  });
});
