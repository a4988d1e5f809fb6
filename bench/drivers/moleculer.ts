// Peer: @moleculer/channels with its Redis Streams adapter (one group per service, balanced
// instances, maxInFlight): the closest match to the engine's semantics. Its producer is one XADD
// per sendToChannel (field `payload`, JSON): the bench feeds it with the shared bare producer
// writing that format, so every stream consumer reads the same input.
import { createRequire } from 'node:module';
import type * as Moleculer from 'moleculer';
import type { Middleware as BrokerMiddleware, ServiceBroker as Broker } from 'moleculer';
import { isBenchEvent } from '../harness/payload';
import type { ConsumerConfig, ConsumerDriver, Deliver } from './types';

// Both packages are CommonJS; the channels middleware ships no usable declarations.
const require = createRequire(import.meta.url);
const { ServiceBroker } = require('moleculer') as typeof Moleculer;
const { Middleware } = require('@moleculer/channels') as { Middleware: (options: { adapter: string }) => BrokerMiddleware };

function createBroker(redis: string, nodeID: string): Broker {
  return new ServiceBroker({
    nodeID,
    logger: false,
    middlewares: [Middleware({ adapter: redis })],
  });
}

export async function moleculerConsumer(config: Extract<ConsumerConfig, { kind: 'moleculer' }>, deliver: Deliver): Promise<ConsumerDriver> {
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
