import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RedisBroadcastingStream, broadcastStream, type BroadcastEvents } from '../../electron/engine';
import { SHARED_REDIS_URL, startPrivateRedis, uniqueName, type PrivateRedis } from '../helpers/redis';
import { delay, until } from './util';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await (closers.pop() as () => Promise<void>)();
});
const make = (redis: string | Redis = SHARED_REDIS_URL, onError?: (e: { channel: string; payload: string; error: string }) => void) => {
  const b = new RedisBroadcastingStream({ redis, onError });
  closers.push(() => b.close());
  return b;
};

describe('RedisBroadcastingStream', () => {
  it('every subscriber gets every message; broadcast returns the receiver count; channel = name, payload = JSON', async () => {
    const stream = broadcastStream<{ id: number }>(uniqueName('bc'));
    const a = make();
    const b = make();
    const gotA: number[] = [];
    const gotB: number[] = [];
    await a.subscribe(stream, (m) => void gotA.push(m.id));
    await b.subscribe(stream, (m) => void gotB.push(m.id));
    const raw = new Redis(SHARED_REDIS_URL);
    const rawGot: string[] = [];
    await raw.subscribe(stream.name);
    raw.on('message', (ch: string, payload: string) => void (ch === stream.name && rawGot.push(payload)));
    try {
      expect(await a.broadcast({ id: 1 }, stream)).toBe(3);
      expect(await b.broadcast({ id: 2 }, stream.name)).toBe(3);
      await until(() => gotA.length === 2 && gotB.length === 2 && rawGot.length === 2, 'fan-out');
      expect(gotA).toEqual([1, 2]);
      expect(gotB).toEqual([1, 2]);
      expect(rawGot).toEqual(['{"id":1}', '{"id":2}']);
    } finally {
      raw.disconnect();
    }
  });

  it('uses one subscriber connection for many channels; unsubscribing removes the listener', async () => {
    const b = make();
    const names = [uniqueName('bc1'), uniqueName('bc2'), uniqueName('bc3')];
    const got: string[] = [];
    const offs = [];
    for (const n of names) offs.push(await b.subscribe(n, (m: { n: string }) => void got.push(m.n)));
    expect(await b.broadcast({ n: 'x' }, names[0])).toBe(1);
    await until(() => got.length === 1, 'x');
    await offs[0]();
    await offs[0](); // idempotent
    expect(await b.broadcast({ n: 'y' }, names[0])).toBe(0);
    // Subscribing again after unsubscribe does not deliver twice (UCloud's leftover-listener bug).
    await b.subscribe(names[0], (m: { n: string }) => void got.push(m.n));
    expect(await b.broadcast({ n: 'z' }, names[0])).toBe(1);
    await b.broadcast({ n: 'w' }, names[1]);
    await until(() => got.length === 3, `messages, got ${JSON.stringify(got)}`);
    await delay(50);
    expect(got).toEqual(['x', 'z', 'w']);
    expect(b.channels().sort()).toEqual([...names].sort());
  });

  it('reports a malformed payload instead of throwing, and keeps delivering', async () => {
    const name = uniqueName('bc-bad');
    const errors: Array<{ channel: string; payload: string; error: string }> = [];
    const events: Array<BroadcastEvents['malformed']> = [];
    const b = make(SHARED_REDIS_URL, (e) => errors.push(e));
    b.events.on('malformed', (e) => events.push(e));
    const got: unknown[] = [];
    await b.subscribe(name, (m) => void got.push(m));
    const raw = new Redis(SHARED_REDIS_URL);
    try {
      await raw.publish(name, 'not json {');
      await raw.publish(name, '{"ok":true}');
    } finally {
      raw.disconnect();
    }
    await until(() => got.length === 1 && errors.length === 1, 'one good, one reported');
    expect(got).toEqual([{ ok: true }]);
    expect(errors[0]).toMatchObject({ channel: name, payload: 'not json {' });
    expect(errors[0].error).toMatch(/not JSON/);
    expect(events).toHaveLength(1);
  });

  it('rejects a nameless stream with a clear error', async () => {
    const b = make();
    await expect(b.broadcast({}, '')).rejects.toThrow(/name/);
    expect(() => broadcastStream('')).toThrow(/name/);
  });
});

describe('RedisBroadcastingStream across a reconnect (private server)', () => {
  let priv: PrivateRedis;
  afterAll(async () => priv?.dispose());

  it('restores subscriptions after the subscriber connection is killed, and reports the gap', async () => {
    priv = await startPrivateRedis({ appendonly: false });
    const admin = new Redis(priv.url);
    admin.on('error', () => {}); // expected while the server restarts
    closers.push(async () => admin.disconnect());
    const b = make(priv.url);
    const gaps: Array<BroadcastEvents['resubscribed']> = [];
    b.events.on('resubscribed', (e) => gaps.push(e));
    const got: number[] = [];
    await b.subscribe('jobs', (m: { n: number }) => void got.push(m.n));
    await b.subscribe('other', () => {});
    // One subscriber connection for all channels of this RedisBroadcastingStream.
    expect(
      String(await admin.call('CLIENT', 'LIST', 'TYPE', 'pubsub'))
        .trim()
        .split('\n'),
    ).toHaveLength(1);
    expect(await admin.publish('jobs', '{"n":1}')).toBe(1);
    await admin.client('KILL', 'TYPE', 'pubsub');
    await until(() => gaps.length === 1, 'resubscribed');
    expect(gaps[0].channels.sort()).toEqual(['jobs', 'other']);
    expect(gaps[0].to).toBeGreaterThanOrEqual(gaps[0].from);
    await until(async () => (await admin.publish('jobs', '{"n":2}')) === 1, 'subscribed again');
    await until(() => got.includes(2), 'message after reconnect');
    expect(got[0]).toBe(1);

    // And across a full server restart.
    await priv.restart();
    await until(async () => (await admin.publish('jobs', '{"n":3}').catch(() => 0)) === 1, 'subscribed after restart', 20_000);
    await until(() => got.includes(3), 'message after restart');
    expect(gaps.length).toBe(2);
  });
});
