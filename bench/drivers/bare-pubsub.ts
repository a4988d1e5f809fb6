// The broadcast baseline: bare ioredis PUBLISH / SUBSCRIBE with the JSON as the payload.
import { Redis } from 'ioredis';
import { isBenchEvent } from '../harness/payload';
import type { ConsumerConfig, ConsumerDriver, Deliver, ProducerConfig, ProducerDriver } from './types';

export async function bareSubscriber(
  config: Extract<ConsumerConfig, { kind: 'bare-subscribe' }>,
  deliver: Deliver,
): Promise<ConsumerDriver> {
  const redis = new Redis(config.redis);
  redis.on('message', (_channel: string, message: string) => {
    const event: unknown = JSON.parse(message);
    if (isBenchEvent(event)) deliver(event);
  });
  // Subscribed before 'ready', so nothing published after the start signal is missed.
  await redis.subscribe(config.channel);
  return {
    async start() {},
    async stop() {
      await redis.quit();
    },
  };
}

export async function barePublisher(config: Extract<ProducerConfig, { kind: 'bare-publish' }>): Promise<ProducerDriver> {
  const redis = new Redis(config.redis);
  await redis.ping();
  return {
    async send(events) {
      // A window of PUBLISH calls in flight at once, like the engine's broadcast calls.
      await Promise.all(events.map((event) => redis.publish(config.channel, JSON.stringify(event))));
    },
    async close() {
      await redis.quit();
    },
  };
}
