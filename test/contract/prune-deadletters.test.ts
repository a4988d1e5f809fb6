// Prune preview/run (engine policies, safe mode) and dead letters (listed, replayed), over every bridge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../helpers/redis';
import { BRIDGE_KINDS, openBridge, type BridgeUnderTest } from './bridges';
import { eventually, useSharedConsole, value } from './support';

const fixture = useSharedConsole();
const { redis, created } = fixture;

describe.each(BRIDGE_KINDS)('prune and dead letters over %s', (kind) => {
  let b: BridgeUnderTest;
  const stream = uniqueName(`contract-prune-${kind}`);

  beforeAll(async () => {
    b = await openBridge(kind, fixture.service);
    created.push(stream, `${stream}-dl`, `${stream}-bytes`);
  });
  afterAll(async () => b.close());

  it('previews then prunes by length, keeping what a group has not read in safe mode', async () => {
    for (let i = 1; i <= 20; i++) await redis.xadd(stream, `${i}-0`, 'msg', JSON.stringify({ i }));
    await redis.xgroup('CREATE', stream, 'reader', '0');
    await redis.xreadgroup('GROUP', 'reader', 'r1', 'COUNT', 10, 'STREAMS', stream, '>');
    await redis.xack(stream, 'reader', ...Array.from({ length: 8 }, (_, i) => `${i + 1}-0`));
    // 10 delivered, 8 acked: entries 9 and 10 pending, 11..20 undelivered.
    const preview = value(await b.bridge.invoke('prune.preview', { stream, policy: { kind: 'maxLength', maxLength: 5 }, safe: true }));
    expect(preview).toMatchObject({ stream, lengthBefore: 20, wouldRemove: 8, firstId: '1-0', lastId: '8-0', safe: true });
    expect(preview.keptForSafety).toBe(7);
    const unsafe = value(await b.bridge.invoke('prune.preview', { stream, policy: { kind: 'maxLength', maxLength: 5 }, safe: false }));
    expect(unsafe).toMatchObject({ wouldRemove: 15, pending: 2, undelivered: 5 });
    expect(value(await b.bridge.invoke('prune.run', { stream, policy: { kind: 'maxLength', maxLength: 5 } }))).toEqual({
      stream,
      removed: 8,
      lengthAfter: 12,
    });
    expect(await redis.xlen(stream)).toBe(12);
    // The journey of a trimmed entry ends in 'pruned'; one still pending says who holds it.
    const trimmed = value(await b.bridge.invoke('entries.journey', { stream, id: '3-0' }));
    expect(trimmed.map((s) => s.kind)).toEqual(expect.arrayContaining(['produced', 'pruned']));
    const held = value(await b.bridge.invoke('entries.journey', { stream, id: '9-0' }));
    expect(held.find((s) => s.kind === 'pending')).toMatchObject({ group: 'reader', instance: 'r1' });
    expect(await b.bridge.invoke('prune.preview', { stream: `${stream}-none`, policy: { kind: 'maxAge', maxAgeMs: 1 } })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('lists dead letters from a failing hosted instance and replays them', async () => {
    const dl = `${stream}-dl`;
    const failing = value(
      await b.bridge.invoke('instances.join', {
        stream: dl,
        group: 'svc',
        instance: 'always-fails',
        mode: { kind: 'immediate' },
        failureRate: 1,
        maxDeliveries: 2,
        from: '0',
      }),
    );
    for (let i = 0; i < 3; i++) value(await b.bridge.invoke('publish.event', { stream: dl, json: JSON.stringify({ bad: i }) }));
    const page = await eventually(
      async () => {
        const p = value(await b.bridge.invoke('deadLetters.list', { stream: dl }));
        return p.length === 3 ? p : null;
      },
      20_000,
      '3 dead letters',
    );
    value(await b.bridge.invoke('instances.leave', { id: failing.id }));
    expect(page.entries.map((e) => JSON.parse(e.payload.text ?? '') as { bad: number })).toEqual([{ bad: 0 }, { bad: 1 }, { bad: 2 }]);
    expect(page.entries[0].fields.map((f) => f.name.text)).toEqual(['msg']);
    expect(page.entries[0]).toMatchObject({
      stream: dl,
      group: 'svc',
      consumer: 'always-fails',
      deliveries: 2,
      error: expect.stringContaining('simulated failure'),
    });
    const [[firstDead]] = await redis.xrange(dl, '-', '+', 'COUNT', 1);
    const journey = value(await b.bridge.invoke('entries.journey', { stream: dl, id: firstDead }));
    expect(journey.map((s) => s.kind)).toEqual(expect.arrayContaining(['produced', 'delivered', 'failed', 'dead-lettered']));
    const before = await redis.xlen(dl);
    const replayed = value(await b.bridge.invoke('deadLetters.replay', { stream: dl, ids: page.entries.slice(0, 2).map((e) => e.id) }));
    expect(replayed).toEqual({ replayed: 2 });
    expect(await redis.xlen(dl)).toBe(before + 2);
    expect(value(await b.bridge.invoke('deadLetters.list', { stream: dl })).length).toBe(1);
  });

  it('a payload that is not UTF-8 keeps its bytes: dead letter → list (base64) → replay → the same bytes in the stream', async () => {
    const bytes = `${stream}-bytes`;
    const payload = Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0xc3]);
    await redis.xadd(bytes, '*', 'msg', payload, 'source', Buffer.from([0x00, 0xff]));
    const reader = value(
      await b.bridge.invoke('instances.join', {
        stream: bytes,
        group: 'svc',
        instance: 'reads-bytes',
        mode: { kind: 'immediate' },
        from: '0',
      }),
    );
    const page = await eventually(
      async () => {
        const p = value(await b.bridge.invoke('deadLetters.list', { stream: bytes }));
        return p.length === 1 ? p : null;
      },
      20_000,
      'the entry dead-lettered as not JSON',
    );
    value(await b.bridge.invoke('instances.leave', { id: reader.id }));
    const [dead] = page.entries;
    expect(dead.payload).toEqual({ base64: payload.toString('base64'), size: 5 });
    expect(dead.fields).toEqual([
      { name: { text: 'msg', size: 3 }, value: { base64: payload.toString('base64'), size: 5 } },
      { name: { text: 'source', size: 6 }, value: { base64: Buffer.from([0x00, 0xff]).toString('base64'), size: 2 } },
    ]);
    expect(dead.fieldCount).toBe(2);
    expect(value(await b.bridge.invoke('deadLetters.replay', { stream: bytes, ids: [dead.id] }))).toEqual({ replayed: 1 });
    const rows = await redis.xrangeBuffer(bytes, '-', '+');
    expect(rows).toHaveLength(2);
    expect(rows[1][1]).toEqual([Buffer.from('msg'), payload, Buffer.from('source'), Buffer.from([0x00, 0xff])]);
    expect(rows[1][1][1].toString('hex')).toBe('fffe7b00c3');
  });
});
