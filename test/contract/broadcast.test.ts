// Broadcast traffic: channels with subscriber counts and rates, live tail by channel and pattern
// with several console subscribers (fan-out), and gap reporting when Redis drops a subscriber.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BroadcastMessage } from '../../shared/dto';
import { VALUE_PREVIEW_BYTES } from '../../shared/entry-budget';
import { valueToBytes } from '../../shared/value-bytes';
import { uniqueName } from '../helpers/redis';
import { BRIDGE_KINDS, openBridge, type BridgeUnderTest } from './bridges';
import { collect, eventually, useSharedConsole, value } from './support';

const fixture = useSharedConsole();
const { redis } = fixture;

describe.each(BRIDGE_KINDS)('broadcast over %s', (kind) => {
  let b: BridgeUnderTest;
  const prefix = uniqueName(`contract-bc-${kind}`);

  beforeAll(async () => {
    b = await openBridge(kind, fixture.service);
  });
  afterAll(async () => b.close());

  it('fans each message out to every console subscriber, with per-subscriber sequence numbers', async () => {
    const channel = `${prefix}:jobs`;
    const { subscriptionId } = value(await b.bridge.invoke('broadcast.subscribe', { channel, subscribers: 2 }));
    const got = collect(
      b.bridge,
      'broadcast.messages',
      (all) => all.flatMap((m) => m.messages).filter((m) => m.subscriptionId === subscriptionId).length >= 6,
    );
    // At least our two: a console measuring rates elsewhere on this server (a pattern subscription) counts too.
    expect(await redis.publish(channel, '{"n":1}')).toBeGreaterThanOrEqual(2);
    await redis.publish(channel, '{"n":2}');
    await redis.publish(channel, 'not json');
    const messages = (await got.done).flatMap((m) => m.messages).filter((m) => m.subscriptionId === subscriptionId);
    for (const subscriber of [0, 1]) {
      const mine = messages.filter((m) => m.subscriber === subscriber);
      expect(mine.map((m) => [m.seq, m.payload])).toEqual([
        [1, '{"n":1}'],
        [2, '{"n":2}'],
        [3, 'not json'],
      ]);
      expect(mine[0]).toMatchObject({ channel, pattern: null, value: { n: 1 } });
      expect(mine[2].value).toBeUndefined();
    }
    // Tails do not measure rates (broadcast.measureRates does): no rate rather than a guess.
    const channels = value(await b.bridge.invoke('broadcast.channels', { pattern: `${prefix}:*` }));
    expect(channels).toEqual([{ name: channel, subscribers: 2, messagesPerSec: null, rateSource: 'not-measured' }]);
    expect(value(await b.bridge.invoke('broadcast.unsubscribe', { subscriptionId }))).toEqual({ stopped: true });
    await eventually(async () => (await redis.pubsub('NUMSUB', channel))[1] === 0, 5000, 'subscribers gone');
  });

  it('keeps every payload byte: binary as \\xNN text with the exact bytes, a huge one as a preview with its size, deep JSON as text', async () => {
    const channel = `${prefix}:bytes`;
    const { subscriptionId } = value(await b.bridge.invoke('broadcast.subscribe', { channel }));
    const got = collect(
      b.bridge,
      'broadcast.messages',
      (all) => all.flatMap((m) => m.messages).filter((m) => m.subscriptionId === subscriptionId).length >= 3,
    );
    const binary = Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0xc3]);
    const huge = Buffer.alloc(VALUE_PREVIEW_BYTES * 3, 'é'); // 2-byte characters: the preview ends at a character boundary
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    await redis.publish(channel, binary);
    await redis.publish(channel, huge);
    await redis.publish(channel, deep);
    const [first, second, third] = (await got.done).flatMap((m) => m.messages).filter((m) => m.subscriptionId === subscriptionId);
    expect(first.payload).toBe('\\xFF\\xFE{\u0000\\xC3');
    expect(Buffer.from(valueToBytes(first.bytes!))).toEqual(binary);
    expect(first.bytes).toMatchObject({ size: 5 });
    expect(first.value).toBeUndefined();
    expect(second.bytes).toMatchObject({ size: huge.length, truncated: true });
    expect(Buffer.byteLength(second.payload)).toBeLessThanOrEqual(VALUE_PREVIEW_BYTES);
    expect(huge.toString('utf8').startsWith(second.payload)).toBe(true);
    expect(third.payload).toBe(deep);
    expect(third.bytes).toBeUndefined();
    expect(third.value).toBeUndefined();
    value(await b.bridge.invoke('broadcast.unsubscribe', { subscriptionId }));
  });

  it('tails by pattern', async () => {
    const { subscriptionId } = value(await b.bridge.invoke('broadcast.subscribe', { channel: `${prefix}:p:*`, isPattern: true }));
    const got = collect(b.bridge, 'broadcast.messages', (all) =>
      all.flatMap((m) => m.messages).some((m) => m.subscriptionId === subscriptionId),
    );
    await redis.publish(`${prefix}:p:one`, '{"hello":true}');
    const [message] = (await got.done).flatMap((m) => m.messages).filter((m) => m.subscriptionId === subscriptionId) as BroadcastMessage[];
    expect(message).toMatchObject({ channel: `${prefix}:p:one`, pattern: `${prefix}:p:*`, value: { hello: true } });
    value(await b.bridge.invoke('broadcast.unsubscribe', { subscriptionId }));
  });

  it('reports a gap when Redis drops a subscriber, and keeps receiving after it resubscribes', async () => {
    const channel = `${prefix}:gap`;
    const { subscriptionId } = value(await b.bridge.invoke('broadcast.subscribe', { channel }));
    const gap = collect(b.bridge, 'broadcast.gap', (all) => all.some((g) => g.subscriptionId === subscriptionId));
    const clients = (await redis.client('LIST')) as string;
    const line = clients.split('\n').find((l) => l.includes(`name=streamscope:broadcast:${subscriptionId}:0`));
    expect(line).toBeDefined();
    const id = /id=(\d+)/.exec(line!)![1];
    await redis.client('KILL', 'ID', id);
    const [report] = (await gap.done).filter((g) => g.subscriptionId === subscriptionId);
    expect(report.to).toBeGreaterThanOrEqual(report.from);
    expect(report.reason.length).toBeGreaterThan(0);
    const after = collect(b.bridge, 'broadcast.messages', (all) =>
      all.flatMap((m) => m.messages).some((m) => m.subscriptionId === subscriptionId),
    );
    await eventually(async () => (await redis.publish(channel, '{"back":true}')) > 0, 5000, 'resubscribed');
    expect((await after.done).flatMap((m) => m.messages).find((m) => m.subscriptionId === subscriptionId)!.value).toEqual({ back: true });
    value(await b.bridge.invoke('broadcast.unsubscribe', { subscriptionId }));
  });

  it('measures channel rates only while a measurement runs, and says "not measured" otherwise', async () => {
    const channel = `${prefix}:rates`;
    // Another program's subscriber and publisher: the console is not subscribed to this channel.
    const app = redis.duplicate();
    await app.subscribe(channel);
    const rateOf = async () => value(await b.bridge.invoke('broadcast.channels', { pattern: channel }))[0];
    let sent = 0;
    const startedAt = Date.now();
    const publisher = setInterval(() => void redis.publish(channel, '{"tick":true}').then(() => sent++), 50);
    try {
      expect(await rateOf()).toEqual({ name: channel, subscribers: 1, messagesPerSec: null, rateSource: 'not-measured' });
      const { measureId } = value(await b.bridge.invoke('broadcast.measureRates', {}));
      const measured = await eventually(
        async () => {
          const c = await rateOf();
          return c.rateSource === 'measured' && (c.messagesPerSec ?? 0) > 0 ? c : null;
        },
        10_000,
        'a measured rate',
      );
      const sentPerSec = (sent * 1000) / (Date.now() - startedAt);
      expect(measured.subscribers).toBe(1); // a pattern subscription is not counted by NUMSUB
      expect(measured.measuredForMs).toBeGreaterThanOrEqual(1000);
      expect(measured.messagesPerSec!).toBeLessThanOrEqual(sentPerSec * 2);
      expect(value(await b.bridge.invoke('broadcast.stopRates', { measureId }))).toEqual({ stopped: true });
      expect(value(await b.bridge.invoke('broadcast.stopRates', { measureId }))).toEqual({ stopped: false });
      expect(await rateOf()).toMatchObject({ messagesPerSec: null, rateSource: 'not-measured' });
    } finally {
      clearInterval(publisher);
      app.disconnect();
    }
  });

  it.skipIf(kind === 'direct')(
    'stops a page’s rate measurement when the page goes away (IPC and WebSocket; a direct bridge has no page to lose)',
    async () => {
      const channel = `${prefix}:owned`;
      const app = redis.duplicate();
      await app.subscribe(channel);
      try {
        const page = await openBridge(kind, fixture.service);
        value(await page.bridge.invoke('broadcast.measureRates', {}));
        await eventually(
          async () => value(await b.bridge.invoke('broadcast.channels', { pattern: channel }))[0].rateSource === 'measured',
          10_000,
          'measuring',
        );
        await page.close();
        await eventually(
          async () => value(await b.bridge.invoke('broadcast.channels', { pattern: channel }))[0].rateSource === 'not-measured',
          10_000,
          'stopped with the page',
        );
      } finally {
        app.disconnect();
      }
    },
  );
});
