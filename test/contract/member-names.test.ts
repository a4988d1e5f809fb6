// Group and consumer names that are not UTF-8 (written by other programs) are listed with their
// bytes escaped and address the same group and consumer again: list, pending, claim, ack, delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyNameFromBytes } from '../../shared/key-name';
import { uniqueName } from '../helpers/redis';
import { BRIDGE_KINDS, openBridge, type BridgeUnderTest } from './bridges';
import { useSharedConsole, value } from './support';

const fixture = useSharedConsole();
const { redis } = fixture;

describe.each(BRIDGE_KINDS)('group and consumer names that are not UTF-8 over %s', (kind) => {
  let b: BridgeUnderTest;
  const stream = uniqueName(`contract-member-${kind}`);
  const groupBytes = Buffer.from([0x67, 0xff, 0xfe]); // "g" then two bytes that are not UTF-8
  const consumerBytes = Buffer.from([0x70, 0xc3]);
  const group = keyNameFromBytes(groupBytes);
  const consumer = keyNameFromBytes(consumerBytes);

  beforeAll(async () => {
    b = await openBridge(kind, fixture.service);
    await redis.xadd(stream, '1-0', 'n', '1');
    await redis.xadd(stream, '2-0', 'n', '2');
    await redis.xgroup('CREATE', stream, groupBytes, '0');
    await redis.xreadgroup('GROUP', groupBytes, consumerBytes, 'COUNT', 2, 'STREAMS', stream, '>');
  });
  afterAll(async () => {
    await redis.del(stream);
    await b.close();
  });

  it('lists them exactly and acts on the same group and consumer', async () => {
    const groups = value(await b.bridge.invoke('groups.list', { stream }));
    expect(groups.map((g) => g.name)).toEqual([group]);
    expect(groups[0]).toMatchObject({ pending: 2, consumers: 1 });
    const consumers = value(await b.bridge.invoke('consumers.list', { stream, group }));
    expect(consumers.map((c) => c.name)).toEqual([consumer]);
    const pending = value(await b.bridge.invoke('pending.list', { stream, group }));
    expect(pending.entries.map((e) => [e.id, e.consumer])).toEqual([
      ['1-0', consumer],
      ['2-0', consumer],
    ]);
    expect(pending.perConsumer).toEqual([{ consumer, count: 2 }]);
    expect(value(await b.bridge.invoke('pending.claim', { stream, group, ids: ['1-0'], consumer }))).toEqual({ claimed: ['1-0'] });
    expect(value(await b.bridge.invoke('pending.ack', { stream, group, ids: ['1-0'] }))).toEqual({ acked: 1 });
    const journey = value(await b.bridge.invoke('entries.journey', { stream, id: '2-0' }));
    expect(journey.find((s) => s.kind === 'pending')).toMatchObject({ group, instance: consumer });
    expect(value(await b.bridge.invoke('consumers.delete', { stream, group, consumer }))).toEqual({ pendingDropped: 1 });
    expect(value(await b.bridge.invoke('groups.delete', { stream, group }))).toEqual({ deleted: true });
    expect(await redis.xinfo('GROUPS', stream)).toEqual([]);
  });

  it('refuses to host an instance in such a group, saying why', async () => {
    const reply = await b.bridge.invoke('instances.join', { stream, group, mode: { kind: 'immediate', concurrency: 1 } });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.message).toContain('must be UTF-8 text to host an instance');
  });
});
