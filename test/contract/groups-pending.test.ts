// Groups, consumers and the pending list (ack, claim, auto-claim, poison flags) over every bridge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../helpers/redis';
import { BRIDGE_KINDS, openBridge, type BridgeUnderTest } from './bridges';
import { useSharedConsole, value } from './support';

const fixture = useSharedConsole();
const { redis, created } = fixture;

describe.each(BRIDGE_KINDS)('groups, consumers and pending over %s', (kind) => {
  let b: BridgeUnderTest;
  const stream = uniqueName(`contract-pel-${kind}`);

  beforeAll(async () => {
    b = await openBridge(kind, fixture.service);
    created.push(stream);
  });
  afterAll(async () => b.close());

  it('creates, lists, repositions and deletes groups', async () => {
    expect(value(await b.bridge.invoke('groups.create', { stream, group: 'g1', from: '0', mkstream: true }))).toEqual({ created: true });
    for (let i = 0; i < 5; i++) await redis.xadd(stream, '*', 'msg', JSON.stringify({ i }));
    value(await b.bridge.invoke('groups.create', { stream, group: 'g2' }));
    const groups = value(await b.bridge.invoke('groups.list', { stream }));
    expect(groups.map((g) => [g.name, g.lag])).toEqual([
      ['g1', 5],
      ['g2', 0],
    ]);
    value(await b.bridge.invoke('groups.setPosition', { stream, group: 'g2', id: '0' }));
    expect(value(await b.bridge.invoke('groups.list', { stream })).find((g) => g.name === 'g2')!.lastDeliveredId).toBe('0-0');
    expect(value(await b.bridge.invoke('groups.delete', { stream, group: 'g2' }))).toEqual({ deleted: true });
    expect(value(await b.bridge.invoke('groups.list', { stream })).map((g) => g.name)).toEqual(['g1']);
    expect(await b.bridge.invoke('groups.setPosition', { stream, group: 'nope', id: '$' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('lists pending per group and consumer, flags poison, acks, claims and auto-claims in bulk', async () => {
    // a gets 3 entries, b gets 2; a's first entry is delivered 6 more times (poison).
    const toA = (await redis.xreadgroup('GROUP', 'g1', 'a', 'COUNT', 3, 'STREAMS', stream, '>')) as Array<
      [string, Array<[string, string[]]>]
    >;
    await redis.xreadgroup('GROUP', 'g1', 'b', 'COUNT', 2, 'STREAMS', stream, '>');
    const aIds = toA[0][1].map(([id]) => id);
    for (let i = 0; i < 6; i++) await redis.xclaim(stream, 'g1', 'a', 0, aIds[0]);

    const all = value(await b.bridge.invoke('pending.list', { stream, group: 'g1', poisonThreshold: 5 }));
    expect(all.total).toBe(5);
    expect(all.perConsumer).toEqual([
      { consumer: 'a', count: 3 },
      { consumer: 'b', count: 2 },
    ]);
    expect(all.entries.filter((e) => e.poison).map((e) => e.id)).toEqual([aIds[0]]);
    expect(all.entries.find((e) => e.id === aIds[0])!.deliveries).toBe(7);
    const onlyB = value(await b.bridge.invoke('pending.list', { stream, group: 'g1', consumer: 'b' }));
    expect(onlyB.entries.every((e) => e.consumer === 'b')).toBe(true);
    const paged = value(await b.bridge.invoke('pending.list', { stream, group: 'g1', count: 2 }));
    expect(paged.next).toBe(paged.entries[1].id);
    const rest = value(await b.bridge.invoke('pending.list', { stream, group: 'g1', count: 10, from: paged.next! }));
    expect(rest.entries.length).toBe(3);

    const consumers = value(await b.bridge.invoke('consumers.list', { stream, group: 'g1' }));
    expect(consumers.map((c) => [c.name, c.pending, c.presence])).toEqual([
      ['a', 3, 'unknown'],
      ['b', 2, 'unknown'],
    ]);

    const claimed = value(await b.bridge.invoke('pending.claim', { stream, group: 'g1', ids: aIds.slice(1), consumer: 'b' }));
    expect(claimed.claimed.sort()).toEqual(aIds.slice(1).sort());
    expect(value(await b.bridge.invoke('pending.ack', { stream, group: 'g1', ids: [aIds[0]] }))).toEqual({ acked: 1 });
    const auto = value(await b.bridge.invoke('pending.autoClaim', { stream, group: 'g1', consumer: 'c', minIdleMs: 0 }));
    expect(auto.claimed.length).toBe(4);
    expect(auto.deleted).toEqual([]);
    const after = value(await b.bridge.invoke('pending.list', { stream, group: 'g1' }));
    expect(after.perConsumer).toEqual([{ consumer: 'c', count: 4 }]);

    expect(value(await b.bridge.invoke('consumers.delete', { stream, group: 'g1', consumer: 'c' }))).toEqual({ pendingDropped: 4 });
    expect(value(await b.bridge.invoke('pending.list', { stream, group: 'g1' })).total).toBe(0);
    await redis.xgroup('DESTROY', stream, 'g1');
  });
});
