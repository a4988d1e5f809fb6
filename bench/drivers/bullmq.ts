// Peer: BullMQ, the default Redis job queue, set up as its documentation advises for throughput:
// several Worker processes each with a local concurrency factor, jobs added with addBulk (one
// queue) or FlowProducer.addBulk (the same jobs into several queues in one call: fan-out to two
// services is one queue per service), finished jobs removed (removeOnComplete / removeOnFail).
import { FlowProducer, Queue, Worker } from 'bullmq';
import { isBenchEvent } from '../harness/payload';
import type { ConsumerConfig, ConsumerDriver, Deliver, ProducerConfig, ProducerDriver } from './types';

const JOB_OPTIONS = { removeOnComplete: true, removeOnFail: true } as const;

export async function bullmqConsumer(config: Extract<ConsumerConfig, { kind: 'bullmq' }>, deliver: Deliver): Promise<ConsumerDriver> {
  const worker = new Worker(
    config.queue,
    async (job) => {
      const data: unknown = job.data;
      if (isBenchEvent(data)) deliver(data);
    },
    {
      connection: { url: config.redis, maxRetriesPerRequest: null },
      concurrency: config.concurrency,
      autorun: false,
      name: config.instance,
    },
  );
  await worker.waitUntilReady();
  let running: Promise<void> = Promise.resolve();
  return {
    async start() {
      running = worker.run();
    },
    async stop() {
      await worker.close();
      await running;
    },
  };
}

export async function bullmqProducer(config: Extract<ProducerConfig, { kind: 'bullmq' }>): Promise<ProducerDriver> {
  const connection = { url: config.redis };
  if (config.queues.length === 1) {
    const queue = new Queue(config.queues[0], { connection });
    await queue.waitUntilReady();
    return {
      async send(events) {
        if (events.length === 1) await queue.add('event', events[0], JOB_OPTIONS);
        else await queue.addBulk(events.map((data) => ({ name: 'event', data, opts: JOB_OPTIONS })));
      },
      close: () => queue.close(),
    };
  }
  const flows = new FlowProducer({ connection });
  await flows.waitUntilReady();
  return {
    async send(events) {
      await flows.addBulk(
        config.queues.flatMap((queueName) => events.map((data) => ({ name: 'event', queueName, data, opts: JOB_OPTIONS }))),
      );
    },
    close: () => flows.close(),
  };
}

/** Remove every key of a queue (its keys are named bull:<queue>:*). */
export async function obliterateQueue(redis: string, name: string): Promise<void> {
  const queue = new Queue(name, { connection: { url: redis } });
  await queue.obliterate({ force: true });
  await queue.close();
}
