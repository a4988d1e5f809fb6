// End to end through a consumer group: 1 producer process + 3 consumer processes, ~200 B events.
// Batched-style (100 per read) and one-at-a-time, for the bare loop, the engine and the peers.
import type { Family, Scenario, ScenarioContext } from '../harness/scenario';
import type { ProducerConfig } from '../drivers/types';
import { createGroups, FLOOD_100, group, measure } from './flows';

const INSTANCES = 3;
const events = (ctx: ScenarioContext) => (ctx.full ? 100_000 : 20_000);
/** One-at-a-time consumers are ~5× slower; fewer events keep the default run short. */
const singleEvents = (ctx: ScenarioContext) => (ctx.full ? 50_000 : 10_000);
const names = (ctx: ScenarioContext) => ({ stream: `${ctx.token}:events`, service: `${ctx.token}-svc` });

async function bare(ctx: ScenarioContext, count: number, total: number) {
  const { stream, service } = names(ctx);
  await createGroups(ctx.redisUrl, stream, [service]);
  return measure({
    groups: [group(service, ctx.redisUrl, INSTANCES, { kind: 'bare-stream', stream, group: service, count, blockMs: 100 })],
    producer: { kind: 'bare-stream', redis: ctx.redisUrl, stream },
    events: total,
    mode: FLOOD_100,
  });
}

async function engine(ctx: ScenarioContext, mode: 'batched' | 'immediate', total: number) {
  const { stream, service } = names(ctx);
  await createGroups(ctx.redisUrl, stream, [service]);
  const consumer =
    mode === 'batched'
      ? ({ kind: 'engine-batched', stream, service, maxBatchSize: 100, maxLatencyMs: 10 } as const)
      : ({ kind: 'engine-immediate', stream, service, concurrency: 1 } as const);
  return measure({
    groups: [group(service, ctx.redisUrl, INSTANCES, consumer)],
    producer: { kind: 'engine', redis: ctx.redisUrl, stream, service },
    events: total,
    mode: FLOOD_100,
  });
}

async function bullmq(ctx: ScenarioContext, concurrency: number, total: number) {
  const queue = `${ctx.token}-queue`;
  const producer: ProducerConfig = { kind: 'bullmq', redis: ctx.redisUrl, queues: [queue] };
  return measure({
    groups: [group(queue, ctx.redisUrl, INSTANCES, { kind: 'bullmq', queue, concurrency })],
    producer,
    events: total,
    mode: FLOOD_100,
  });
}

async function moleculer(ctx: ScenarioContext, maxInFlight: number, total: number) {
  const { stream, service } = names(ctx);
  await createGroups(ctx.redisUrl, stream, [service]);
  return measure({
    groups: [group(service, ctx.redisUrl, INSTANCES, { kind: 'moleculer', stream, group: service, maxInFlight })],
    producer: { kind: 'moleculer', redis: ctx.redisUrl, stream },
    events: total,
    mode: FLOOD_100,
  });
}

const scenarios: Scenario[] = [
  {
    id: 'consume.bare-count100',
    title: 'bare XREADGROUP COUNT 100 BLOCK 100 + one XACK per read',
    meaning: 'Baseline: 3 consumer processes in one group, each looping XREADGROUP COUNT 100 BLOCK 100 then one XACK of the ids read; the producer pipelines 100 XADDs at a time.',
    run: (ctx) => bare(ctx, 100, events(ctx)),
  },
  {
    id: 'consume.engine-batched',
    title: 'engine EventConsumer.batched(maxBatchSize 100, maxLatency 10 ms)',
    meaning: 'The engine end to end: producer.produce([100 events]) in one process, 3 instances of a Batched consumer (maxBatchSize 100, maxLatency 10 ms) in three others.',
    baseline: 'consume.bare-count100',
    run: (ctx) => engine(ctx, 'batched', events(ctx)),
  },
  {
    id: 'consume.bullmq-c100',
    title: 'BullMQ 6.7 Worker concurrency 100, addBulk of 100',
    meaning: 'Peer: one BullMQ queue, 3 Worker processes with concurrency 100, producer addBulk of 100 jobs (removeOnComplete).',
    baseline: 'consume.bare-count100',
    run: (ctx) => bullmq(ctx, 100, events(ctx)),
  },
  {
    id: 'consume.moleculer-if100',
    title: '@moleculer/channels 0.1.8 Redis adapter, maxInFlight 100',
    meaning: 'Peer: moleculer 0.14 brokers with the channels middleware (Redis Streams adapter), 3 consumer processes in one group with maxInFlight 100; producer sendToChannel × 100 at a time.',
    baseline: 'consume.bare-count100',
    run: (ctx) => moleculer(ctx, 100, events(ctx)),
  },
  {
    id: 'consume.bare-count1',
    title: 'bare XREADGROUP COUNT 1 + XACK per message',
    meaning: 'Baseline for one-at-a-time consumers: the same loop reading and acking one entry per round trip.',
    run: (ctx) => bare(ctx, 1, singleEvents(ctx)),
  },
  {
    id: 'consume.engine-immediate',
    title: 'engine EventConsumer.immediate, concurrency 1',
    meaning: 'The engine Immediate consumer with concurrency 1 (handler runs one event at a time, in order), 3 instances; its prefetch should remove the round trip per message.',
    baseline: 'consume.bare-count1',
    run: (ctx) => engine(ctx, 'immediate', singleEvents(ctx)),
  },
  {
    id: 'consume.bullmq-c1',
    title: 'BullMQ 6.7 Worker concurrency 1',
    meaning: 'Peer: BullMQ with concurrency 1 per Worker process, 3 processes.',
    baseline: 'consume.bare-count1',
    run: (ctx) => bullmq(ctx, 1, singleEvents(ctx)),
  },
  {
    id: 'consume.moleculer-if1',
    title: '@moleculer/channels maxInFlight 1',
    meaning: 'Peer: @moleculer/channels with maxInFlight 1 per consumer process, 3 processes.',
    baseline: 'consume.bare-count1',
    run: (ctx) => moleculer(ctx, 1, singleEvents(ctx)),
  },
];

export const consume: Family = {
  name: 'consume',
  scenarios,
  targets: [
    { label: 'Batched end to end', subject: 'consume.engine-batched', reference: 'consume.bare-count100', metric: 'msgsPerSec', atLeast: 0.8 },
    { label: 'Immediate vs COUNT 1 loop', subject: 'consume.engine-immediate', reference: 'consume.bare-count1', metric: 'msgsPerSec', atLeast: 2 },
    { label: 'Batched faster than BullMQ c100', subject: 'consume.engine-batched', reference: 'consume.bullmq-c100', metric: 'msgsPerSec', atLeast: 1 },
    { label: 'Batched faster than moleculer if100', subject: 'consume.engine-batched', reference: 'consume.moleculer-if100', metric: 'msgsPerSec', atLeast: 1 },
    { label: 'Immediate faster than BullMQ c1', subject: 'consume.engine-immediate', reference: 'consume.bullmq-c1', metric: 'msgsPerSec', atLeast: 1 },
    { label: 'Immediate faster than moleculer if1', subject: 'consume.engine-immediate', reference: 'consume.moleculer-if1', metric: 'msgsPerSec', atLeast: 1 },
  ],
};
