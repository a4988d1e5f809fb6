// Builders shared by the flow-based families: N instances of a consumer, a producer job, and the
// group pre-creation that lets a backlog be produced before any consumer exists.
import { Redis } from 'ioredis';
import { runFlow, measureFlow, type FlowGroup } from '../harness/flow';
import { EVENT_BYTES } from '../harness/payload';
import type { Measurement } from '../harness/scenario';
import type { ConsumerConfig, ProduceMode, ProducerConfig } from '../drivers/types';

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

export interface FlowRun {
  groups: FlowGroup[];
  producer: ProducerConfig;
  events: number;
  mode: ProduceMode;
  backlog?: boolean;
}

export async function measure(run: FlowRun): Promise<Measurement> {
  const outcome = await runFlow({
    groups: run.groups,
    producer: { producer: run.producer, events: run.events, mode: run.mode },
    backlog: run.backlog ?? false,
  });
  return measureFlow(outcome, run.events, EVENT_BYTES);
}

export const FLOOD_100: ProduceMode = { kind: 'flood', batch: 100 };
