// Redis drops a subscriber whose output buffer passes client-output-buffer-limit (UCloud never
// noticed): the console resubscribes and reports the gap, and the tail carries on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createConsole, type ConsoleService } from '../../electron/console';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../electron/console/embedded-redis';
import type { BroadcastGap, BroadcastMessage } from '../../shared/dto';
import { eventually, value } from './support';

let redis: EmbeddedRedis;
let service: ConsoleService;
let publisher: Redis;

beforeAll(async () => {
  redis = await startEmbeddedRedis('redis-server', ['--client-output-buffer-limit', 'pubsub 64kb 32kb 60']);
  service = await createConsole({ redis: redis.url });
  publisher = new Redis(redis.url);
});
afterAll(async () => {
  publisher.disconnect();
  await service.close();
  await redis.stop();
});

describe('broadcast subscriber dropped by Redis', () => {
  it('reports the gap and keeps receiving after resubscribing', async () => {
    const gaps: BroadcastGap[] = [];
    const messages: BroadcastMessage[] = [];
    service.onEvent((event, payload) => {
      if (event === 'broadcast.gap') gaps.push(payload as BroadcastGap);
      if (event === 'broadcast.messages') messages.push(...(payload as { messages: BroadcastMessage[] }).messages);
    });
    const { subscriptionId } = value(await service.dispatch('broadcast.subscribe', { channel: 'alerts' })) as { subscriptionId: string };
    expect(await publisher.publish('alerts', '{"small":1}')).toBe(1);
    // One message over the hard limit: Redis closes the subscriber's connection at once.
    await publisher.publish('alerts', JSON.stringify({ big: 'x'.repeat(256 * 1024) }));
    const gap = await eventually(async () => gaps.find((g) => g.subscriptionId === subscriptionId), 15_000, 'gap reported');
    expect(gap.to).toBeGreaterThanOrEqual(gap.from);
    expect(gap.reason.length).toBeGreaterThan(0);
    await eventually(async () => (await publisher.publish('alerts', '{"small":2}')) === 1, 10_000, 'resubscribed');
    await eventually(
      async () => messages.some((m) => (m.value as { small?: number } | undefined)?.small === 2),
      10_000,
      'message after the gap',
    );
    expect(messages.some((m) => (m.value as { big?: string } | undefined)?.big)).toBe(false);
  }, 60_000);
});
