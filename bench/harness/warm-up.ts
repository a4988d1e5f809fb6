// Warm-up for a consumer process: it drains a backlog of its own with a consumer of the same kind
// (same code paths, same connection set-up), then that consumer is stopped and the stream deleted.
// What V8 has optimized by then stays optimized for the measured consumer that follows.
import { Redis } from 'ioredis';
import type { ConsumerConfig, ConsumerDriver, Deliver } from '../drivers/types';
import { sleep } from './clock';
import { fillStream } from './redis';

type Open = (config: ConsumerConfig, deliver: Deliver) => Promise<ConsumerDriver>;

/** The same consumer reading `stream` as `group`/service instead; only stream consumers can be warmed up this way. */
function onStream(config: ConsumerConfig, stream: string, group: string): ConsumerConfig {
  switch (config.kind) {
    case 'bare-stream':
      return { ...config, stream, group };
    case 'engine-batched':
    case 'engine-immediate':
      return { ...config, stream, service: group };
    default:
      throw new Error(`warm-up: only stream consumers (bare-stream, engine-*) can be warmed up, got ${config.kind}`);
  }
}

export async function warmUpConsumer(config: ConsumerConfig, events: number, open: Open): Promise<void> {
  const stream = `${'stream' in config ? config.stream : 'bench'}:warm-up:${process.pid}`;
  const group = 'warm-up';
  const warm = onStream(config, stream, group);
  const redis = new Redis(config.redis);
  try {
    await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
    await fillStream(redis, stream, events, 1000);
    let received = 0;
    const consumer = await open(warm, () => void received++);
    await consumer.start();
    const deadline = Date.now() + 50_000;
    while (received < events) {
      if (Date.now() > deadline) throw new Error(`warm-up: ${received} of ${events} events arrived in 50 s`);
      await sleep(5);
    }
    await consumer.stop();
  } finally {
    await redis.del(stream).catch(() => 0);
    redis.disconnect();
  }
}
