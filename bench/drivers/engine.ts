// The system under test: Streamscope's engine (electron/engine), with its defaults (presence
// heartbeats, claim pass, MAXLEN ~ 1e6) left on, as an application would run it.
import { EventConsumer, EventStreamService, RedisBroadcastingStream, eventStream } from '../../electron/engine';
import { isBenchEvent, type BenchEvent } from '../harness/payload';
import type { ConsumerConfig, ConsumerDriver, Deliver, ProducerConfig, ProducerDriver } from './types';

// Profiling knob, not used by `npm run bench`: BENCH_ENGINE_PRESENCE=off runs consumers without
// presence heartbeats, to see what they cost.
const presence = process.env.BENCH_ENGINE_PRESENCE === 'off' ? false : undefined;

export async function engineConsumer(
  config: Extract<ConsumerConfig, { kind: 'engine-batched' | 'engine-immediate' }>,
  deliver: Deliver,
): Promise<ConsumerDriver> {
  const service = new EventStreamService({ redis: config.redis, service: config.service, instance: config.instance, presence });
  await service.redis.ping();
  const stream = eventStream<BenchEvent>(config.stream);
  const consumer =
    config.kind === 'engine-batched'
      ? EventConsumer.batched<BenchEvent>({ maxBatchSize: config.maxBatchSize, maxLatency: config.maxLatencyMs }, (batch) => {
          for (const event of batch) if (isBenchEvent(event)) deliver(event);
        })
      : EventConsumer.immediate<BenchEvent>(
          (event) => {
            if (isBenchEvent(event)) deliver(event);
          },
          { concurrency: config.concurrency },
        );
  return {
    async start() {
      await service.subscribe(stream, consumer, { from: '0' });
    },
    async stop() {
      await service.close();
    },
  };
}

export async function engineProducer(config: Extract<ProducerConfig, { kind: 'engine' }>): Promise<ProducerDriver> {
  const service = new EventStreamService({ redis: config.redis, service: config.service, instance: `producer-${process.pid}` });
  await service.redis.ping();
  const producer = service.createProducer(eventStream<BenchEvent>(config.stream));
  return {
    async send(events) {
      if (events.length === 1) await producer.produce(events[0]);
      else await producer.produce(events);
    },
    async close() {
      await service.close();
    },
  };
}

export async function engineSubscriber(
  config: Extract<ConsumerConfig, { kind: 'engine-broadcast' }>,
  deliver: Deliver,
): Promise<ConsumerDriver> {
  const broadcasts = new RedisBroadcastingStream({ redis: config.redis });
  // Subscribed before 'ready', like the bare subscriber.
  await broadcasts.subscribe<BenchEvent>(config.channel, (message) => {
    if (isBenchEvent(message)) deliver(message);
  });
  return {
    async start() {},
    async stop() {
      await broadcasts.close();
    },
  };
}

export async function enginePublisher(config: Extract<ProducerConfig, { kind: 'engine-broadcast' }>): Promise<ProducerDriver> {
  const broadcasts = new RedisBroadcastingStream({ redis: config.redis });
  return {
    async send(events) {
      await Promise.all(events.map((event) => broadcasts.broadcast(event, config.channel)));
    },
    async close() {
      await broadcasts.close();
    },
  };
}
