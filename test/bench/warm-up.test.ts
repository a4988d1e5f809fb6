// The bench's warm-up: a consumer process drains a backlog of its own with the same kind of
// consumer before the measured flow, and leaves nothing behind on the shared Redis.
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { openConsumer } from '../../bench/drivers';
import type { ConsumerConfig } from '../../bench/drivers/types';
import { warmUpConsumer } from '../../bench/harness/warm-up';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = new Redis(url);
afterAll(() => redis.disconnect());

describe('bench warm-up', () => {
  it.each<ConsumerConfig>([
    // Each way the bare loop reads a reply (bytes decoded in place, text emptied, text kept).
    ...(['bytes', 'text', 'text-kept'] as const).map((reply): ConsumerConfig => ({
      kind: 'bare-stream',
      redis: url,
      instance: 'w',
      stream: `bench-warm-test:bare-${reply}`,
      group: 'g',
      count: 100,
      blockMs: 100,
      reply,
    })),
    {
      kind: 'engine-batched',
      redis: url,
      instance: 'w',
      stream: 'bench-warm-test:engine',
      service: 'g',
      maxBatchSize: 100,
      maxLatencyMs: 10,
    },
  ])('$kind $reply drains every warm-up event and deletes its stream', async (config) => {
    const delivered: number[] = [];
    await warmUpConsumer(config, 2_500, (c, deliver) =>
      openConsumer(c, (event) => {
        delivered.push(event.seq);
        deliver(event);
      }),
    );
    expect(delivered.length).toBe(2_500);
    expect(new Set(delivered).size).toBe(2_500);
    expect(await redis.exists(`${'stream' in config ? config.stream : ''}:warm-up:${process.pid}`)).toBe(0);
  });

  it('says which consumers it cannot warm up', async () => {
    await expect(
      warmUpConsumer({ kind: 'bullmq', redis: url, instance: 'w', queue: 'q', concurrency: 1 }, 10, openConsumer),
    ).rejects.toThrow(/only stream consumers .* got bullmq/);
  });
});
