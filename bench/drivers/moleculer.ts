// Peer: @moleculer/channels with its Redis Streams adapter (one group per service, balanced
// instances, maxInFlight): the closest match to the engine's semantics.
import { createRequire } from 'node:module';
import type { Middleware as BrokerMiddleware, ServiceBroker as Broker } from 'moleculer';
import { isBenchEvent } from '../harness/payload';
import type { ConsumerConfig, ConsumerDriver, Deliver, ProducerConfig, ProducerDriver } from './types';

// Both packages are CommonJS; their declarations don't describe the runtime-added sendToChannel.
const require = createRequire(import.meta.url);
const { ServiceBroker } = require('moleculer') as typeof import('moleculer');
const { Middleware } = require('@moleculer/channels') as { Middleware: (options: { adapter: string }) => BrokerMiddleware };

interface ChannelBroker extends Broker {
  sendToChannel(channel: string, payload: unknown): Promise<void>;
}

function createBroker(redis: string, nodeID: string): ChannelBroker {
  return new ServiceBroker({
    nodeID,
    logger: false,
    middlewares: [Middleware({ adapter: redis })],
  }) as ChannelBroker;
}

export async function moleculerConsumer(
  config: Extract<ConsumerConfig, { kind: 'moleculer' }>,
  deliver: Deliver,
): Promise<ConsumerDriver> {
  const broker = createBroker(config.redis, config.instance);
  broker.createService({
    name: config.group,
    channels: {
      [config.stream]: {
        group: config.group,
        maxInFlight: config.maxInFlight,
        async handler(payload: unknown) {
          if (isBenchEvent(payload)) deliver(payload);
        },
      },
    },
  });
  return {
    // The broker subscribes when it starts; the bench parent creates the group beforehand.
    async start() {
      await broker.start();
    },
    async stop() {
      await broker.stop();
    },
  };
}

export async function moleculerProducer(config: Extract<ProducerConfig, { kind: 'moleculer' }>): Promise<ProducerDriver> {
  const broker = createBroker(config.redis, `producer-${process.pid}`);
  await broker.start();
  return {
    async send(events) {
      await Promise.all(events.map((event) => broker.sendToChannel(config.stream, event)));
    },
    async close() {
      await broker.stop();
    },
  };
}
