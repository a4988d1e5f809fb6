import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { EventStreamService, eventStream, type EngineEvents } from '../../electron/engine';
import { startPrivateRedis, type PrivateRedis } from '../helpers/redis';
import { compareIds } from '../../electron/engine';

let priv: PrivateRedis;
let admin: Redis;
let svc: EventStreamService;
beforeAll(async () => {
  priv = await startPrivateRedis({ appendonly: false });
  admin = new Redis(priv.url);
  svc = new EventStreamService({ redis: priv.url, service: 'writer', instance: 'w1', presence: false });
});
afterAll(async () => {
  await svc?.close();
  admin?.disconnect();
  await priv?.dispose();
});

describe('EventProducer', () => {
  it('stores a large batch in order across Lua chunks, all ids returned, one produced event', async () => {
    const produced: Array<EngineEvents['produced']> = [];
    const off = svc.events.on('produced', (e) => produced.push(e));
    const ids = await svc.createProducer(eventStream<{ n: number }>('big')).produce(Array.from({ length: 2500 }, (_, n) => ({ n })));
    off();
    expect(ids).toHaveLength(2500);
    for (let i = 1; i < ids.length; i++) expect(compareIds(ids[i - 1], ids[i])).toBeLessThan(0);
    const rows = await admin.xrange('big', '-', '+');
    expect(rows.map(([id]) => id)).toEqual(ids);
    expect(rows[2499][1]).toEqual(['msg', '{"n":2499}']);
    expect(produced).toEqual([expect.objectContaining({ stream: 'big', count: 2500 })]);
  });

  it('works after the server forgot its scripts (NOSCRIPT → EVAL)', async () => {
    const producer = svc.createProducer(eventStream<{ n: number }>('flushed'));
    await producer.produce([{ n: 1 }]);
    await admin.script('FLUSH');
    expect(await producer.produce([{ n: 2 }, { n: 3 }])).toHaveLength(2);
    expect(await admin.xlen('flushed')).toBe(3);
  });

  it('caps the stream with MAXLEN ~ (approximate), or not at all with maxLen 0', async () => {
    const capped = svc.createProducer(eventStream<{ n: number }>('capped'), { maxLen: 50 });
    for (let i = 0; i < 10; i++) await capped.produce(Array.from({ length: 100 }, (_, n) => ({ n })));
    const len = await admin.xlen('capped');
    expect(len).toBeGreaterThanOrEqual(50);
    expect(len).toBeLessThan(1000);
    const uncapped = svc.createProducer(eventStream<{ n: number }>('uncapped'), { maxLen: 0 });
    for (let i = 0; i < 10; i++) await uncapped.produce(Array.from({ length: 100 }, (_, n) => ({ n })));
    await uncapped.produce({ n: -1 });
    expect(await admin.xlen('uncapped')).toBe(1001);
    expect(() => svc.createProducer(eventStream('bad'), { maxLen: -5 })).toThrow(/maxLen/);
  });

  it('rejects an event that cannot be encoded, naming the problem, and stores nothing of that batch', async () => {
    const producer = svc.createProducer(eventStream<unknown>('unencodable'));
    await expect(producer.produce([{ ok: 1 }, undefined])).rejects.toThrow(/JSON/);
    expect(await admin.xlen('unencodable')).toBe(0);
    expect(await producer.produce([])).toEqual([]);
  });

  it('a single event: the id it was stored under, a produced event only when someone listens, and a rejection (never a throw) for what cannot be encoded', async () => {
    const producer = svc.createProducer(eventStream<unknown>('single'));
    const quiet = await producer.produce({ n: 1 });
    const produced: Array<EngineEvents['produced']> = [];
    const off = svc.events.on('produced', (e) => produced.push(e));
    const heard = await producer.produce({ n: 2 });
    off();
    expect((await admin.xrange('single', '-', '+')).map(([id, fields]) => [id, fields])).toEqual([
      [quiet, ['msg', '{"n":1}']],
      [heard, ['msg', '{"n":2}']],
    ]);
    expect(produced).toEqual([expect.objectContaining({ stream: 'single', ids: [heard], count: 1 })]);
    let sync: unknown = null;
    let pending: Promise<string> | null = null;
    try {
      pending = producer.produce(undefined);
    } catch (e) {
      sync = e;
    }
    expect(sync).toBeNull();
    await expect(pending).rejects.toThrow(/JSON/);
    expect(await admin.xlen('single')).toBe(2);
  });
});
