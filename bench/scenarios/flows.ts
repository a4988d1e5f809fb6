// Builders shared by the flow-based families. Every consumer of a family reads the same input:
// one shared producer process writes it (pipelined bare XADDs in UCloud's format, or in
// @moleculer/channels' field for that peer), either before the consumers start (a backlog) or
// while they run (live). BullMQ cannot read a stream: its jobs come from BullMQ's own producer
// (addBulk), one queue per consuming service.
import { Redis } from 'ioredis';
import { runFlow, measureFlow, type FlowGroup } from '../harness/flow';
import { EVENT_BYTES } from '../harness/payload';
import { sized, type Measurement, type ScenarioContext } from '../harness/scenario';
import { MOLECULER_FIELD, type BareReplyHandling, type ConsumerConfig, type ProduceMode, type ProducerConfig } from '../drivers/types';

export type WithoutIdentity<C> = C extends unknown ? Omit<C, 'redis' | 'instance'> : never;

export function group(label: string, redis: string, instances: number, consumer: WithoutIdentity<ConsumerConfig>): FlowGroup {
  return {
    label,
    instances: Array.from({ length: instances }, (_, i) => ({ ...consumer, redis, instance: `${label}-${i + 1}` }) as ConsumerConfig),
  };
}

/** Create consumer groups at '0' (and the stream), so entries produced before consumers start count. */
export async function createGroups(redisUrl: string, stream: string, groups: string[]): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    for (const name of groups) await redis.xgroup('CREATE', stream, name, '0', 'MKSTREAM');
  } finally {
    redis.disconnect();
  }
}

/** A system under test as a consumer: what it reads, and its consumer for one service (group). */
export interface ConsumerSystem {
  /** ucloud / moleculer: a stream written by the shared bare producer; bullmq: one queue per service. */
  input: 'ucloud' | 'moleculer' | 'bullmq';
  consumer(stream: string, service: string): WithoutIdentity<ConsumerConfig>;
}

export const BARE_BLOCK_MS = 100;

/** The baseline loop; `reply` says how it reads each reply (see ConsumerConfig), the engine's way by default. */
export const bareLoop = (count: number, reply: BareReplyHandling = 'bytes'): ConsumerSystem => ({
  input: 'ucloud',
  consumer: (stream, service) => ({ kind: 'bare-stream', stream, group: service, count, blockMs: BARE_BLOCK_MS, reply }),
});
export const engineBatched: ConsumerSystem = {
  input: 'ucloud',
  consumer: (stream, service) => ({ kind: 'engine-batched', stream, service, maxBatchSize: 100, maxLatencyMs: 10 }),
};
export const engineImmediate: ConsumerSystem = {
  input: 'ucloud',
  consumer: (stream, service) => ({ kind: 'engine-immediate', stream, service, concurrency: 1 }),
};
export const bullmqWorkers = (concurrency: number): ConsumerSystem => ({
  input: 'bullmq',
  consumer: (_stream, service) => ({ kind: 'bullmq', queue: service, concurrency }),
});
export const moleculerChannels = (maxInFlight: number): ConsumerSystem => ({
  input: 'moleculer',
  consumer: (stream, service) => ({ kind: 'moleculer', stream, group: service, maxInFlight }),
});

export interface FlowRun {
  redisUrl: string;
  token: string;
  system: ConsumerSystem;
  /** Consumer groups (services); each must receive every event. */
  services: string[];
  instances: number;
  events: number;
  mode: ProduceMode;
  /** Write everything first, then start the consumers. */
  backlog: boolean;
  /** Events each consumer process drains of its own first (warm code); absent: cold processes. */
  warmUp?: number;
}

/** The shared producer for a system's input. */
function producerFor(run: FlowRun, stream: string, queues: string[]): ProducerConfig {
  switch (run.system.input) {
    case 'ucloud':
      return { kind: 'bare-stream', redis: run.redisUrl, stream };
    case 'moleculer':
      return { kind: 'bare-stream', redis: run.redisUrl, stream, field: MOLECULER_FIELD };
    case 'bullmq':
      return { kind: 'bullmq', redis: run.redisUrl, queues };
  }
}

export async function measure(run: FlowRun): Promise<Measurement> {
  const stream = `${run.token}:events`;
  const services = run.services.map((s) => `${run.token}-${s}`);
  if (run.system.input !== 'bullmq') await createGroups(run.redisUrl, stream, services);
  const outcome = await runFlow({
    groups: services.map((service) => group(service, run.redisUrl, run.instances, run.system.consumer(stream, service))),
    producer: { producer: producerFor(run, stream, services), events: run.events, mode: run.mode },
    backlog: run.backlog,
    redisUrl: run.redisUrl,
    warmUp: run.warmUp,
  });
  return measureFlow(outcome, run.events, EVENT_BYTES);
}

export const FLOOD_100: ProduceMode = { kind: 'flood', batch: 100 };

/** Events each consumer process drains of its own first in the warm rows: V8 has optimized what a long-running service runs. */
export const warmUpEvents = (ctx: ScenarioContext) => sized(ctx, { quick: 1_000, default: 100_000, full: 100_000 });
