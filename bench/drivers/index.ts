// Picks the driver for a config. Imports are dynamic so a worker loads only the library it runs
// (BullMQ and moleculer take a noticeable share of a short run to load).
import type { ConsumerConfig, ConsumerDriver, Deliver, ProducerConfig, ProducerDriver } from './types';

export async function openConsumer(config: ConsumerConfig, deliver: Deliver): Promise<ConsumerDriver> {
  switch (config.kind) {
    case 'bare-stream':
      return (await import('./bare-stream')).bareStreamConsumer(config, deliver);
    case 'bare-subscribe':
      return (await import('./bare-pubsub')).bareSubscriber(config, deliver);
    case 'engine-batched':
    case 'engine-immediate':
      return (await import('./engine')).engineConsumer(config, deliver);
    case 'engine-broadcast':
      return (await import('./engine')).engineSubscriber(config, deliver);
    case 'bullmq':
      return (await import('./bullmq')).bullmqConsumer(config, deliver);
    case 'moleculer':
      return (await import('./moleculer')).moleculerConsumer(config, deliver);
  }
}

export async function openProducer(config: ProducerConfig): Promise<ProducerDriver> {
  switch (config.kind) {
    case 'bare-stream':
      return (await import('./bare-stream')).bareStreamProducer(config);
    case 'bare-lua':
      return (await import('./bare-stream')).bareLuaProducer(config);
    case 'bare-publish':
      return (await import('./bare-pubsub')).barePublisher(config);
    case 'engine':
      return (await import('./engine')).engineProducer(config);
    case 'engine-broadcast':
      return (await import('./engine')).enginePublisher(config);
    case 'bullmq':
      return (await import('./bullmq')).bullmqProducer(config);
  }
}
