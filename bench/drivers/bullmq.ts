// Peer: BullMQ, the default Redis job queue. Fan-out to two services means two queues.
import { Queue, Worker } from 'bullmq';
import { isBenchEvent } from '../harness/payload';
import type { ConsumerConfig, ConsumerDriver, Deliver, ProducerConfig, ProducerDriver } from './types';

const JOB_OPTIONS = { removeOnComplete: true, removeOnFail: true } as const;

export async function bullmqConsumer(
  config: Extract<ConsumerConfig, { kind: 'bullmq' }>,
  deliver: Deliver,
): Promise<ConsumerDriver> {
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
  const queues = config.queues.map((name) => new Queue(name, { connection }));
  await Promise.all(queues.map((q) => q.waitUntilReady()));
  return {
    async send(events) {
      await Promise.all(
        queues.map((queue) =>
          events.length === 1
            ? queue.add('event', events[0], JOB_OPTIONS)
            : queue.addBulk(events.map((data) => ({ name: 'event', data, opts: JOB_OPTIONS }))),
        ),
      );
    },
    async close() {
      await Promise.all(queues.map((q) => q.close()));
    },
  };
}

/** Remove every key of a queue (its keys are named bull:<queue>:*). */
export async function obliterateQueue(redis: string, name: string): Promise<void> {
  const queue = new Queue(name, { connection: { url: redis } });
  await queue.obliterate({ force: true });
  await queue.close();
}
